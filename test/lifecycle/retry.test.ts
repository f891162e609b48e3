import { describe, expect, it } from 'vitest';
import { jitteredBackoffMs, lifecycleRetryStrategy, MAX_BACKOFF_MS, THROTTLING_BASE_MS } from '../../lifecycle-handlers/core/retry';

const throttled = { errorType: 'THROTTLING' as const };
const transient = { errorType: 'TRANSIENT' as const };

describe('the lifecycle retry strategy', () => {
  it('backs off with full jitter: uniform below min(cap, base × 2^retries)', () => {
    expect(jitteredBackoffMs(0, THROTTLING_BASE_MS, () => 0)).toBe(0);
    expect(jitteredBackoffMs(0, THROTTLING_BASE_MS, () => 0.999)).toBe(999);
    expect(jitteredBackoffMs(3, THROTTLING_BASE_MS, () => 0.5)).toBe(4_000);
    expect(jitteredBackoffMs(10, THROTTLING_BASE_MS, () => 0.5)).toBe(MAX_BACKOFF_MS / 2);
  });

  it('spends each backoff with the injected sleep, drawn from the injected random source', async () => {
    const slept: number[] = [];
    const strategy = lifecycleRetryStrategy({ maxAttempts: 5, random: () => 0.5, sleep: async (ms) => void slept.push(ms) });
    let token = await strategy.acquireInitialRetryToken('scope');
    for (let i = 0; i < 3; i++) token = await strategy.refreshRetryTokenForRetry(token, throttled);
    // Throttling starts from a 1 s ceiling: half of 1 s, 2 s, 4 s.
    expect(slept).toEqual([500, 1_000, 2_000]);
  });

  it('gives up on other errors after maxAttempts, but keeps a throttled call waiting its turn until told to stop', async () => {
    let stop = false;
    const strategy = lifecycleRetryStrategy({ maxAttempts: 3, random: () => 0, sleep: async () => undefined, stopRetrying: () => stop });
    let token = await strategy.acquireInitialRetryToken('scope');
    for (let i = 0; i < 10; i++) token = await strategy.refreshRetryTokenForRetry(token, throttled);
    expect(token.getRetryCount()).toBe(10);
    await expect(strategy.refreshRetryTokenForRetry(token, transient)).rejects.toThrow(/no retry after 3 attempts/);
    stop = true;
    await expect(strategy.refreshRetryTokenForRetry(token, throttled)).rejects.toThrow(/out of time/);
  });

  it('without a stop condition, gives up on throttling after maxAttempts too', async () => {
    const strategy = lifecycleRetryStrategy({ maxAttempts: 2, random: () => 0, sleep: async () => undefined });
    const token = await strategy.refreshRetryTokenForRetry(await strategy.acquireInitialRetryToken('scope'), throttled);
    await expect(strategy.refreshRetryTokenForRetry(token, throttled)).rejects.toThrow();
  });
});
