import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, TokenService } from '#core';
import { UserRepository } from '../users/user.repository.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';

/** How often an instance clears the sign-in back-off of keys that have nothing left to say. */
const THROTTLE_PRUNE_MS = 60 * 60 * 1000;

/**
 * A disabled account loses access at once on the instance that disabled it and within `pollMs` on every other: each
 * instance reads the accounts disabled within an access token's lifetime (older ones hold no unexpired token, and
 * cannot sign in for a new one) and hands them to the token service, which refuses their tokens (ACCOUNT_DISABLED).
 * Access tokens are verified without the database, so without this a disabled participant could go on saving answers
 * until their token expired (up to an hour).
 *
 * The same poll carries the accounts whose roles, unit or password changed within a token's lifetime, with their
 * authorization version: a token issued under an older version is refused (TOKEN_REVOKED), so a demoted organizer
 * loses their powers as fast as a disabled account. Both lists are short, read through partial indexes, and checked
 * in memory: the answer-save path reads nothing more from the database.
 */
@Injectable()
export class DisabledAccounts implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DisabledAccounts');
  private timer: NodeJS.Timeout | null = null;
  /** How often each instance reads the list. */
  pollMs = 5000;
  private prunedAt = Date.now();

  constructor(
    private readonly users: UserRepository,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottleRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.schedule();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Reads the list now; on failure (the database away) the last list stays in force. */
  async refresh(): Promise<void> {
    try {
      // A minute beyond the token lifetime: clocks of the database and the instances need not agree to the second.
      const seconds = this.config.accessTokenTtlSeconds + 60;
      const [disabled, changed] = await Promise.all([
        this.users.recentlyDisabled(seconds),
        this.users.recentlyChangedAuthz(seconds),
      ]);
      this.tokens.setDisabledUsers(disabled);
      this.tokens.setAuthzVersions(changed);
      // Riding on this timer rather than a timer of its own: an hourly DELETE that needs no coordination.
      if (Date.now() - this.prunedAt > THROTTLE_PRUNE_MS) {
        this.prunedAt = Date.now();
        await this.throttle.prune();
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'reading the disabled accounts failed; the last list stays in force');
    }
  }

  /** The instance that disables or re-enables an account applies it at once. */
  changed(userId: string, status: 'active' | 'disabled'): void {
    if (status === 'disabled') this.tokens.disableUser(userId);
    else this.tokens.enableUser(userId);
  }

  /** The instance that changed an account's roles, unit or password applies it at once. */
  authzChanged(changes: { userId: string; version: number }[]): void {
    for (const { userId, version } of changes) this.tokens.authzChanged(userId, version);
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      void this.refresh().finally(() => {
        if (this.timer) this.schedule();
      });
    }, this.pollMs);
    this.timer.unref();
  }
}
