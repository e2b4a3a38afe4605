import type { Redis } from 'ioredis';
import { RedisScript } from '#core';

export interface JoinLimits {
  /** Joins an address may make at once. */
  burst: number;
  /** Joins per second it gets back after that. */
  perSecond: number;
}

/**
 * Token buckets per address: `burst` joins at once, refilled at `perSecond`. Limits are read on every call so they
 * can change at run time (tests and benchmarks change LiveSettings). Two adapters, like the game state: in the
 * process on one machine, in Redis when instances share one, so a flood spread across instances is limited as one.
 */
export abstract class JoinRateLimiter {
  constructor(protected readonly limits: () => JoinLimits) {}

  /** Takes one join from the address's bucket; false when the bucket is empty. */
  abstract tryTake(address: string, nowMs: number): Promise<boolean>;

  /** Drops buckets that have refilled completely (they hold no information). */
  abstract sweep(nowMs: number): void;
}

/** One machine: the buckets in a map. Idle buckets are swept so a crowd of addresses cannot grow it without bound. */
export class MemoryJoinRateLimiter extends JoinRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  tryTake(address: string, nowMs: number): Promise<boolean> {
    const { burst, perSecond } = this.limits();
    const bucket = this.buckets.get(address) ?? { tokens: burst, at: nowMs };
    bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, nowMs - bucket.at) / 1000) * perSecond);
    bucket.at = Math.max(bucket.at, nowMs);
    if (this.buckets.size > 100_000) this.sweep(nowMs);
    this.buckets.set(address, bucket);
    if (bucket.tokens < 1) return Promise.resolve(false);
    bucket.tokens -= 1;
    return Promise.resolve(true);
  }

  sweep(nowMs: number): void {
    const { burst, perSecond } = this.limits();
    for (const [address, bucket] of this.buckets) {
      if (bucket.tokens + ((nowMs - bucket.at) / 1000) * perSecond >= burst) this.buckets.delete(address);
    }
  }

  get size(): number {
    return this.buckets.size;
  }
}

/**
 * The same bucket as one Lua script (atomic: two instances taking from one bucket at once never both get the last
 * token). The key expires once the bucket would be full again, so Redis forgets idle addresses by itself. Time is
 * the caller's clock; a bucket never goes back in time when instances' clocks differ a little.
 */
const TAKE = new RedisScript<number>(
  `
  local burst = tonumber(ARGV[1])
  local rate = tonumber(ARGV[2])
  local now = tonumber(ARGV[3])
  local b = redis.call('HMGET', KEYS[1], 't', 'at')
  local tokens = tonumber(b[1]) or burst
  local at = tonumber(b[2]) or now
  if now > at then
    tokens = math.min(burst, tokens + (now - at) / 1000 * rate)
    at = now
  end
  local taken = 0
  if tokens >= 1 then
    tokens = tokens - 1
    taken = 1
  end
  redis.call('HSET', KEYS[1], 't', tostring(tokens), 'at', tostring(at))
  local refillMs = 86400000
  if rate > 0 then refillMs = math.min(refillMs, math.ceil((burst - tokens) / rate * 1000)) end
  redis.call('PEXPIRE', KEYS[1], refillMs + 1000)
  return taken`,
  1,
);

export class RedisJoinRateLimiter extends JoinRateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    limits: () => JoinLimits,
  ) {
    super(limits);
  }

  async tryTake(address: string, nowMs: number): Promise<boolean> {
    const { burst, perSecond } = this.limits();
    return (await TAKE.run(this.redis, `${this.prefix}:join:${address}`, burst, perSecond, nowMs)) === 1;
  }

  sweep(): void {
    // Keys expire in Redis once their bucket is full again.
  }
}

const PRIVATE = [/^127\./, /^::1$/, /^::ffff:127\./, /^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^f[cd]/i];

/**
 * The client's address. X-Forwarded-For is believed only from a proxy on a private or loopback address (nginx in the
 * compose file), and then only its last entry, the one that proxy itself appended.
 */
export function clientAddress(remote: string | undefined, forwardedFor: string | string[] | undefined): string {
  const peer = (remote ?? '').replace(/^::ffff:(?=\d+\.)/, '');
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  if (!header || !PRIVATE.some((re) => re.test(remote ?? ''))) return peer;
  const hops = header
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  return hops[hops.length - 1] ?? peer;
}
