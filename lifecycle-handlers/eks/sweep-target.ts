/**
 * One account × Region of the sweep: every cluster there (paginated), each handled as if it had just been
 * created, at most `clusterConcurrency` at a time. An account whose role cannot be assumed is reported once and
 * ends this target only; the other targets are separate queue messages.
 */
import { paginateListClusters } from '@aws-sdk/client-eks';
import { mapWithConcurrency } from '../core/concurrency';
import { errorName, isPermanent, processCluster, type ClusterProcessingDeps } from './process-cluster';
import type { SweepTarget } from './sweep-targets';
import type { ClusterOutcome, SweepTargetOutcome } from './types';

export async function sweepTarget(
  target: SweepTarget,
  deps: ClusterProcessingDeps & { readonly clusterConcurrency: number },
): Promise<SweepTargetOutcome> {
  let names: string[];
  try {
    const eks = await deps.access.eks(target.accountId, target.region);
    names = [];
    for await (const page of paginateListClusters({ client: eks }, {})) names.push(...(page.clusters ?? []));
  } catch (error) {
    if (!isPermanent(error)) throw error;
    return {
      ...target,
      clusters: [],
      failure:
        `cannot list clusters with the EKS Protection execution role (${errorName(error)}): ` +
        `is eks-protection provisioned in ${target.accountId}?`,
    };
  }
  const clusters: ClusterOutcome[] = await mapWithConcurrency(names, deps.clusterConcurrency, (clusterName) =>
    processCluster({ accountId: target.accountId, region: target.region, clusterName }, 'sweep', 1, deps),
  );
  return { ...target, clusters };
}
