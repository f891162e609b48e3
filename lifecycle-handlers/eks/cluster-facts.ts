/**
 * Reads what the install decision needs from the cluster itself, through the member execution role: its
 * description, and (once ACTIVE) whether it has managed node groups and Fargate profiles. One page of each list
 * is enough: only "none" versus "some" matters.
 */
import { DescribeClusterCommand, type EKSClient, ListFargateProfilesCommand, ListNodegroupsCommand } from '@aws-sdk/client-eks';
import type { ClusterFacts } from './install-decision';

export async function readClusterFacts(eks: EKSClient, clusterName: string): Promise<ClusterFacts> {
  const { cluster } = await eks.send(new DescribeClusterCommand({ name: clusterName }));
  if (!cluster?.arn || !cluster.status) throw new Error(`DescribeCluster returned no ARN or status for ${clusterName}`);
  const vpc = cluster.resourcesVpcConfig ?? {};
  const facts = {
    arn: cluster.arn,
    status: cluster.status,
    authenticationMode: cluster.accessConfig?.authenticationMode,
    endpointPublicAccess: vpc.endpointPublicAccess ?? false,
    endpointPrivateAccess: vpc.endpointPrivateAccess ?? false,
    publicAccessCidrs: vpc.publicAccessCidrs ?? [],
    autoModeCompute: cluster.computeConfig?.enabled ?? false,
  };
  // A cluster that is still being created has neither yet; the next look, once ACTIVE, reads them.
  if (cluster.status !== 'ACTIVE') return { ...facts, nodegroupCount: 0, fargateProfileCount: 0 };
  const [nodegroups, profiles] = await Promise.all([
    eks.send(new ListNodegroupsCommand({ clusterName, maxResults: 1 })),
    eks.send(new ListFargateProfilesCommand({ clusterName, maxResults: 1 })),
  ]);
  return {
    ...facts,
    nodegroupCount: nodegroups.nodegroups?.length ?? 0,
    fargateProfileCount: profiles.fargateProfileNames?.length ?? 0,
  };
}
