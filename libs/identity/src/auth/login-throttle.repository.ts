import { isIPv6 } from 'node:net';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** How a kind of key is slowed: `free` failures cost nothing, each further one doubles the wait, up to `maxSeconds`. */
interface BackOff {
  free: number;
  maxSeconds: number;
}

/**
 * Sign-in back-off. Per account and address: the owner mistyping, or a guesser at one address. Per address: one
 * guesser trying many accounts (high, since a whole school signs in from one address). Per account: guessers spread
 * over many addresses; it does not apply from an address where the account signed in before, so a guesser elsewhere
 * cannot shut the owner out from their usual address. Failures are forgotten an hour after the last one.
 */
export const LOGIN_BACK_OFF = {
  pair: { free: 5, maxSeconds: 15 * 60 },
  address: { free: 50, maxSeconds: 15 * 60 },
  account: { free: 10, maxSeconds: 15 * 60 },
  forgetAfterMinutes: 60,
  /** A successful sign-in from an address makes it the account's known address for this long. */
  knownAddressDays: 90,
} as const satisfies Record<string, BackOff | number>;

/** Addresses as the throttle counts them: an IPv6 client usually holds a whole /64, so it counts as one. */
export function addressKey(ip: string): string {
  if (!isIPv6(ip) || ip.startsWith('::ffff:')) return ip.replace(/^::ffff:/, '');
  const [head = '', tail = ''] = ip.split('%')[0]!.split('::');
  const part = (text: string) => text.split(':').filter(Boolean);
  const groups = ip.includes('::')
    ? [...part(head), ...Array<string>(8 - part(head).length - part(tail).length).fill('0'), ...part(tail)]
    : part(head);
  return `${groups.slice(0, 4).join(':')}::/64`;
}

const keys = (username: string, address: string) => ({
  account: `u:${username}`,
  address: `a:${addressKey(address)}`,
  pair: `p:${username}|${addressKey(address)}`,
});

@Injectable()
export class LoginThrottleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Admits one sign-in attempt: the seconds to wait when any of its keys waits, else 0 with the attempt already
   * counted as a failure (`succeeded` takes it back). Checking and counting under the rows' locks, in one
   * transaction, is what stops a guesser from sending a hundred attempts at once past a check that none has counted
   * yet. Locks are taken in key order, so two attempts never wait on each other in a circle.
   */
  async begin(username: string, address: string): Promise<number> {
    const k = keys(username, address);
    const sorted = [k.account, k.address, k.pair].sort();
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO login_throttle (key, count, window_started_at, last_at)
         SELECT key, 0, now(), now() FROM unnest($1::text[]) AS key ON CONFLICT (key) DO NOTHING`,
        [sorted],
      );
      const rows: { key: string; wait: number; known: boolean }[] = await manager.query(
        `SELECT key, greatest(0, ceil(extract(epoch FROM blocked_until - now())))::int AS wait,
                coalesce(last_success_at > now() - make_interval(days => $2), false) AS known
         FROM login_throttle WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE`,
        [sorted, LOGIN_BACK_OFF.knownAddressDays],
      );
      const of = (key: string) => rows.find((r) => r.key === key);
      const knownAddress = of(k.pair)?.known ?? false;
      const wait = Math.max(
        of(k.address)?.wait ?? 0,
        of(k.pair)?.wait ?? 0,
        knownAddress ? 0 : (of(k.account)?.wait ?? 0),
      );
      if (wait === 0) await this.countFailure(manager, k);
      return wait;
    });
  }

  /** Counts a failure under the three keys; past the free allowance each waits 2^(n − free − 1) s, at most its cap. */
  private async countFailure(manager: EntityManager, k: ReturnType<typeof keys>): Promise<void> {
    const kinds = [LOGIN_BACK_OFF.account, LOGIN_BACK_OFF.address, LOGIN_BACK_OFF.pair];
    // SET sees the row as it was, so the failure count `n` is spelled out where the wait needs it.
    const n = `(CASE WHEN t.last_at < now() - make_interval(mins => $4) THEN 1 ELSE t.count + 1 END)`;
    const at = 'array_position($1::text[], t.key)';
    await manager.query(
      `UPDATE login_throttle AS t SET
         count = ${n},
         window_started_at = CASE WHEN ${n} = 1 THEN now() ELSE t.window_started_at END,
         last_at = now(),
         blocked_until = CASE WHEN ${n} > ($2::int[])[${at}]
           THEN now() + make_interval(secs => least(power(2, least(${n} - ($2::int[])[${at}] - 1, 30)),
                                                    ($3::int[])[${at}]))
         END
       WHERE t.key = ANY($1::text[])`,
      [
        [k.account, k.address, k.pair],
        kinds.map((b) => b.free),
        kinds.map((b) => b.maxSeconds),
        LOGIN_BACK_OFF.forgetAfterMinutes,
      ],
    );
  }

  /**
   * The attempt `begin` admitted was right: the address gets its count back, the account's and the pair's back-off
   * start over, and the address becomes one the account is known at. One row per statement, so no statement here
   * holds one key's lock while waiting for another's.
   */
  async succeeded(username: string, address: string): Promise<void> {
    const k = keys(username, address);
    await this.dataSource.query(
      `UPDATE login_throttle SET count = greatest(count - 1, 0),
         blocked_until = CASE WHEN count - 1 > $2 THEN blocked_until END
       WHERE key = $1`,
      [k.address, LOGIN_BACK_OFF.address.free],
    );
    await this.dataSource.query(
      'UPDATE login_throttle SET count = 0, blocked_until = NULL, last_success_at = now() WHERE key = $1',
      [k.pair],
    );
    await this.dataSource.query('UPDATE login_throttle SET count = 0, blocked_until = NULL WHERE key = $1', [
      k.account,
    ]);
  }

  /** Forgets keys with nothing left to say: no wait, no recent failure, no known address within its keeping time. */
  async prune(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM login_throttle
       WHERE (blocked_until IS NULL OR blocked_until < now())
         AND last_at < now() - make_interval(mins => greatest($1::int, 60))
         AND (last_success_at IS NULL OR last_success_at < now() - make_interval(days => $2))`,
      [LOGIN_BACK_OFF.forgetAfterMinutes, LOGIN_BACK_OFF.knownAddressDays],
    );
  }

  /**
   * Counts one registration from an address in a fixed window of an hour: the seconds to wait when the window already
   * held `limit` of them, else 0.
   */
  async takeRegistration(address: string, limit: number): Promise<number> {
    const rows: { count: number; wait: number }[] = await this.dataSource.query(
      `INSERT INTO login_throttle AS t (key, count, window_started_at, last_at)
       VALUES ($1, 1, now(), now())
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN t.window_started_at < now() - interval '1 hour' THEN 1 ELSE t.count + 1 END,
         window_started_at = CASE WHEN t.window_started_at < now() - interval '1 hour' THEN now()
                                  ELSE t.window_started_at END,
         last_at = now()
       RETURNING count, greatest(1, ceil(extract(epoch FROM window_started_at + interval '1 hour' - now())))::int AS wait`,
      [`r:${addressKey(address)}`],
    );
    return rows[0]!.count > limit ? rows[0]!.wait : 0;
  }
}
