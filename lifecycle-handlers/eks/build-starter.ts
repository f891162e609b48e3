/**
 * Starts the one installer build for a cluster in the hub Region's CodeBuild project, passing the cluster's own
 * account, Region, name, ARN and node type (the reference started it in the event's Region, where no project
 * exists). Nothing secret goes in here: the build reads the Falcon credential from the hub secret itself.
 *
 * The idempotency token makes a redelivered message within CodeBuild's five-minute window return the same build
 * instead of a second one.
 */
import { createHash } from 'node:crypto';
import { type CodeBuildClient, StartBuildCommand } from '@aws-sdk/client-codebuild';
import type { ClusterRef, NodeType } from './types';

export interface BuildRequest {
  readonly project: string;
  readonly cluster: ClusterRef;
  readonly clusterArn: string;
  readonly nodeType: NodeType;
  /** Distinguishes deliberate re-runs (a new event or sweep) from redeliveries of the same message. */
  readonly requestKey: string;
}

/** The per-build environment the buildspec reads (eks-installer/buildspec.yml). */
export function buildEnvironment(request: BuildRequest): { name: string; value: string; type: 'PLAINTEXT' }[] {
  const values: Record<string, string> = {
    CLUSTER_NAME: request.cluster.clusterName,
    CLUSTER_ARN: request.clusterArn,
    CLUSTER_ACCOUNT_ID: request.cluster.accountId,
    CLUSTER_REGION: request.cluster.region,
    NODE_TYPE: request.nodeType,
  };
  return Object.entries(values).map(([name, value]) => ({ name, value, type: 'PLAINTEXT' }));
}

export async function startInstallBuild(codebuild: CodeBuildClient, request: BuildRequest): Promise<string> {
  const token = createHash('sha256')
    .update(JSON.stringify([request.project, request.clusterArn, request.nodeType, request.requestKey]))
    .digest('hex')
    .slice(0, 64);
  const { build } = await codebuild.send(
    new StartBuildCommand({
      projectName: request.project,
      environmentVariablesOverride: buildEnvironment(request),
      idempotencyToken: token,
    }),
  );
  if (!build?.id) throw new Error(`StartBuild on ${request.project} returned no build ID`);
  return build.id;
}
