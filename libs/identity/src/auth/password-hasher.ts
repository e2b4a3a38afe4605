import { Inject, Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { APP_CONFIG, AppError, type AppConfig } from '#core';

/**
 * argon2id at OWASP's second recommended setting (19 MiB, t=2, p=1). Each hash takes one libuv thread; running at most
 * `passwordHashConcurrency` at once keeps the other threads free for the rest of the app, and a bounded queue turns a
 * login storm into quick SERVER_BUSY answers rather than a server that stops answering everyone.
 */
export const ARGON2_PARAMS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  hash(password: string): Promise<string> {
    return this.limited(() => argon2.hash(password, ARGON2_PARAMS));
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
