import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import {
  type JoinLimits,
  JoinRateLimiter,
  MemoryJoinRateLimiter,
  RedisJoinRateLimiter,
} from '../../../libs/live-contest/src/index.js';
import { describeNeeding, itNeeding, REDIS_URL } from '../../support/requirements.js';

// Without REDIS_URL the Redis cases are skipped, and say so; the connections are made only with it.
const redis = REDIS_URL ? new Redis(REDIS_URL, { maxRetriesPerRequest: 2 }) : null!;
/** A second connection: another instance taking from the same buckets. */
const redisOther = REDIS_URL ? new Redis(REDIS_URL, { maxRetriesPerRequest: 2 }) : null!;
afterAll(async () => {
  await Promise.all([redis?.quit(), redisOther?.quit()]);
});

/** Limiters that share their buckets (two instances of one deployment), with limits the test may change. */
type Pair = { one: JoinRateLimiter; two: JoinRateLimiter; limits: JoinLimits };

const adapters: [string, (limits: JoinLimits) => Pair][] = [
  [
    'in-process',
    (limits) => {
      const one = new MemoryJoinRateLimiter(() => limits);
      return { one, two: one, limits };
    },
  ],
  [
    'Redis',
    (limits) => {
      const prefix = `test-join-${randomUUID().slice(0, 8)}`;
      return {
        one: new RedisJoinRateLimiter(redis, prefix, () => limits),
        two: new RedisJoinRateLimiter(redisOther, prefix, () => limits),
        limits,
      };
    },
  ],
];

const T0 = 1_700_000_000_000;

async function takeMany(limiter: JoinRateLimiter, address: string, n: number, at = T0): Promise<number> {
  let taken = 0;
  for (let i = 0; i < n; i++) if (await limiter.tryTake(address, at)) taken++;
  return taken;
}

for (const [name, make] of adapters)
  describeNeeding(name === 'Redis' ? { REDIS_URL } : {})(`join rate limiter contract: ${name}`, () => {
    it('gives a burst at once, then refuses until time refills the bucket', async () => {
      const { one } = make({ burst: 5, perSecond: 2 });
      expect(await takeMany(one, '10.0.0.1', 8)).toBe(5);
      expect(await one.tryTake('10.0.0.1', T0 + 400)).toBe(false);
      // 1.5 s at 2 per second: 3 joins back, not 4.
      expect(await takeMany(one, '10.0.0.1', 5, T0 + 1500)).toBe(3);
    });

    it('never holds more than the burst, however long the address was idle', async () => {
      const { one } = make({ burst: 3, perSecond: 10 });
      expect(await takeMany(one, 'a', 3)).toBe(3);
      expect(await takeMany(one, 'a', 10, T0 + 3_600_000)).toBe(3);
    });

    it('keeps one bucket per address', async () => {
      const { one } = make({ burst: 2, perSecond: 0.001 });
      expect(await takeMany(one, '192.0.2.1', 4)).toBe(2);
      expect(await takeMany(one, '192.0.2.2', 4)).toBe(2);
      expect(await takeMany(one, '2001:db8::1', 4)).toBe(2);
    });

    it('counts a flood spread over instances as one: never more than the burst, even all at once', async () => {
      const { one, two } = make({ burst: 10, perSecond: 0.001 });
      const tries = Array.from({ length: 60 }, (_, i) => (i % 2 ? one : two).tryTake('203.0.113.9', T0));
      const taken = (await Promise.all(tries)).filter(Boolean).length;
      expect(taken).toBe(10);
      expect(await two.tryTake('203.0.113.9', T0 + 10)).toBe(false);
    });

    it('does not refill when a caller’s clock is behind the last take', async () => {
      const { one, two } = make({ burst: 2, perSecond: 1 });
      expect(await takeMany(one, 'skew', 2, T0 + 5000)).toBe(2);
      expect(await two.tryTake('skew', T0)).toBe(false);
      expect(await two.tryTake('skew', T0 + 5000)).toBe(false);
      expect(await two.tryTake('skew', T0 + 6000)).toBe(true);
    });

    it('reads the limits on every call (they may change while running)', async () => {
      const { one, limits } = make({ burst: 1, perSecond: 0.001 });
      expect(await takeMany(one, 'x', 3)).toBe(1);
      limits.burst = 4;
      limits.perSecond = 1000;
      expect(await takeMany(one, 'x', 10, T0 + 1000)).toBe(4);
    });
  });

describe('join rate limiter: forgetting idle addresses', () => {
  it('in-process: a sweep drops buckets that are full again and keeps the others', async () => {
    const limiter = new MemoryJoinRateLimiter(() => ({ burst: 2, perSecond: 1 }));
    await limiter.tryTake('idle', T0);
    await limiter.tryTake('busy', T0 + 1500);
    await limiter.tryTake('busy', T0 + 1500);
    limiter.sweep(T0 + 1500);
    expect(limiter.size).toBe(1);
    limiter.sweep(T0 + 3500);
    expect(limiter.size).toBe(0);
  });

  itNeeding({ REDIS_URL })('Redis: the bucket’s key expires about when the bucket would be full again', async () => {
    const prefix = `test-join-${randomUUID().slice(0, 8)}`;
    const limiter = new RedisJoinRateLimiter(redis, prefix, () => ({ burst: 10, perSecond: 2 }));
    await takeMany(limiter, 'ttl', 4);
    // 4 tokens short at 2 per second: full in 2 s, forgotten a second after that.
    const ttl = await redis.pttl(`${prefix}:join:ttl`);
    expect(ttl).toBeGreaterThan(2000);
    expect(ttl).toBeLessThanOrEqual(3000);
  });
});
