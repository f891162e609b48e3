/**
 * OAuth2 client-credentials tokens for one API client, through the SDK's own `Oauth2Api`.
 *
 * Why not the SDK's built-in token middleware: it trusts a token until the very second it expires (a call made
 * in the last moment then fails with 401) and cannot be told to drop a token the API has refused. Here a token is
 * reused until one minute before `expires_in` runs out, refreshed once for concurrent callers, and dropped on
 * demand.
 */
import { Configuration, Oauth2Api, ResponseError } from 'crowdstrike-falcon';
import { FalconCredentialsError, FalconError, FalconUnavailableError, falconErrorDetail } from './errors';
import type { FetchFunction } from './transport';

/** Refresh this long before the server's expiry. */
const EXPIRY_MARGIN_MS = 60_000;

export interface FalconCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

export class FalconTokenSource {
  private token?: { readonly value: string; readonly expiresAt: number };
  private pending?: Promise<string>;
  private readonly api: Oauth2Api;

  constructor(
    baseUrl: string,
    fetchApi: FetchFunction,
    private readonly credentials: FalconCredentials,
    private readonly now: () => number = Date.now,
  ) {
    this.api = new Oauth2Api(new Configuration({ basePath: baseUrl, fetchApi }));
  }

  /** `Bearer <token>`, as the SDK's `accessToken` configuration hook must return it. */
  async bearer(): Promise<string> {
    if (this.token && this.token.expiresAt > this.now()) return `Bearer ${this.token.value}`;
    this.pending ??= this.fetchToken().finally(() => (this.pending = undefined));
    return `Bearer ${await this.pending}`;
  }

  /** Forget the cached token (the API answered 401 to it: expired early or revoked). */
  invalidate(): void {
    this.token = undefined;
  }

  private async fetchToken(): Promise<string> {
    try {
      const response = await this.api.oauth2AccessToken(this.credentials.clientId, this.credentials.clientSecret);
      const lifetimeMs = (response.expiresIn ?? 0) * 1000;
      this.token = { value: response.accessToken, expiresAt: this.now() + Math.max(0, lifetimeMs - EXPIRY_MARGIN_MS) };
      return response.accessToken;
    } catch (err) {
      throw await tokenError(err);
    }
  }
}

async function tokenError(err: unknown): Promise<Error> {
  if (!(err instanceof ResponseError)) {
    return new FalconUnavailableError(`Falcon token request failed: ${(err as Error).message}`);
  }
  const status = err.response.status;
  if (status === 401 || status === 403) {
    return new FalconCredentialsError(
      'Falcon rejected the API client ID/secret (HTTP 401 from /oauth2/token): bad client ID/secret, or the client ' +
        'was deleted. Check the hub secret and the Falcon cloud in the manifest.',
      status,
    );
  }
  const detail = await falconErrorDetail(err.response);
  if (status === 429 || status >= 500) {
    return new FalconUnavailableError(`Falcon token request still failing after retries: ${detail}`, status);
  }
  return new FalconError(`Falcon token request failed: ${detail}`, status);
}
