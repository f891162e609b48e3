import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import type { RetryStrategyV2 } from '@smithy/types';
import type { VirtualClock } from './clock';

/** Real wait between attempts: tiny, so tests stay fast. */
const REAL_BACKOFF_MS = 1;
const VIRTUAL_BASE_MS = 100;
const VIRTUAL_CAP_MS = 20_000;

/**
 * The SDK's standard retry strategy (retry quota, throttling/transient classification, attempt counting) with
 * backoff moved to virtual time: before each retry the virtual clock advances by the standard exponential
 * backoff (100 ms × 2^(attempt-1), capped at 20 s, no jitter so runs are reproducible), which refills token
 * buckets, while the real wait is 1 ms. This is how a throttled request's retry can succeed.
 */
export function virtualBackoffRetryStrategy(clock: VirtualClock, maxAttempts: number): RetryStrategyV2 {
  return new ConfiguredRetryStrategy(maxAttempts, (attempt: number) => {
    clock.advance(Math.min(VIRTUAL_CAP_MS, VIRTUAL_BASE_MS * 2 ** Math.max(0, attempt - 1)));
    return REAL_BACKOFF_MS;
  });
}
