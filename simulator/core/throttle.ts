import type { VirtualClock } from './clock';

export interface ThrottleRule {
  service: string;
  /** Omit to limit every operation of the service (each operation still gets its own bucket, like AWS). */
  operation?: string;
  ratePerSecond: number;
  burst: number;
  /**
   * Name of one bucket shared by every caller account and Region (and by every rule naming it), for a quota that
   * is not per account, e.g. the benchmark's aggregate provisioning rate. Omit for AWS's per-account buckets.
   */
  sharedBucket?: string;
}

interface Bucket {
  tokens: number;
  refilledAt: number;
}

/**
 * Per-API token buckets, one per (service, operation, caller account, region), measured on the virtual clock, or
 * one named bucket shared org-wide (`sharedBucket`). A rule for a specific operation wins over a service-wide
 * rule. Without a rule, calls are never throttled.
 */
export class ThrottleModel {
  private readonly rules = new Map<string, ThrottleRule>();
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly clock: VirtualClock) {}

  set(rule: ThrottleRule): void {
    if (rule.ratePerSecond <= 0 || rule.burst < 1) {
      throw new Error(`throttle.set: ratePerSecond must be > 0 and burst >= 1 (got ${rule.ratePerSecond}, ${rule.burst})`);
    }
    this.rules.set(ruleKey(rule.service, rule.operation), rule);
    this.buckets.clear();
  }

  clear(): void {
    this.rules.clear();
    this.buckets.clear();
  }

  /** Takes one token; false means the call must fail with the service's throttling error. */
  tryTake(service: string, operation: string, account: string, region: string): boolean {
    const rule = this.rules.get(ruleKey(service, operation)) ?? this.rules.get(ruleKey(service));
    if (!rule) return true;
    const key = rule.sharedBucket ? `shared|${rule.sharedBucket}` : `${service}|${operation}|${account}|${region}`;
    const now = this.clock.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: rule.burst, refilledAt: now };
      this.buckets.set(key, bucket);
    }
    const refill = ((now - bucket.refilledAt) / 1000) * rule.ratePerSecond;
    bucket.tokens = Math.min(rule.burst, bucket.tokens + refill);
    bucket.refilledAt = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

function ruleKey(service: string, operation?: string): string {
  return `${service}|${operation ?? '*'}`;
}
