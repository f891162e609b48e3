/**
 * Per-account rate limit of the broker: a token bucket per calling account, in the function instance's memory.
 *
 * The broker runs with a small reserved concurrency (stacks/constructs/falcon-broker.ts), so one account gets at
 * most `BROKER_RESERVED_CONCURRENCY × requests` calls per window across all instances, and can never take the
 * whole function (or the hub's Falcon API quota) from the other accounts for longer than that. The largest
 * legitimate burst is one ecr-connections update across every governed Region (one call per Region, plus one per
 * Region removed), well under one bucket.
 */

export interface RateLimit {
  /** Bucket size: calls an account may make at once. */
  readonly requests: number;
  /** Seconds to refill a whole bucket. */
  readonly perSeconds: number;
}

export const BROKER_RATE_LIMIT: RateLimit = { requests: 40, perSeconds: 60 };
export const BROKER_RESERVED_CONCURRENCY = 5;

/** Accounts remembered per instance; full (idle) buckets are dropped first beyond this. */
const MAX_TRACKED_ACCOUNTS = 10_000;

export class AccountRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit = BROKER_RATE_LIMIT,
    private readonly now: () => number = Date.now,
  ) {
    if (!(limit.requests >= 1 && limit.perSeconds > 0)) throw new Error('a rate limit needs at least one request per period');
  }

  /** Takes one call from the account's bucket: undefined when allowed, else the seconds until the next call is. */
  take(accountId: string): number | undefined {
    const now = this.now();
    const ratePerMs = this.limit.requests / (this.limit.perSeconds * 1000);
    const bucket = this.buckets.get(accountId) ?? { tokens: this.limit.requests, at: now };
    const tokens = Math.min(this.limit.requests, bucket.tokens + (now - bucket.at) * ratePerMs);
    if (tokens < 1) {
      this.buckets.set(accountId, { tokens, at: now });
      return Math.ceil((1 - tokens) / ratePerMs / 1000);
    }
    this.buckets.set(accountId, { tokens: tokens - 1, at: now });
    if (this.buckets.size > MAX_TRACKED_ACCOUNTS) this.forgetIdle(now, ratePerMs);
    return undefined;
  }

  private forgetIdle(now: number, ratePerMs: number): void {
    for (const [account, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * ratePerMs >= this.limit.requests) this.buckets.delete(account);
    }
  }
}
