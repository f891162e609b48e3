/**
 * The HTTP transport handed to the crowdstrike-falcon SDK as its `fetchApi`: every SDK call (token and API) goes
 * through it, so throttling and transient failures are retried in one place, with bounds.
 *
 * - 429: wait as long as Falcon says (`X-RateLimit-RetryAfter`, an epoch second; or `Retry-After`, seconds or an
 *   HTTP date), else back off exponentially;
 * - 5xx and network errors: exponential backoff with jitter;
 * - at most `maxAttempts` tries and never past `deadline`; then the last response goes back to the SDK, which
 *   raises it and the client turns it into a `FalconUnavailableError`.
 */

export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface RetryPolicy {
  /** Total tries per request, first one included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  /** Ceiling of one wait, whatever the server asks for. */
  readonly maxDelayMs: number;
  /** Abort one HTTP exchange after this long (it then counts as a network error). */
  readonly requestTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  requestTimeoutMs: 30_000,
};

export interface RetryNotice {
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
  /** Method and path only: the query may name accounts, never credentials, but keep logs short. */
  readonly request: string;
}

export interface TransportOptions {
  readonly fetch?: FetchFunction;
  readonly policy?: Partial<RetryPolicy>;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly random?: () => number;
  /** Epoch ms after which no retry starts (leave room for the caller to report a clear failure). */
  readonly deadline?: () => number | undefined;
  readonly onRetry?: (notice: RetryNotice) => void;
}

const isRetryableStatus = (status: number) => status === 429 || status >= 500;

/** The wait a 429 answer asks for, in ms, or undefined when it names none. */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const rateLimitRetryAfter = headers.get('x-ratelimit-retryafter');
  if (rateLimitRetryAfter && /^\d+$/.test(rateLimitRetryAfter.trim())) {
    const value = Number(rateLimitRetryAfter);
    // Falcon sends the epoch second at which the bucket refills; a small number is a relative delay.
    return value > 1_000_000_000 ? Math.max(0, value * 1000 - now) : value * 1000;
  }
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter.trim())) return Number(retryAfter) * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return undefined;
}

function describeRequest(input: string | URL | Request, init?: RequestInit): string {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  return `${init?.method ?? 'GET'} ${url.pathname}`;
}

export function retryingTransport(options: TransportOptions = {}): FetchFunction {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  const doFetch = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;

  const backoff = (attempt: number) => {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  };
  const mayRetry = (attempt: number, delayMs: number) => {
    const deadline = options.deadline?.();
    return attempt < policy.maxAttempts && (deadline === undefined || now() + delayMs < deadline);
  };

  return async (input, init) => {
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await doFetch(input, { ...init, signal: AbortSignal.timeout(policy.requestTimeoutMs) });
      } catch (err) {
        const delayMs = backoff(attempt);
        if (!mayRetry(attempt, delayMs)) throw err;
        const reason = `network error: ${(err as Error).message}`;
        options.onRetry?.({ attempt, delayMs, reason, request: describeRequest(input, init) });
        await sleep(delayMs);
        continue;
      }
      if (!isRetryableStatus(response.status)) return response;

      const asked = response.status === 429 ? retryAfterMs(response.headers, now()) : undefined;
      const delayMs = asked === undefined ? backoff(attempt) : Math.min(asked, policy.maxDelayMs);
      if (!mayRetry(attempt, delayMs)) return response;
      options.onRetry?.({ attempt, delayMs, reason: `HTTP ${response.status}`, request: describeRequest(input, init) });
      // Drain the body so the connection returns to the pool.
      await response.arrayBuffer().catch(() => undefined);
      await sleep(delayMs);
    }
  };
}
