/**
 * The lifecycle's retry strategy for every AWS call: the SDK's standard strategy (error classification, attempt
 * count, retry quota) with full-jitter exponential backoff, and two additions:
 *
 * - it stops retrying once the run must stop (a Lambda near its deadline), so no call outlives the invocation;
 * - the wait and the random source can be injected, so the benchmark spends the same backoff in virtual time.
 *
 * Why jitter matters here: in an organisation-wide reconcile a fleet of workers shares one provisioning rate. Backoffs
 * without jitter bring throttled callers back together, in waves that leave the rate unused in between; full jitter
 * (a uniform wait in [0, min(cap, base × 2^n)]) spreads them out. Base and cap are the SDK's
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html: standard mode, "exponential backoff
 * with jitter", maximum backoff 20 seconds); a throttling error starts from a longer base than other errors.
 */
import type { RetryErrorInfo, StandardRetryBackoffStrategy, StandardRetryToken } from '@smithy/types';
import { StandardRetryStrategy } from '@smithy/util-retry';

export const MAX_BACKOFF_MS = 20_000;
/** First-retry ceiling for throttling errors and for the rest (the SDK's standard values). */
export const THROTTLING_BASE_MS = 1_000;
export const OTHER_BASE_MS = 50;

export interface RetryOptions {
  /** Attempts per call for errors other than throttling (and for throttling when there is no `stopRetrying`). */
  readonly maxAttempts: number;
  /** A number in [0, 1); Math.random unless a reproducible run wants its own. */
  readonly random?: () => number;
  /** Spends the backoff; the SDK's own timer unless given (the benchmark passes its virtual clock). */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * When true, no further retry: the last error is returned to the caller at once. With it, a throttled call keeps
   * retrying until it says stop (or `MAX_THROTTLED_ATTEMPTS`): throttling means "wait your turn", and a call that
   * gave up after a fixed number of attempts would fail its item into a much longer redelivery delay.
   */
  readonly stopRetrying?: () => boolean;
}

/** Ceiling of attempts for a throttled call when `stopRetrying` bounds it (about an hour of capped backoffs). */
export const MAX_THROTTLED_ATTEMPTS = 360;

/** Full jitter: uniform in [0, min(cap, base × 2^retries)). */
export function jitteredBackoffMs(retries: number, baseMs: number, random: () => number): number {
  return Math.floor(random() * Math.min(MAX_BACKOFF_MS, baseMs * 2 ** retries));
}

class JitteredBackoff implements StandardRetryBackoffStrategy {
  private base = OTHER_BASE_MS;
  /** The last delay computed, for the injected sleep to spend. */
  last = 0;

  constructor(
    private readonly random: () => number,
    private readonly spentElsewhere: boolean,
  ) {}

  computeNextBackoffDelay(retries: number): number {
    this.last = jitteredBackoffMs(retries, this.base, this.random);
    return this.spentElsewhere ? 0 : this.last;
  }

  setDelayBase(delay: number): void {
    // The standard strategy sets its throttling base before each throttled retry; ours is the documented 1 s.
    this.base = delay > OTHER_BASE_MS ? THROTTLING_BASE_MS : OTHER_BASE_MS;
  }
}

class LifecycleRetryStrategy extends StandardRetryStrategy {
  constructor(
    private readonly backoff: JitteredBackoff,
    private readonly options: RetryOptions,
  ) {
    const throttledAttempts = options.stopRetrying ? Math.max(MAX_THROTTLED_ATTEMPTS, options.maxAttempts) : options.maxAttempts;
    super({ maxAttempts: throttledAttempts, baseDelay: OTHER_BASE_MS, backoff });
  }

  override async refreshRetryTokenForRetry(token: StandardRetryToken, errorInfo: RetryErrorInfo): Promise<StandardRetryToken> {
    // Throwing here makes the SDK return the last error to the caller instead of retrying.
    if (this.options.stopRetrying?.()) throw new Error('the run is out of time: no further retry');
    if (errorInfo.errorType !== 'THROTTLING' && token.getRetryCount() + 1 >= this.options.maxAttempts) {
      throw new Error(`no retry after ${this.options.maxAttempts} attempts`);
    }
    const next = await super.refreshRetryTokenForRetry(token, errorInfo);
    if (this.options.sleep) await this.options.sleep(this.backoff.last);
    return next;
  }
}

/** One strategy per client (each keeps its own retry quota, as the SDK's do). */
export function lifecycleRetryStrategy(options: RetryOptions): StandardRetryStrategy {
  return new LifecycleRetryStrategy(new JitteredBackoff(options.random ?? Math.random, options.sleep !== undefined), options);
}
