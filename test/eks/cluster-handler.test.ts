/**
 * The hub's new-cluster path through the real handler code and real SDK clients against the simulator: parse the
 * forwarded CloudTrail event, assume the member execution role, read the cluster, then start one build in the
 * hub Region, re-queue a later look, or refuse with a reason.
 */
import { describe, expect, it } from 'vitest';
import { handleWork } from '../../lifecycle-handlers/eks/handle-work';
import { OwnFargateProfileEvent, parseWork, UnusableEventError } from '../../lifecycle-handlers/eks/messages';
import { EKS_INSTALLER_PROJECT_NAME, EKS_INSTALLER_VPC_PROJECT_NAME } from '../../products/eks-protection/names';
import { APP_DEV, APP_PROD, HUB, HUB_REGION, cloudTrailEvent, grantExecutionRole, hubHarness, newSimulator } from './support';

const envOf = (build: { environmentVariables: { name: string; value: string }[] }) =>
  Object.fromEntries(build.environmentVariables.map((v) => [v.name, v.value]));

describe('new-cluster handler', () => {
  it('starts exactly one build in the hub Region, carrying the cluster\'s own account and Region', async () => {
    const sim = newSimulator();
    grantExecutionRole(sim, APP_PROD);
    sim.eks.addCluster(APP_PROD, { name: 'orders', region: 'eu-west-1', nodegroups: ['ng-general'] });
    const { deps } = hubHarness(sim);

    const work = parseWork(cloudTrailEvent('CreateCluster', APP_PROD, 'eu-west-1', { name: 'orders' }));
    const result = await handleWork(work, deps);

    expect(result).toMatchObject({ kind: 'cluster', outcome: { status: 'build-started', nodeType: 'nodegroup', project: EKS_INSTALLER_PROJECT_NAME } });
    const builds = sim.codebuild.recordedBuilds();
    expect(builds).toHaveLength(1);
    expect(builds[0]).toMatchObject({ account: HUB, region: HUB_REGION, projectName: EKS_INSTALLER_PROJECT_NAME });
    expect(envOf(builds[0])).toEqual({
      CLUSTER_NAME: 'orders',
      CLUSTER_ARN: `arn:aws:eks:eu-west-1:${APP_PROD}:cluster/orders`,
      CLUSTER_ACCOUNT_ID: APP_PROD,
      CLUSTER_REGION: 'eu-west-1',
      NODE_TYPE: 'nodegroup',
    });
    // The cluster was read in its own account and Region, through the member execution role.
    const describe = sim.calls.find((c) => c.operation === 'DescribeCluster');
    expect(describe).toMatchObject({ callerAccount: APP_PROD, callerRole: 'CrowdStrikeEksExecution', region: 'eu-west-1' });
  });

  it('gives a Fargate-only cluster the sidecar node type, read from the cluster rather than the event', async () => {
    const sim = newSimulator();
    grantExecutionRole(sim, APP_PROD);
    // The example org's `payments` cluster has one Fargate profile and no node groups.
    const { deps } = hubHarness(sim);

    const result = await handleWork(parseWork(cloudTrailEvent('CreateCluster', APP_PROD, HUB_REGION, { name: 'payments' })), deps);

    expect(result).toMatchObject({ outcome: { status: 'build-started', nodeType: 'fargate' } });
    expect(envOf(sim.codebuild.recordedBuilds()[0]).NODE_TYPE).toBe('fargate');
  });

  it('takes the cluster name of a CreateFargateProfile event, and a node group means the node sensor', async () => {
    const sim = newSimulator();
    grantExecutionRole(sim, APP_DEV);
    sim.eks.addCluster(APP_DEV, { name: 'mixed', region: 'us-west-2', nodegroups: ['ng'], fargateProfiles: ['fp'] });
    const { deps } = hubHarness(sim);

    const event = cloudTrailEvent('CreateFargateProfile', APP_DEV, 'us-west-2', { name: 'mixed', fargateProfileName: 'fp' });
    const result = await handleWork(parseWork(event), deps);

    expect(result).toMatchObject({ outcome: { status: 'build-started', nodeType: 'nodegroup', cluster: { clusterName: 'mixed' } } });
  });

  it('re-queues a cluster that is not ACTIVE yet with a delay, and builds it once it is', async () => {
    const sim = newSimulator();
    grantExecutionRole(sim, APP_PROD);
    sim.eks.addCluster(APP_PROD, { name: 'fresh', region: 'us-west-2', status: 'CREATING' });
    const { deps, queue } = hubHarness(sim);

    const first = await handleWork(parseWork(cloudTrailEvent('CreateCluster', APP_PROD, 'us-west-2', { name: 'fresh' })), deps);

    expect(first).toMatchObject({ outcome: { status: 'waiting', reason: 'cluster is CREATING', nextAttempt: 2 } });
    expect(sim.codebuild.recordedBuilds()).toHaveLength(0);
    expect(queue.sent).toEqual([
      {
        work: { kind: 'cluster', cluster: { accountId: APP_PROD, region: 'us-west-2', clusterName: 'fresh' }, trigger: 'CreateCluster', attempt: 2 },
        delaySeconds: 180,
      },
    ]);
    // Node groups are not listed while the cluster is being created.
    expect(sim.calls.filter((c) => c.operation === 'ListNodegroups')).toHaveLength(0);

    sim.eks.cluster(APP_PROD, 'us-west-2', 'fresh')!.status = 'ACTIVE';
    const second = await handleWork(parseWork(JSON.stringify(queue.sent[0].work)), deps);
    expect(second).toMatchObject({ outcome: { status: 'build-started' } });
    expect(sim.codebuild.recordedBuilds()).toHaveLength(1);
  });

  it('gives up after the last look with a failure, without another re-queue', async () => {
    const sim = newSimulator();
    grantExecutionRole(sim, APP_PROD);
    sim.eks.addCluster(APP_PROD, { name: 'stuck', region: HUB_REGION, status: 'CREATING' });
    const { deps, queue } = hubHarness(sim);

    const result = await handleWork({ kind: 'cluster', cluster: { accountId: APP_PROD, region: HUB_REGION, clusterName: 'stuck' }, trigger: 'CreateCluster', attempt: 20 }, deps);

    expect(result).toMatchObject({ outcome: { status: 'failed', reason: 'cluster is CREATING after 20 looks; the next sweep tries again' } });
    expect(queue.sent).toHaveLength(0);
  });

  it('refuses a private-endpoint cluster with the reason when no VPC project is configured', async () => {
    const sim = newSimulator();
    grantExecutionRole(sim, APP_PROD);
    sim.eks.addCluster(APP_PROD, { name: 'internal', region: HUB_REGION, endpointPublicAccess: false });
    const { deps } = hubHarness(sim);

    const result = await handleWork(parseWork(cloudTrailEvent('CreateCluster', APP_PROD, HUB_REGION, { name: 'internal' })), deps);

    expect(result).toMatchObject({ outcome: { status: 'refused' } });
    const reason = (result.outcome as { reason: string }).reason;
    expect(reason).toContain('its API endpoint is private only');
    expect(reason).toContain('eks.privateClusters');
    expect(sim.codebuild.recordedBuilds()).toHaveLength(0);
  });

  it('builds a private-endpoint cluster in the VPC-attached project when one is configured', async () => {
    const sim = newSimulator();
    grantExecutionRole(sim, APP_PROD);
    sim.eks.addCluster(APP_PROD, { name: 'internal', region: HUB_REGION, endpointPublicAccess: false, nodegroups: ['ng'] });
    const { deps } = hubHarness(sim, { withVpcProject: true });

    const result = await handleWork(parseWork(cloudTrailEvent('CreateCluster', APP_PROD, HUB_REGION, { name: 'internal' })), deps);

    expect(result).toMatchObject({ outcome: { status: 'build-started', project: EKS_INSTALLER_VPC_PROJECT_NAME } });
    expect(sim.codebuild.recordedBuilds().map((b) => b.projectName)).toEqual([EKS_INSTALLER_VPC_PROJECT_NAME]);
  });

  it('refuses a CONFIG_MAP-only cluster, saying how to enable access entries, and changes nothing', async () => {
    const sim = newSimulator();
    grantExecutionRole(sim, APP_PROD);
    sim.eks.addCluster(APP_PROD, { name: 'legacy', region: HUB_REGION, authenticationMode: 'CONFIG_MAP' });
    const { deps } = hubHarness(sim);

    const result = await handleWork(parseWork(cloudTrailEvent('CreateCluster', APP_PROD, HUB_REGION, { name: 'legacy' })), deps);

    expect(result).toMatchObject({ outcome: { status: 'refused' } });
    expect((result.outcome as { reason: string }).reason).toContain('authenticationMode=API_AND_CONFIG_MAP');
    expect(sim.calls.filter((c) => c.callerAccount === APP_PROD && c.service === 'eks').map((c) => c.operation)).toEqual([
      'DescribeCluster',
      'ListNodegroups',
      'ListFargateProfiles',
    ]);
  });

  it('reports an account whose execution role cannot be assumed, instead of retrying forever', async () => {
    const sim = newSimulator();
    sim.eks.addCluster(APP_DEV, { name: 'orphan', region: HUB_REGION });
    const { deps } = hubHarness(sim);

    const result = await handleWork(parseWork(cloudTrailEvent('CreateCluster', APP_DEV, HUB_REGION, { name: 'orphan' })), deps);

    expect(result).toMatchObject({ outcome: { status: 'failed' } });
    expect((result.outcome as { reason: string }).reason).toMatch(/cannot assume the EKS Protection execution role in 333333333333 \(AccessDenied\)/);
  });

  it('drops what is not an EKS creation event, as unusable rather than retryable', () => {
    expect(() => parseWork('not json')).toThrow(UnusableEventError);
    expect(() => parseWork(cloudTrailEvent('CreateCluster', APP_PROD, HUB_REGION, {}))).toThrow('names no valid cluster');
    expect(() => parseWork(JSON.stringify({ kind: 'sweep-target', accountId: '1', region: HUB_REGION }))).toThrow(UnusableEventError);
  });

  it('ignores the creation of the installer\'s own Fargate profiles, so an install never starts another', () => {
    const own = cloudTrailEvent('CreateFargateProfile', APP_PROD, HUB_REGION, { clusterName: 'serverless', fargateProfileName: 'crowdstrike-falcon-falcon-system' });
    expect(() => parseWork(own)).toThrow(OwnFargateProfileEvent);
    const theirs = cloudTrailEvent('CreateFargateProfile', APP_PROD, HUB_REGION, { clusterName: 'serverless', fargateProfileName: 'falcon-apps' });
    expect(parseWork(theirs)).toMatchObject({ kind: 'cluster', cluster: { clusterName: 'serverless' }, trigger: 'CreateFargateProfile' });
  });
});
