/**
 * One cluster: assume the member execution role, read the cluster, decide, and then start one build, queue a
 * later look (not ACTIVE yet), or record a refusal with its reason. Never a silent skip.
 *
 * Waiting is a delayed queue message, not a sleeping Lambda: creating a cluster takes 10-15 minutes, and a
 * message with a delay costs nothing while it waits, survives a redeploy, and is retried by SQS if a look fails.
 */
import type { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { readClusterFacts } from './cluster-facts';
import { decideInstall } from './install-decision';
import { startInstallBuild } from './build-starter';
import type { MemberEksAccess } from './member-access';
import type { ClusterOutcome, ClusterRef, ClusterTrigger, EksWork } from './types';

export interface InstallerProjects {
  /** The project without VPC configuration, for clusters with a public endpoint. */
  readonly public: string;
  /** The VPC-attached project, when `eks.privateClusters.mode` is `vpc`. */
  readonly vpc?: string;
}

export interface ClusterProcessingDeps {
  readonly access: MemberEksAccess;
  /** CodeBuild in the hub account and hub Region, whatever the cluster's Region. */
  readonly codebuild: CodeBuildClient;
  readonly projects: InstallerProjects;
  readonly requeue: (work: EksWork, delaySeconds: number) => Promise<void>;
  readonly retry: { readonly maxAttempts: number; readonly delaySeconds: number };
}

/** Errors that no retry of the same message can fix; anything else is thrown for the queue to retry. */
const PERMANENT_ERRORS = new Set(['AccessDenied', 'AccessDeniedException', 'UnrecognizedClientException']);

export function errorName(error: unknown): string {
  return (error as { name?: string })?.name ?? 'Error';
}

export function isPermanent(error: unknown): boolean {
  return PERMANENT_ERRORS.has(errorName(error));
}

export async function processCluster(
  cluster: ClusterRef,
  trigger: ClusterTrigger,
  attempt: number,
  deps: ClusterProcessingDeps,
): Promise<ClusterOutcome> {
  let eks;
  try {
    eks = await deps.access.eks(cluster.accountId, cluster.region);
  } catch (error) {
    if (!isPermanent(error)) throw error;
    return {
      status: 'failed',
      cluster,
      reason:
        `cannot assume the EKS Protection execution role in ${cluster.accountId} (${errorName(error)}): ` +
        'provision eks-protection in that account (home Region) first',
    };
  }

  let facts;
  try {
    facts = await readClusterFacts(eks, cluster.clusterName);
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return { status: 'refused', cluster, reason: 'cluster no longer exists' };
    if (!isPermanent(error)) throw error;
    return { status: 'failed', cluster, reason: `cannot read the cluster (${errorName(error)})` };
  }

  const decision = decideInstall(facts, deps.projects.vpc !== undefined);
  if (decision.kind === 'refuse') return { status: 'refused', cluster, reason: decision.reason };
  if (decision.kind === 'wait') {
    if (attempt >= deps.retry.maxAttempts) {
      return { status: 'failed', cluster, reason: `${decision.reason} after ${attempt} looks; the next sweep tries again` };
    }
    const nextAttempt = attempt + 1;
    await deps.requeue({ kind: 'cluster', cluster, trigger, attempt: nextAttempt }, deps.retry.delaySeconds);
    return { status: 'waiting', cluster, reason: decision.reason, nextAttempt };
  }

  const project = decision.network === 'vpc' ? deps.projects.vpc! : deps.projects.public;
  const buildId = await startInstallBuild(deps.codebuild, {
    project,
    cluster,
    clusterArn: facts.arn,
    nodeType: decision.nodeType,
    requestKey: `${trigger}#${attempt}`,
  });
  return { status: 'build-started', cluster, nodeType: decision.nodeType, project, buildId };
}
