/**
 * Registry connections through the hub broker, for the calling account only: connect a Region's ECR registry
 * (the broker looks for an existing connection before it creates one, so repeating a call never duplicates),
 * disconnect a Region's, and reconcile a desired set of Regions with rollback of what one attempt created.
 */
// Type-only imports in broker-ecr.ts keep the hub's Falcon SDK out of this function's bundle.
import { ecrRegistryUrl } from '../falcon/broker-ecr';

/** One signed call to the broker; throws with the broker's reason on any answer but 200. */
export type BrokerCaller = (body: Record<string, unknown>) => Promise<Record<string, unknown>>;

export interface ConnectTarget {
  readonly accountId: string;
  readonly roleArn: string;
  readonly externalId: string;
}

export interface Connected {
  readonly region: string;
  readonly registryId: string;
  readonly created: boolean;
}

export async function connectRegion(broker: BrokerCaller, target: ConnectTarget, region: string): Promise<Connected> {
  const answer = await broker({
    action: 'connect-ecr-registry',
    region,
    roleArn: target.roleArn,
    externalId: target.externalId,
  });
  const expectedUrl = ecrRegistryUrl(target.accountId, region);
  // Check what Falcon made before relying on it: an answer for another registry is a fault, not a success.
  if (typeof answer.registryId !== 'string' || answer.registryId === '' || typeof answer.created !== 'boolean') {
    throw new Error(`the broker answered connect-ecr-registry for ${region} without a registry ID`);
  }
  if (answer.url !== expectedUrl || answer.accountId !== target.accountId) {
    throw new Error(`the broker connected ${String(answer.url)} for account ${String(answer.accountId)}, not ${expectedUrl}`);
  }
  return { region, registryId: answer.registryId, created: answer.created };
}

export async function disconnectRegion(broker: BrokerCaller, accountId: string, region: string): Promise<string[]> {
  const answer = await broker({ action: 'disconnect-ecr-registries', region });
  if (!Array.isArray(answer.disconnected) || answer.accountId !== accountId) {
    throw new Error(`the broker answered disconnect-ecr-registries for ${region} without the list of registries removed`);
  }
  return answer.disconnected.map((d) => String((d as { registryId?: unknown }).registryId));
}

export interface ReconcileResult {
  readonly connected: readonly Connected[];
  readonly disconnected: readonly string[];
}

/**
 * Makes the account's connections match `regions`: connects each (existing ones are reported, not recreated),
 * then disconnects `dropped`. If a connect fails, every connection this attempt created is removed again before
 * the error is rethrown, so a failed create or update leaves Falcon as it was.
 */
export async function reconcileConnections(
  broker: BrokerCaller,
  target: ConnectTarget,
  regions: readonly string[],
  dropped: readonly string[],
): Promise<ReconcileResult> {
  const connected: Connected[] = [];
  try {
    for (const region of regions) connected.push(await connectRegion(broker, target, region));
  } catch (err) {
    const madeNow = connected.filter((c) => c.created).map((c) => c.region);
    const rollbackFailures: string[] = [];
    for (const region of madeNow) {
      try {
        await disconnectRegion(broker, target.accountId, region);
      } catch (rollbackError) {
        rollbackFailures.push(`${region} (${(rollbackError as Error).message})`);
      }
    }
    const undone = madeNow.length > 0 ? ` Removed the connections made by this attempt: ${madeNow.join(', ')}.` : '';
    const stuck = rollbackFailures.length > 0 ? ` Could not remove: ${rollbackFailures.join('; ')}.` : '';
    throw new Error(`${(err as Error).message}.${undone}${stuck}`);
  }
  const disconnected: string[] = [];
  for (const region of dropped) disconnected.push(...(await disconnectRegion(broker, target.accountId, region)));
  return { connected, disconnected };
}
