/** The vocabulary of the EKS hub's handlers: plain data, so every decision can be tested with object literals. */

/** A cluster, named by where it lives: its own account and Region, never the hub's. */
export interface ClusterRef {
  readonly accountId: string;
  readonly region: string;
  readonly clusterName: string;
}

/** Which Falcon sensor the cluster gets: the node sensor DaemonSet, or the Fargate sidecar injector. */
export type NodeType = 'nodegroup' | 'fargate';

export type ClusterTrigger = 'CreateCluster' | 'CreateFargateProfile' | 'sweep';

/** One unit of queued work; each is small enough to finish well inside one Lambda invocation. */
export type EksWork =
  | { readonly kind: 'cluster'; readonly cluster: ClusterRef; readonly trigger: ClusterTrigger; readonly attempt: number }
  | { readonly kind: 'sweep-target'; readonly accountId: string; readonly region: string };

export type ClusterOutcome =
  | {
      readonly status: 'build-started';
      readonly cluster: ClusterRef;
      readonly nodeType: NodeType;
      readonly project: string;
      readonly buildId: string;
    }
  | { readonly status: 'waiting'; readonly cluster: ClusterRef; readonly reason: string; readonly nextAttempt: number }
  | { readonly status: 'refused'; readonly cluster: ClusterRef; readonly reason: string }
  | { readonly status: 'failed'; readonly cluster: ClusterRef; readonly reason: string };

/** The result of sweeping one account × Region: one outcome per cluster, or why the pair could not be read. */
export interface SweepTargetOutcome {
  readonly accountId: string;
  readonly region: string;
  readonly clusters: readonly ClusterOutcome[];
  readonly failure?: string;
}
