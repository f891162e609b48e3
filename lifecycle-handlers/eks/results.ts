/**
 * One result event per cluster (and per unreadable account × Region) on the hub's default bus, `source:
 * falcon.catalog` like every other result of this package (docs/decisions.md#results-are-observable), so refusals and failures can be
 * alarmed on and reported rather than found in logs.
 */
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { EKS_PRODUCT_ID } from '../../products/eks-protection/names';
import type { WorkResult } from './handle-work';

export const EKS_RESULT_SOURCE = 'falcon.catalog';
export const EKS_RESULT_DETAIL_TYPE = 'Falcon EKS protection result';
const PUT_EVENTS_BATCH = 10;

export interface EksResultDetail {
  readonly product: typeof EKS_PRODUCT_ID;
  readonly accountId: string;
  readonly region: string;
  readonly clusterName?: string;
  readonly status: 'build-started' | 'waiting' | 'refused' | 'failed';
  readonly reason?: string;
  readonly nodeType?: string;
  readonly buildId?: string;
}

export function resultDetails(result: WorkResult): EksResultDetail[] {
  const fromCluster = (o: Extract<WorkResult, { kind: 'cluster' }>['outcome']): EksResultDetail => ({
    product: EKS_PRODUCT_ID,
    accountId: o.cluster.accountId,
    region: o.cluster.region,
    clusterName: o.cluster.clusterName,
    status: o.status,
    ...(o.status === 'build-started' ? { nodeType: o.nodeType, buildId: o.buildId } : { reason: o.reason }),
  });
  if (result.kind === 'cluster') return [fromCluster(result.outcome)];
  const { outcome } = result;
  const failure: EksResultDetail[] = outcome.failure
    ? [{ product: EKS_PRODUCT_ID, accountId: outcome.accountId, region: outcome.region, status: 'failed', reason: outcome.failure }]
    : [];
  return [...failure, ...outcome.clusters.map(fromCluster)];
}

export async function publishResults(events: EventBridgeClient, details: readonly EksResultDetail[]): Promise<void> {
  for (let i = 0; i < details.length; i += PUT_EVENTS_BATCH) {
    const batch = details.slice(i, i + PUT_EVENTS_BATCH);
    const out = await events.send(
      new PutEventsCommand({
        Entries: batch.map((detail) => ({ Source: EKS_RESULT_SOURCE, DetailType: EKS_RESULT_DETAIL_TYPE, Detail: JSON.stringify(detail) })),
      }),
    );
    if (out.FailedEntryCount) throw new Error(`${out.FailedEntryCount} EKS result event(s) were not accepted by EventBridge`);
  }
}
