/**
 * Pure core of the Falcon broker: the one place member accounts reach Falcon through, without ever holding the
 * Falcon credential (docs/decisions.md#secrets-stay-in-the-hub). The function URL only admits SigV4-signed principals of the
 * organisation; here every action is confined to the caller's own account, and every call is logged with the
 * caller and action (never a credential).
 *
 * Actions (JSON body `{"action": ..., ...}`):
 * - `register-account`: registers the caller's account with Falcon CSPM (idempotent);
 * - `connect-ecr-registry` `{region, roleArn, externalId}`: connects the caller's ECR registry in that Region;
 * - `disconnect-ecr-registries` `{region?}`: removes the caller's ECR registry connections;
 * - `product-parameters` `{region, products}`: the caller's template parameters for falcon-baseline products;
 * - `registration-outputs`: the organisation's non-secret registration values, for self-service launches.
 */
import { productParameters } from './broker-blueprint';
import { connectEcrRegistry, disconnectEcrRegistries } from './broker-ecr';
import { ACCOUNT_ID, BrokerDeps, BrokerError, BrokerRequest, BrokerResponse, assertOwnAccount } from './broker-types';
import { FalconError, FalconScopeError } from './errors';
import { cspmCreateRequest } from './registration-request';
import { registrationOutputsFrom } from './registration-results';

type Action = (caller: string, body: Record<string, unknown>, deps: BrokerDeps) => Promise<Record<string, unknown>>;

const ACTIONS: Readonly<Record<string, Action>> = {
  'register-account': registerAccount,
  'connect-ecr-registry': connectEcrRegistry,
  'disconnect-ecr-registries': disconnectEcrRegistries,
  'product-parameters': productParameters,
  'registration-outputs': async (_caller, _body, deps) => ({ ...(await deps.readOutputs()) }),
};

export const BROKER_ACTIONS = Object.keys(ACTIONS);

export async function handleBrokerRequest(request: BrokerRequest, deps: BrokerDeps): Promise<BrokerResponse> {
  const caller = request.callerAccountId;
  let action: string | undefined;
  try {
    if (!caller || !ACCOUNT_ID.test(caller)) {
      throw new BrokerError(403, 'the request is not signed by an AWS account (SigV4 with AWS_IAM auth is required)');
    }
    if (request.callerOrganizationId !== undefined && request.callerOrganizationId !== deps.settings.organizationId) {
      throw new BrokerError(403, `account ${caller} is not in organisation ${deps.settings.organizationId}`);
    }
    if (request.method !== 'POST') throw new BrokerError(405, 'use POST with a JSON body {"action": ...}');
    const body = parseBody(request.body);
    action = typeof body.action === 'string' ? body.action : undefined;
    const run = action ? ACTIONS[action] : undefined;
    if (!run) throw new BrokerError(400, `action must be one of ${BROKER_ACTIONS.join(', ')}`);
    assertOwnAccount(caller, body.accountId, 'accountId');

    const result = await run(caller, body, deps);
    deps.log('broker request served', { callerAccountId: caller, action, statusCode: 200 });
    return { statusCode: 200, body: { action, accountId: caller, ...result } };
  } catch (err) {
    const { statusCode, message } = failure(err);
    deps.log('broker request refused or failed', { callerAccountId: caller, action, statusCode, error: message });
    return { statusCode, body: { error: message, ...(action ? { action } : {}) } };
  }
}

function parseBody(raw: string | undefined): Record<string, unknown> {
  if (!raw) throw new BrokerError(400, 'the request has no body; send JSON {"action": ...}');
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new BrokerError(400, 'the request body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BrokerError(400, 'the request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

function failure(err: unknown): { statusCode: number; message: string } {
  if (err instanceof BrokerError) return { statusCode: err.statusCode, message: err.message };
  // The hub's API client lacks a scope: a configuration fault of the hub, not of the caller.
  if (err instanceof FalconScopeError) return { statusCode: 502, message: err.message };
  if (err instanceof FalconError) return { statusCode: 502, message: `Falcon API: ${err.message}` };
  return { statusCode: 500, message: `broker error: ${(err as Error).message}` };
}

async function registerAccount(caller: string, _body: Record<string, unknown>, deps: BrokerDeps) {
  const { existing, created } = await deps.falcon.run(async (api) => {
    const found = (await api.getCspmAccounts([caller])).resources?.[0];
    if (found) return { existing: found, created: false };
    const response = await api.createCspmAccounts([cspmCreateRequest(deps.settings, caller)]);
    const account = response.resources?.[0];
    if (!account) throw new BrokerError(502, 'Falcon accepted the registration but returned no account');
    return { existing: account, created: true };
  });
  return { created, ...registrationOutputsFrom(existing) };
}
