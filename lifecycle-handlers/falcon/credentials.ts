/**
 * The Falcon API client ID and secret, read from the hub secret.
 *
 * Read per invocation through a cache that lives no longer than the warm Lambda container and at most
 * `maxAgeMs`, so a rotated secret is picked up within minutes, and at once after Falcon refuses the old one
 * (`invalidate`). Errors name the secret, never its content.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { FalconCredentials } from './token';

export const DEFAULT_CREDENTIALS_MAX_AGE_MS = 5 * 60_000;

/** Checks the secret's JSON shape: `{"client_id": "...", "client_secret": "..."}`. */
export function parseFalconSecret(secretId: string, secretString: string | undefined): FalconCredentials {
  const shapeHint = `secret ${secretId} must hold JSON {"client_id": "...", "client_secret": "..."}`;
  if (!secretString) throw new Error(`${shapeHint}; it has no string value`);
  let value: unknown;
  try {
    value = JSON.parse(secretString);
  } catch {
    throw new Error(`${shapeHint}; its value is not JSON`);
  }
  const { client_id: clientId, client_secret: clientSecret } = (value ?? {}) as Record<string, unknown>;
  if (typeof clientId !== 'string' || clientId === '' || typeof clientSecret !== 'string' || clientSecret === '') {
    throw new Error(`${shapeHint}; client_id or client_secret is missing or empty`);
  }
  return { clientId, clientSecret };
}

export class FalconCredentialsCache {
  private cached?: { readonly credentials: FalconCredentials; readonly readAt: number };

  constructor(
    private readonly secrets: Pick<SecretsManagerClient, 'send'>,
    private readonly secretId: string,
    private readonly maxAgeMs: number = DEFAULT_CREDENTIALS_MAX_AGE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<FalconCredentials> {
    if (this.cached && this.now() - this.cached.readAt < this.maxAgeMs) return this.cached.credentials;
    let secretString: string | undefined;
    try {
      ({ SecretString: secretString } = await this.secrets.send(new GetSecretValueCommand({ SecretId: this.secretId })));
    } catch (err) {
      const name = (err as Error).name;
      throw new Error(
        `cannot read the Falcon API secret ${this.secretId} (${name}): create it with the command in ` +
          'docs/falcon-hub.md, encrypted with the FalconHub key',
      );
    }
    const credentials = parseFalconSecret(this.secretId, secretString);
    this.cached = { credentials, readAt: this.now() };
    return credentials;
  }

  invalidate(): void {
    this.cached = undefined;
  }
}
