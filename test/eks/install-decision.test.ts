/** The install decision from cluster facts (pure): readiness, authentication mode, reachability, node type. */
import { describe, expect, it } from 'vitest';
import { type ClusterFacts, decideInstall, nodeTypeOf } from '../../lifecycle-handlers/eks/install-decision';
import { eksHubOptionsSchema } from '../../products/eks-protection/options';

const facts = (over: Partial<ClusterFacts> = {}): ClusterFacts => ({
  arn: 'arn:aws:eks:eu-west-1:222222222222:cluster/c',
  status: 'ACTIVE',
  authenticationMode: 'API',
  endpointPublicAccess: true,
  endpointPrivateAccess: false,
  publicAccessCidrs: ['0.0.0.0/0'],
  autoModeCompute: false,
  nodegroupCount: 1,
  fargateProfileCount: 0,
  ...over,
});

describe('install decision', () => {
  it('waits while the cluster is being created or updated, and refuses one that is failing or going away', () => {
    for (const status of ['CREATING', 'UPDATING', 'PENDING']) expect(decideInstall(facts({ status }), false)).toEqual({ kind: 'wait', reason: `cluster is ${status}` });
    for (const status of ['DELETING', 'FAILED']) expect(decideInstall(facts({ status }), false)).toEqual({ kind: 'refuse', reason: `cluster is ${status}` });
  });

  it('refuses a public endpoint restricted to some CIDRs rather than editing them', () => {
    const decision = decideInstall(facts({ publicAccessCidrs: ['203.0.113.0/24'] }), false);
    expect(decision.kind).toBe('refuse');
    expect(decision).toMatchObject({ reason: expect.stringContaining('admits only 203.0.113.0/24') });
    expect(decideInstall(facts({ publicAccessCidrs: ['203.0.113.0/24'], endpointPrivateAccess: true }), true)).toEqual({ kind: 'build', nodeType: 'nodegroup', network: 'vpc' });
  });

  it('chooses the sidecar only for Fargate profiles without node groups or Auto Mode nodes', () => {
    expect(nodeTypeOf({ fargateProfileCount: 2, nodegroupCount: 0, autoModeCompute: false })).toBe('fargate');
    expect(nodeTypeOf({ fargateProfileCount: 2, nodegroupCount: 1, autoModeCompute: false })).toBe('nodegroup');
    expect(nodeTypeOf({ fargateProfileCount: 2, nodegroupCount: 0, autoModeCompute: true })).toBe('nodegroup');
    expect(nodeTypeOf({ fargateProfileCount: 0, nodegroupCount: 0, autoModeCompute: false })).toBe('nodegroup');
  });
});

describe('EKS hub options', () => {
  it('needs the reviewed operator manifest checksum, and the chart checksum when the protection agent is on', () => {
    expect(eksHubOptionsSchema.safeParse({}).success).toBe(false);
    const noChart = eksHubOptionsSchema.safeParse({ falconOperator: { manifestSha256: 'a'.repeat(64) } });
    expect(noChart.success).toBe(false);
    expect(noChart.error?.issues[0].path).toEqual(['protectionAgentChart']);
    const minimal = eksHubOptionsSchema.parse({ falconOperator: { manifestSha256: 'a'.repeat(64) }, kubernetesProtectionAgent: false });
    expect(minimal).toMatchObject({ registry: 'crowdstrike', backend: 'bpf', admissionController: true, privateClusters: { mode: 'refuse' } });
    expect(eksHubOptionsSchema.safeParse({ falconOperator: { version: 'latest', manifestSha256: 'a'.repeat(64) } }).success).toBe(false);
  });

  it('needs the mirrored image URIs, pinned, when the registry is ECR', () => {
    const base = { falconOperator: { manifestSha256: 'a'.repeat(64) }, kubernetesProtectionAgent: false, registry: 'ecr' };
    expect(eksHubOptionsSchema.safeParse(base).error?.issues[0].path).toEqual(['ecrMirror']);
    const image = (name: string) => `111122223333.dkr.ecr.us-east-1.amazonaws.com/${name}:7.20.0`;
    const mirror = { nodeSensorImage: image('falcon-sensor'), containerSensorImage: image('falcon-container'), admissionControllerImage: image('falcon-kac'), protectionAgentImage: image('kpagent') };
    expect(eksHubOptionsSchema.safeParse({ ...base, ecrMirror: mirror }).success).toBe(true);
    expect(eksHubOptionsSchema.safeParse({ ...base, ecrMirror: { ...mirror, nodeSensorImage: '111122223333.dkr.ecr.us-east-1.amazonaws.com/falcon-sensor' } }).success).toBe(false);
  });
});
