import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, Clock, DATABASE_URL, RedisConnection, RedisScript } from '#core';

/**
 * Token buckets per address for the public verify endpoint (someone guessing codes in a loop): `burst` lookups at
 * once, refilled at `perSecond`. In the process on one machine; in Redis when instances share one (REDIS_URL), so a
 * loop spread over instances is limited as one. Malformed and well-formed codes take from the same bucket.
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
  local wait = 0
  if tokens >= 1 then
    tokens = tokens - 1
  else
    wait = math.ceil((1 - tokens) / rate * 1000)
  end
  redis.call('HSET', KEYS[1], 't', tostring(tokens), 'at', tostring(at))
  redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate * 1000) + 1000)
  return wait`,
  1,
);

@Injectable()
export class VerifyRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly prefix: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_URL) databaseUrl: string,
    private readonly redis: RedisConnection,
    private readonly clock: Clock,
  ) {
    this.prefix = `cert:verify:${createHash('sha256').update(databaseUrl).digest('hex').slice(0, 12)}`;
  }

  /**
   * Takes one lookup from the address's bucket: 0 when taken, else the whole seconds until the bucket holds one again
   * (the 429's Retry-After).
   */
  async tryTake(address: string): Promise<number> {
    const burst = this.config.certificateVerifyBurst;
    const perSecond = this.config.certificateVerifyPerSecond;
    const now = this.clock.nowMs();
    if (this.redis.client) {
      const waitMs = await TAKE.run(this.redis.client, `${this.prefix}:${address}`, burst, perSecond, now);
      return waitMs > 0 ? Math.max(1, Math.ceil(waitMs / 1000)) : 0;
    }
    const bucket = this.buckets.get(address) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * perSecond);
    bucket.at = Math.max(bucket.at, now);
    if (this.buckets.size > 100_000) this.sweep(now);
    this.buckets.set(address, bucket);
    if (bucket.tokens < 1) return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
    bucket.tokens -= 1;
    return 0;
  }

  /** Forgets buckets that are full again (they hold no information), so a crowd of addresses cannot grow the map. */
  private sweep(now: number): void {
    const { certificateVerifyBurst: burst, certificateVerifyPerSecond: perSecond } = this.config;
    for (const [address, b] of this.buckets)
      if (b.tokens + ((now - b.at) / 1000) * perSecond >= burst) this.buckets.delete(address);
  }
}
