import { BatchGetBuildsCommand, CodeBuildClient, StartBuildCommand } from '@aws-sdk/client-codebuild';
import {
  AssociateAccessPolicyCommand,
  CreateAccessEntryCommand,
  DescribeClusterCommand,
  EKSClient,
  ListFargateProfilesCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  paginateListAccessEntries,
  paginateListClusters,
} from '@aws-sdk/client-eks';
import { describe, expect, it } from 'vitest';
import { APP_PROD, MANAGEMENT, REGION, exampleSimulator } from './fixtures';

const ADMIN_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';

describe('EKS (restJson1) and CodeBuild', () => {
  it('lists and describes clusters seeded per account and Region', async () => {
    const sim = exampleSimulator();
    sim.eks.addCluster(APP_PROD, { name: 'batch', region: REGION, authenticationMode: 'CONFIG_MAP' });
    const eks = new EKSClient({ region: REGION, ...sim.clientConfig({ accountId: APP_PROD }) });
    const names: string[] = [];
    for await (const page of paginateListClusters({ client: eks, pageSize: 1 }, {})) names.push(...page.clusters!);
    expect(names).toEqual(['payments', 'batch']);
    const { cluster } = await eks.send(new DescribeClusterCommand({ name: 'payments' }));
    expect(cluster).toMatchObject({ arn: `arn:aws:eks:${REGION}:${APP_PROD}:cluster/payments`, status: 'ACTIVE', accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } });
    expect(cluster?.createdAt).toBeInstanceOf(Date);
    expect((await eks.send(new ListFargateProfilesCommand({ clusterName: 'payments' }))).fargateProfileNames).toEqual(['fp-default']);
    await expect(eks.send(new DescribeClusterCommand({ name: 'nope' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    const elsewhere = new EKSClient({ region: 'eu-west-1', ...sim.clientConfig({ accountId: APP_PROD }) });
    for await (const page of paginateListClusters({ client: elsewhere }, {})) expect(page.clusters).toEqual([]);
  });

  it('creates access entries and associates access policies', async () => {
    const sim = exampleSimulator();
    const eks = new EKSClient({ region: REGION, ...sim.clientConfig({ accountId: APP_PROD }) });
    const principalArn = `arn:aws:iam::${MANAGEMENT}:role/falcon-eks-codebuild`;
    const { accessEntry } = await eks.send(new CreateAccessEntryCommand({ clusterName: 'payments', principalArn, username: 'falcon', type: 'STANDARD' }));
    expect(accessEntry).toMatchObject({ clusterName: 'payments', principalArn, username: 'falcon', type: 'STANDARD' });
    await expect(eks.send(new CreateAccessEntryCommand({ clusterName: 'payments', principalArn }))).rejects.toBeInstanceOf(ResourceInUseException);
    const associated = await eks.send(new AssociateAccessPolicyCommand({ clusterName: 'payments', principalArn, policyArn: ADMIN_POLICY, accessScope: { type: 'cluster' } }));
    expect(associated.associatedAccessPolicy).toMatchObject({ policyArn: ADMIN_POLICY, accessScope: { type: 'cluster' } });
    const entries: string[] = [];
    for await (const page of paginateListAccessEntries({ client: eks }, { clusterName: 'payments', associatedPolicyArn: ADMIN_POLICY })) entries.push(...page.accessEntries!);
    expect(entries).toEqual([principalArn]);
    expect(sim.eks.cluster(APP_PROD, REGION, 'payments')?.accessEntries.get(principalArn)?.policies.has(ADMIN_POLICY)).toBe(true);
  });

  it('records CodeBuild builds that finish over virtual time', async () => {
    const sim = exampleSimulator();
    sim.codebuild.createProject(MANAGEMENT, REGION, 'falcon-eks-install');
    const codebuild = new CodeBuildClient({ region: REGION, ...sim.clientConfig({ accountId: MANAGEMENT }) });
    const { build } = await codebuild.send(new StartBuildCommand({
      projectName: 'falcon-eks-install',
      environmentVariablesOverride: [{ name: 'CLUSTER', value: 'payments', type: 'PLAINTEXT' }],
    }));
    expect(build?.buildStatus).toBe('IN_PROGRESS');
    await sim.clock.sleep(sim.codebuild.buildDurationMs);
    const { builds } = await codebuild.send(new BatchGetBuildsCommand({ ids: [build!.id!] }));
    expect(builds?.[0]).toMatchObject({ buildStatus: 'SUCCEEDED', buildComplete: true });
    expect(sim.codebuild.recordedBuilds()[0].environmentVariables).toEqual([{ name: 'CLUSTER', value: 'payments', type: 'PLAINTEXT' }]);
    await expect(codebuild.send(new StartBuildCommand({ projectName: 'missing' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
