/**
 * Shapes shared by the broker's dispatcher and its actions.
 *
 * Frozen: the ecr-connections custom resource imports `ecrRegistryUrl` from broker-ecr.ts, which imports this file,
 * and published ecr-connections versions inline that bundle. esbuild picks minified names from the whole text of
 * every module it reads, so any code change here or in broker-ecr.ts (even a type) changes a locked template.
 * New broker shapes go to broker-request.ts. Comments are free.
 */
import type { Manifest } from '../../manifest/schema';
import type { FalconApi } from './client';
import type { RegistrationOutputs } from './registration-outputs';
import type { RegistrationSettings } from './registration-request';

/** What the thin entry extracts from the function URL event. */
export interface BrokerRequest {
  /** The caller's AWS account, authenticated by SigV4 (`requestContext.authorizer.iam.accountId`). */
  readonly callerAccountId?: string;
  /** The caller's organisation (`requestContext.authorizer.iam.principalOrgId`), when Lambda supplies it. */
  readonly callerOrganizationId?: string;
  readonly method: string;
  /** Raw request body (JSON). */
  readonly body?: string;
}

export interface BrokerResponse {
  readonly statusCode: number;
  readonly body: Record<string, unknown>;
}

export interface BrokerDeps {
  readonly falcon: { run<T>(work: (api: FalconApi) => Promise<T>): Promise<T> };
  readonly readOutputs: () => Promise<RegistrationOutputs>;
  /** The organisation's registration settings (the same values the registration custom resource uses). */
  readonly settings: RegistrationSettings;
  readonly partition: string;
  /** The manifest as far as blueprint product parameters need it; absent when the broker serves no blueprint. */
  readonly blueprint?: Manifest;
  readonly log: (message: string, details: Record<string, unknown>) => void;
}

/** A refusal with the HTTP status the caller gets. */
export class BrokerError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export const ACCOUNT_ID = /^\d{12}$/;

/** Refuses a request that names an account other than the caller's. */
export function assertOwnAccount(caller: string, named: unknown, what: string): void {
  if (named !== undefined && named !== caller) {
    throw new BrokerError(
      403,
      `${what} names account ${String(named)}, but the request was signed by account ${caller}: ` +
        'the broker acts only on the calling account',
    );
  }
}
