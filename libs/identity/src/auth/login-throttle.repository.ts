import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export const THROTTLE = { maxFailures: 5, windowMinutes: 15, lockMinutes: 15 } as const;

@Injectable()
export class LoginThrottleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Seconds until the account may try again, or 0 when it is not locked. */
  async lockedForSeconds(username: string): Promise<number> {
    const rows: { seconds: number }[] = await this.dataSource.query(
      `SELECT ceil(extract(epoch FROM locked_until - now()))::int AS seconds
       FROM login_throttle WHERE username = $1 AND locked_until > now()`,
      [username],
    );
    return rows[0]?.seconds ?? 0;
  }

  /** Counts a failure in one atomic upsert; the failure that reaches the limit locks the account for a while. */
  async recordFailure(username: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO login_throttle (username, failures, window_started_at, locked_until)
       VALUES ($1, 1, now(), NULL)
       ON CONFLICT (username) DO UPDATE SET
         failures = CASE WHEN login_throttle.window_started_at < now() - make_interval(mins => $2)
                         THEN 1 ELSE login_throttle.failures + 1 END,
         window_started_at = CASE WHEN login_throttle.window_started_at < now() - make_interval(mins => $2)
                         THEN now() ELSE login_throttle.window_started_at END,
         locked_until = CASE WHEN login_throttle.window_started_at >= now() - make_interval(mins => $2)
                              AND login_throttle.failures + 1 >= $3
                         THEN now() + make_interval(mins => $4) ELSE login_throttle.locked_until END`,
      [username, THROTTLE.windowMinutes, THROTTLE.maxFailures, THROTTLE.lockMinutes],
    );
  }

  async clear(username: string): Promise<void> {
    await this.dataSource.query('DELETE FROM login_throttle WHERE username = $1', [username]);
  }
}
