/**
 * What both Falcon Lambda entry points share: their environment (names and IDs only, never a credential) and the
 * warm-container Falcon session built from the hub secret.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { FalconApi } from './client';
import { FalconCredentialsCache } from './credentials';
import { FalconSession } from './session';
import type { RetryNotice } from './transport';

/** Environment variable names, shared with the stack that sets them. */
export const FALCON_ENV = {
  secretId: 'FALCON_SECRET_ID',
  cloud: 'FALCON_CLOUD',
  organizationId: 'ORGANIZATION_ID',
  partition: 'AWS_PARTITION_NAME',
  /** The broker's copy of the registration custom resource's properties, as JSON (IDs and flags only). */
  registrationSettings: 'REGISTRATION_SETTINGS',
} as const;

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/**
 * A session for this container. `remainingMs` bounds retries so that a throttled Falcon API ends in a clear
 * failure before the Lambda timeout, not in a timeout.
 */
export function createFalconSession(options: {
  remainingMs: () => number;
  onRetry: (notice: RetryNotice) => void;
}): FalconSession {
  const secretId = requiredEnv(FALCON_ENV.secretId);
  const cloud = requiredEnv(FALCON_ENV.cloud);
  const credentials = new FalconCredentialsCache(new SecretsManagerClient({}), secretId);
  return new FalconSession(
    credentials,
    (creds) =>
      new FalconApi({
        cloud,
        credentials: creds,
        transport: { deadline: () => Date.now() + options.remainingMs() - 10_000, onRetry: options.onRetry },
      }),
  );
}
