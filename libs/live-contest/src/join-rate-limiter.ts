import type { Redis } from 'ioredis';
import { RedisScript } from '#core';

export interface JoinLimits {
  /** Joins an address may make at once. */
  burst: number;
  /** Joins per second it gets back after that. */
  perSecond: number;
}

/**
 * How long a join refused as RATE_LIMITED counts its client as waiting: the portal retries with a back-off of up to
 * 8 s (×1.5 jitter), so a client still trying is seen again within this.
 */
export const WAITING_WINDOW_MS = 15_000;

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

  /**
   * The client (a socket id) was refused a join to the game with this PIN: it is waiting (the portal retries by
   * itself), for the host to see how many are, until it gets in, leaves or stops trying (WAITING_WINDOW_MS).
   */
  abstract noteRefused(pin: string, clientId: string, nowMs: number): Promise<void>;
  /** The client got in or left: no longer waiting. */
  abstract noteSettled(pin: string, clientId: string): Promise<void>;
  /** Clients refused within WAITING_WINDOW_MS and not settled since. */
  abstract waitingCount(pin: string, nowMs: number): Promise<number>;
}

/** One machine: the buckets in a map. Idle buckets are swept so a crowd of addresses cannot grow it without bound. */
export class MemoryJoinRateLimiter extends JoinRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  /** PIN → client id → when it was last refused. */
  private readonly waiting = new Map<string, Map<string, number>>();

  noteRefused(pin: string, clientId: string, nowMs: number): Promise<void> {
    let clients = this.waiting.get(pin);
    if (!clients) this.waiting.set(pin, (clients = new Map()));
    clients.delete(clientId);
    clients.set(clientId, nowMs);
    // Oldest first (re-inserted on each refusal): a flood of made-up clients cannot grow it without bound.
    if (clients.size > 100_000) clients.delete(clients.keys().next().value!);
    return Promise.resolve();
  }

  noteSettled(pin: string, clientId: string): Promise<void> {
    const clients = this.waiting.get(pin);
    clients?.delete(clientId);
    if (clients?.size === 0) this.waiting.delete(pin);
    return Promise.resolve();
  }

  waitingCount(pin: string, nowMs: number): Promise<number> {
    let n = 0;
    for (const at of this.waiting.get(pin)?.values() ?? []) if (at > nowMs - WAITING_WINDOW_MS) n++;
    return Promise.resolve(n);
  }

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
    for (const [pin, clients] of this.waiting) {
      for (const [client, at] of clients) if (at <= nowMs - WAITING_WINDOW_MS) clients.delete(client);
      if (clients.size === 0) this.waiting.delete(pin);
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
    // Keys expire in Redis once their bucket is full again; a PIN's waiting set expires after the window.
  }

  private waitingKey(pin: string): string {
    return `${this.prefix}:waiting:${pin}`;
  }

  async noteRefused(pin: string, clientId: string, nowMs: number): Promise<void> {
    const key = this.waitingKey(pin);
    await this.redis
      .multi()
      .zadd(key, nowMs, clientId)
      .zremrangebyscore(key, '-inf', nowMs - WAITING_WINDOW_MS)
      .pexpire(key, WAITING_WINDOW_MS * 2)
      .exec();
  }

  async noteSettled(pin: string, clientId: string): Promise<void> {
    await this.redis.zrem(this.waitingKey(pin), clientId);
  }

  waitingCount(pin: string, nowMs: number): Promise<number> {
    return this.redis.zcount(this.waitingKey(pin), `(${nowMs - WAITING_WINDOW_MS}`, '+inf');
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
