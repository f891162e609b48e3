import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import type { RetryStrategyV2 } from '@smithy/types';
import type { VirtualClock } from './clock';

/** Real wait between attempts: tiny, so tests stay fast. */
const REAL_BACKOFF_MS = 1;
const VIRTUAL_BASE_MS = 100;
const VIRTUAL_CAP_MS = 20_000;

const virtualBackoffMs = (attempt: number) => Math.min(VIRTUAL_CAP_MS, VIRTUAL_BASE_MS * 2 ** Math.max(0, attempt - 1));

/**
 * The SDK's standard retry strategy (retry quota, throttling/transient classification, attempt counting) with
 * backoff moved to virtual time: before each retry the virtual clock advances by the standard exponential
 * backoff (100 ms × 2^(attempt-1), capped at 20 s, no jitter so runs are reproducible), which refills token
 * buckets, while the real wait is 1 ms. This is how a throttled request's retry can succeed.
 */
export function virtualBackoffRetryStrategy(clock: VirtualClock, maxAttempts: number): RetryStrategyV2 {
  return new ConfiguredRetryStrategy(maxAttempts, (attempt: number) => {
    clock.advance(virtualBackoffMs(attempt));
    return REAL_BACKOFF_MS;
  });
}

/**
 * The same backoff, spent with `clock.sleep` instead of `clock.advance`, so concurrent retries overlap in virtual
 * time as concurrent requests do. Needed at scale: with hundreds of clients retrying at once, advancing the shared
 * clock once per retry would add every client's backoff to everyone's elapsed time (the benchmark uses this).
 */
export function sleepingBackoffRetryStrategy(clock: VirtualClock, maxAttempts: number): RetryStrategyV2 {
  return new SleepingBackoffRetryStrategy(clock, maxAttempts);
}

class SleepingBackoffRetryStrategy extends ConfiguredRetryStrategy {
  constructor(
    private readonly clock: VirtualClock,
    maxAttempts: number,
  ) {
    super(maxAttempts, () => 0);
  }

  override async refreshRetryTokenForRetry(
    ...args: Parameters<ConfiguredRetryStrategy['refreshRetryTokenForRetry']>
  ): ReturnType<ConfiguredRetryStrategy['refreshRetryTokenForRetry']> {
    const next = await super.refreshRetryTokenForRetry(...args);
    await this.clock.sleep(virtualBackoffMs(next.getRetryCount()));
    return next;
  }
}
