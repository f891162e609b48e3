/**
 * One Falcon API client per warm container, rebuilt when the hub secret changes: tokens are reused across
 * invocations, and a rotated secret takes effect as soon as Falcon refuses the old one.
 */
import { FalconApi } from './client';
import type { FalconCredentialsCache } from './credentials';
import { FalconCredentialsError } from './errors';
import type { FalconCredentials } from './token';

export class FalconSession {
  private current?: { readonly credentials: FalconCredentials; readonly api: FalconApi };

  constructor(
    private readonly credentials: Pick<FalconCredentialsCache, 'get' | 'invalidate'>,
    private readonly createApi: (credentials: FalconCredentials) => FalconApi,
  ) {}

  /** Runs `work` with a client; on a credentials refusal, re-reads the secret once and retries if it changed. */
  async run<T>(work: (api: FalconApi) => Promise<T>): Promise<T> {
    const first = await this.api();
    try {
      return await work(first);
    } catch (err) {
      if (!(err instanceof FalconCredentialsError)) throw err;
      this.credentials.invalidate();
      const second = await this.api();
      if (second === first) throw err;
      return work(second);
    }
  }

  private async api(): Promise<FalconApi> {
    const credentials = await this.credentials.get();
    const same =
      this.current?.credentials.clientId === credentials.clientId &&
      this.current.credentials.clientSecret === credentials.clientSecret;
    if (!same || !this.current) this.current = { credentials, api: this.createApi(credentials) };
    return this.current.api;
  }
}
