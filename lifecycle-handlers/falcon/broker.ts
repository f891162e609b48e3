/**
 * Pure core of the Falcon broker: the one place member accounts reach Falcon through, without ever holding the
 * Falcon credential (docs/decisions.md#secrets-stay-in-the-hub). The function URL only admits SigV4-signed principals
 * of the organisation. Here, before any Falcon call: the request must carry the organisation's ID (absent is refused,
 * never assumed), come from a role this package creates in member accounts and be an action that role sends
 * (broker-callers.ts), and fit the calling account's rate limit (broker-rate-limit.ts). Every action is confined to
 * the caller's own account, and every call is logged with the caller and action (never a credential).
 *
 * Actions (JSON body `{"action": ..., ...}`):
 * - `connect-ecr-registry` `{region, roleArn, externalId}`: connects the caller's ECR registry in that Region;
 * - `disconnect-ecr-registries` `{region?}`: removes the caller's ECR registry connections;
 * - `product-parameters` `{region, products, versions?}`: the caller's template parameters for the product versions
 *   its falcon-baseline version pins.
 */
import { productParameters } from './broker-blueprint';
import { connectEcrRegistry, disconnectEcrRegistries } from './broker-ecr';
import { callerRefusal } from './broker-callers';
import type { GuardedBrokerDeps, SignedBrokerRequest } from './broker-request';
import { ACCOUNT_ID, BrokerDeps, BrokerError, BrokerResponse, assertOwnAccount } from './broker-types';
import { FalconError, FalconScopeError } from './errors';

type Action = (caller: string, body: Record<string, unknown>, deps: BrokerDeps) => Promise<Record<string, unknown>>;

const ACTIONS: Readonly<Record<string, Action>> = {
  'connect-ecr-registry': connectEcrRegistry,
  'disconnect-ecr-registries': disconnectEcrRegistries,
  'product-parameters': productParameters,
};

export const BROKER_ACTIONS = Object.keys(ACTIONS);

/** The status a caller gets when its account's bucket is empty (Too Many Requests). */
export const RATE_LIMITED = 429;

export async function handleBrokerRequest(request: SignedBrokerRequest, deps: GuardedBrokerDeps): Promise<BrokerResponse> {
  const caller = request.callerAccountId;
  let action: string | undefined;
  try {
    if (!caller || !ACCOUNT_ID.test(caller)) {
      throw new BrokerError(403, 'the request is not signed by an AWS account (SigV4 with AWS_IAM auth is required)');
    }
    // Lambda reports the caller's organisation for every principal of an organisation; a request without one is
    // not from this organisation, whatever the resource policy let through.
    if (request.callerOrganizationId !== deps.settings.organizationId) {
      throw new BrokerError(
        403,
        request.callerOrganizationId
          ? `account ${caller} is not in organisation ${deps.settings.organizationId}`
          : `the request carries no organisation ID: the broker serves principals of organisation ${deps.settings.organizationId} only`,
      );
    }
    if (request.method !== 'POST') throw new BrokerError(405, 'use POST with a JSON body {"action": ...}');
    const body = parseBody(request.body);
    action = typeof body.action === 'string' ? body.action : undefined;
    const run = action ? ACTIONS[action] : undefined;
    if (!action || !run) throw new BrokerError(400, `action must be one of ${BROKER_ACTIONS.join(', ')}`);
    const refusal = callerRefusal(request.callerArn, caller, action);
    if (refusal) throw new BrokerError(403, refusal);
    const retryAfter = deps.limiter.take(caller);
    if (retryAfter !== undefined) {
      throw new BrokerError(RATE_LIMITED, `account ${caller} is over the broker's rate limit; retry in ${retryAfter} s`);
    }
    assertOwnAccount(caller, body.accountId, 'accountId');

    const result = await run(caller, body, deps);
    deps.log('broker request served', { callerAccountId: caller, callerArn: request.callerArn, action, statusCode: 200 });
    return { statusCode: 200, body: { action, accountId: caller, ...result } };
  } catch (err) {
    const { statusCode, message } = failure(err);
    deps.log('broker request refused or failed', { callerAccountId: caller, callerArn: request.callerArn, action, statusCode, error: message });
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
