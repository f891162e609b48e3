/**
 * Pure core of the ecr-connections custom resources: CloudFormation event in, response out. Every dependency
 * (the external-ID store, the broker call, the IAM read, time) is injected, so tests drive it against the real
 * broker core and the fake Falcon API.
 *
 * - `Custom::FalconEcrExternalId`: Create/Update return the account's external ID (generated once, kept in SSM,
 *   returned with NoEcho); Delete removes the parameter. The role's trust policy reads it with Fn::GetAtt.
 * - `Custom::FalconEcrConnections`: Create waits for the role, then connects every Region; Update connects the
 *   Regions added and disconnects those dropped (all of them when the role changed); Delete disconnects every
 *   Region it manages. CloudFormation deletes the role afterwards: it is a stack resource this one depends on.
 */
import { assessmentPrincipalArn } from '../../products/ecr-connections/principal';
import { BrokerCaller, ReconcileResult, reconcileConnections, disconnectRegion } from './connections';
import type { ExternalIdStore } from './external-id';
import { ensureExternalId } from './external-id';
import {
  CONNECTIONS_RESOURCE_TYPE,
  ConnectionsRequest,
  EXTERNAL_ID_RESOURCE_TYPE,
  readConnectionsRequest,
  readExternalIdRequest,
} from './request';
import { TrustPolicyReader, waitForRole } from './role-readiness';

export interface CustomResourceEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResourceType: string;
  readonly RequestId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
}

export interface Outcome {
  readonly status: 'SUCCESS' | 'FAILED';
  readonly physicalResourceId: string;
  readonly reason?: string;
  readonly data?: Record<string, string>;
  /** Hide `data` from DescribeStackResource and the console (the external ID). */
  readonly noEcho?: boolean;
}

export interface EcrDeps {
  readonly store: ExternalIdStore;
  readonly broker: (brokerUrl: string) => BrokerCaller;
  readonly readTrustPolicy: (partition: string) => TrustPolicyReader;
  readonly sleep: (ms: number) => Promise<void>;
  /** Milliseconds left for waiting on IAM, after a reserve for rollback and the response. */
  readonly budgetMs: () => number;
  readonly log: (message: string, details: Record<string, unknown>) => void;
}

/**
 * The physical ID of a resource whose Create failed. CloudFormation sends Delete for it during rollback; by then
 * the failed attempt has already removed what it made, so Delete must not touch connections made by others.
 */
const FAILED_CREATE_PREFIX = 'falcon-ecr-create-failed-';

export async function handleEcrEvent(event: CustomResourceEvent, deps: EcrDeps): Promise<Outcome> {
  const previousId = event.PhysicalResourceId ?? `${FAILED_CREATE_PREFIX}${event.RequestId}`;
  if (event.RequestType === 'Delete' && previousId.startsWith(FAILED_CREATE_PREFIX)) {
    return { status: 'SUCCESS', physicalResourceId: previousId };
  }
  try {
    if (event.ResourceType === EXTERNAL_ID_RESOURCE_TYPE) return await externalId(event, deps);
    if (event.ResourceType === CONNECTIONS_RESOURCE_TYPE) return await connections(event, deps);
    throw new Error(`unknown resource type ${event.ResourceType}`);
  } catch (err) {
    const reason = (err as Error).message;
    deps.log('request failed', { requestType: event.RequestType, resourceType: event.ResourceType, error: reason });
    return { status: 'FAILED', physicalResourceId: previousId, reason };
  }
}

async function externalId(event: CustomResourceEvent, deps: EcrDeps): Promise<Outcome> {
  const { parameterName } = readExternalIdRequest(event.ResourceProperties);
  if (event.RequestType === 'Delete') {
    await deps.store.remove(parameterName);
    deps.log('external ID removed', { parameterName });
    return { status: 'SUCCESS', physicalResourceId: parameterName };
  }
  const value = await ensureExternalId(deps.store, parameterName);
  deps.log('external ID ready', { parameterName });
  return { status: 'SUCCESS', physicalResourceId: parameterName, data: { ExternalId: value }, noEcho: true };
}

async function connections(event: CustomResourceEvent, deps: EcrDeps): Promise<Outcome> {
  const request = readConnectionsRequest(event.ResourceProperties);
  const physicalResourceId = `falcon-ecr-connections-${request.accountId}`;
  const broker = deps.broker(request.brokerUrl);

  if (event.RequestType === 'Delete') {
    const removed: string[] = [];
    for (const region of request.regions) removed.push(...(await disconnectRegion(broker, request.accountId, region)));
    deps.log('registries disconnected', { regions: request.regions, registryIds: removed });
    return { status: 'SUCCESS', physicalResourceId: event.PhysicalResourceId ?? physicalResourceId };
  }

  const externalIdName = String(event.ResourceProperties.ExternalIdParameterName ?? '');
  const externalIdValue = externalIdName ? await deps.store.get(externalIdName) : undefined;
  if (!externalIdValue) throw new Error(`the external ID parameter ${externalIdName || '(unnamed)'} does not exist`);

  const readiness = await waitForRole(
    request.roleName,
    { principalArn: assessmentPrincipalArn(request.partition), externalId: externalIdValue },
    { readTrustPolicy: deps.readTrustPolicy(request.partition), sleep: deps.sleep, budgetMs: deps.budgetMs },
  );
  const target = { accountId: request.accountId, roleArn: request.roleArn, externalId: externalIdValue };
  const dropped = event.RequestType === 'Update' ? await regionsToDrop(event, request, deps) : [];
  const result = await reconcileConnections(broker, target, request.regions, dropped);
  deps.log('registries connected', { ...summary(result), roleChecks: readiness.attempts });
  return {
    status: 'SUCCESS',
    physicalResourceId: event.PhysicalResourceId ?? physicalResourceId,
    data: { Regions: request.regions.join(','), RegistryIds: result.connected.map((c) => c.registryId).join(',') },
  };
}

/**
 * The Regions an update must disconnect: those no longer listed, or every old one when the role changed (the
 * broker never rewrites a connection, so one made with the old role must go before it is made again).
 */
async function regionsToDrop(event: CustomResourceEvent, request: ConnectionsRequest, deps: EcrDeps): Promise<string[]> {
  let old: ConnectionsRequest;
  try {
    old = readConnectionsRequest(event.OldResourceProperties ?? {});
  } catch {
    return []; // The old properties never connected anything (their Create failed on them).
  }
  if (old.roleArn !== request.roleArn) {
    const broker = deps.broker(request.brokerUrl);
    for (const region of old.regions) await disconnectRegion(broker, request.accountId, region);
    deps.log('role changed: old connections removed before reconnecting', { regions: old.regions });
    return [];
  }
  return old.regions.filter((r) => !request.regions.includes(r));
}

function summary(result: ReconcileResult): Record<string, unknown> {
  return {
    created: result.connected.filter((c) => c.created).map((c) => c.region),
    alreadyConnected: result.connected.filter((c) => !c.created).map((c) => c.region),
    disconnectedRegistryIds: result.disconnected,
  };
}
