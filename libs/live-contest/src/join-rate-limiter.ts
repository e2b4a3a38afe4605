/**
 * Token buckets per address: `burst` joins at once, refilled at `perSecond`. In-process on purpose: behind a load
 * balancer each instance limits what reaches it, which bounds a flood without a Redis round trip on every join.
 * Idle buckets are forgotten so a crowd of addresses cannot grow the map without bound.
 */
export class JoinRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly limits: () => { burst: number; perSecond: number }) {}

  tryTake(address: string, nowMs: number): boolean {
    const { burst, perSecond } = this.limits();
    const bucket = this.buckets.get(address) ?? { tokens: burst, at: nowMs };
    bucket.tokens = Math.min(burst, bucket.tokens + ((nowMs - bucket.at) / 1000) * perSecond);
    bucket.at = nowMs;
    if (this.buckets.size > 100_000) this.sweep(nowMs);
    this.buckets.set(address, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Drops buckets that have refilled completely (they hold no information). */
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
