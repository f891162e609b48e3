/** Routes one queued unit of work to the cluster check or the sweep of one account × Region. */
import { processCluster, type ClusterProcessingDeps } from './process-cluster';
import { sweepTarget } from './sweep-target';
import type { ClusterOutcome, EksWork, SweepTargetOutcome } from './types';

export type WorkResult =
  | { readonly kind: 'cluster'; readonly outcome: ClusterOutcome }
  | { readonly kind: 'sweep-target'; readonly outcome: SweepTargetOutcome };

export async function handleWork(
  work: EksWork,
  deps: ClusterProcessingDeps & { readonly clusterConcurrency: number },
): Promise<WorkResult> {
  if (work.kind === 'cluster') {
    return { kind: 'cluster', outcome: await processCluster(work.cluster, work.trigger, work.attempt, deps) };
  }
  return { kind: 'sweep-target', outcome: await sweepTarget({ accountId: work.accountId, region: work.region }, deps) };
}
