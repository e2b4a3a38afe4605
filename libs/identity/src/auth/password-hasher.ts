import { Inject, Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { APP_CONFIG, AppError, type AppConfig } from '#core';

/**
 * argon2id at OWASP's second recommended setting (19 MiB, t=2, p=1). Each hash takes one libuv thread; running at most
 * `passwordHashConcurrency` at once keeps the other threads free for the rest of the app, and a bounded queue turns a
 * login storm into quick SERVER_BUSY answers rather than a server that stops answering everyone.
 */
export const ARGON2_PARAMS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/**
 * For initial passwords the server generated itself (member imports): random 70-bit secrets cannot be guessed whatever
 * the hash cost, so a light argon2id setting (about 2 ms instead of 45 ms here) lets an import of thousands of members
 * finish within one request. The hash is upgraded to ARGON2_PARAMS at the account's first sign-in.
 */
export const INITIAL_ARGON2_PARAMS = { type: argon2.argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private admitted = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  hash(password: string): Promise<string> {
    return this.limited(() => argon2.hash(password, ARGON2_PARAMS));
  }

  /** Only for server-generated random passwords (see INITIAL_ARGON2_PARAMS); same bounded queue as every hash. */
  hashInitial(password: string): Promise<string> {
    return this.limited(() => argon2.hash(password, INITIAL_ARGON2_PARAMS));
  }

  /** Hashes many generated passwords, never holding more than the concurrency limit's worth of queue places. */
  async hashInitialMany(passwords: string[]): Promise<string[]> {
    const hashes: string[] = new Array<string>(passwords.length);
    let next = 0;
    const worker = async () => {
      while (next < passwords.length) {
        const i = next++;
        hashes[i] = await this.hashInitial(passwords[i]!);
      }
    };
    await Promise.all(Array.from({ length: this.config.passwordHashConcurrency }, worker));
    return hashes;
  }

  /** A hash made with weaker parameters than today's (an initial password, an older setting). */
  needsUpgrade(hash: string): boolean {
    try {
      return argon2.needsRehash(hash, ARGON2_PARAMS);
    } catch {
      return false;
    }
  }

  verify(hash: string, password: string): Promise<boolean> {
    return this.limited(() => argon2.verify(hash, password).catch(() => false));
  }

  /** A hash of a random password, verified against when the account does not exist so timing does not reveal it. */
  private dummyHash: Promise<string> | undefined;
  async verifyAgainstDummy(password: string): Promise<void> {
    this.dummyHash ??= this.hash('dummy password for timing');
    await this.verify(await this.dummyHash, password);
  }

  /**
   * Admission for a whole request that will hash (a sign-in): refused with SERVER_BUSY before it touches the database
   * when as many are in flight as the hashing slots and queue can take. Without it a burst waits for database
   * connections first and learns it is refused only seconds later.
   */
  async admit<T>(work: () => Promise<T>): Promise<T> {
    if (this.admitted >= this.config.passwordHashConcurrency + this.config.passwordHashQueueLimit) {
      throw new AppError('SERVER_BUSY');
    }
    this.admitted++;
    try {
      return await work();
    } finally {
      this.admitted--;
    }
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.config.passwordHashConcurrency) {
      if (this.waiting.length >= this.config.passwordHashQueueLimit) throw new AppError('SERVER_BUSY');
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `running` only drops when nobody waits.
      if (next) next();
      else this.running--;
    }
  }
}
