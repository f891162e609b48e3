/** The install decision from cluster facts (pure): readiness, authentication mode, reachability, node type. */
import { describe, expect, it } from 'vitest';
import { crossCheck } from '../../manifest/cross-checks';
import type { Manifest } from '../../manifest/schema';
import { manifestWithEks } from './support';
import { type ClusterFacts, decideInstall, nodeTypeOf } from '../../lifecycle-handlers/eks/install-decision';
import { FALCON_OPERATOR_RELEASES, KPA_CHART_DIGESTS, LATEST_FALCON_OPERATOR } from '../../products/eks-protection/falcon-versions';
import { EKS_CLIENT_SCOPES, eksHubOptionsSchema, operatorManifestSha256, protectionAgentChart } from '../../products/eks-protection/options';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

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
  const credentials = { apiCredentials: { secretName: 'falcon/eks-installer' } };

  it('needs only the installer\'s own client; everything else defaults to what installs today', () => {
    expect(eksHubOptionsSchema.safeParse({}).error?.issues[0].path).toEqual(['apiCredentials']);
    const minimal = eksHubOptionsSchema.parse(credentials);
    expect(minimal).toMatchObject({
      registry: 'crowdstrike',
      admissionController: true,
      kubernetesProtectionAgent: false,
      privateClusters: { mode: 'refuse' },
      falconOperator: { version: LATEST_FALCON_OPERATOR },
    });
    expect(operatorManifestSha256(minimal)).toBe(FALCON_OPERATOR_RELEASES[LATEST_FALCON_OPERATOR]);
    expect(eksHubOptionsSchema.safeParse({ ...credentials, falconOperator: { version: 'latest' } }).success).toBe(false);
    expect(eksHubOptionsSchema.safeParse({ apiCredentials: { secretName: 'a', secretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:b' } }).success).toBe(false);
  });

  it('pins an operator release it does not know only with the digest the operator gives', () => {
    const unknown = eksHubOptionsSchema.safeParse({ ...credentials, falconOperator: { version: '1.99.0' } });
    expect(unknown.error?.issues[0]).toMatchObject({ path: ['falconOperator', 'manifestSha256'] });
    expect(unknown.error?.issues[0].message).toMatch(/falcon-operator 1.99.0 is not one of the releases this package knows \(1.13.0, /);
    const pinned = eksHubOptionsSchema.parse({ ...credentials, falconOperator: { version: '1.99.0', manifestSha256: 'a'.repeat(64) } });
    expect(operatorManifestSha256(pinned)).toBe('a'.repeat(64));
  });

  it('takes the protection agent chart only at a version CrowdStrike\'s chart index lists, with the index digest', () => {
    const kpa = eksHubOptionsSchema.parse({ ...credentials, kubernetesProtectionAgent: true });
    expect(protectionAgentChart(kpa)).toEqual({ version: '1.0.3', sha256: KPA_CHART_DIGESTS['1.0.3'] });
    // The version the package used to default to, which the index never had.
    const missing = eksHubOptionsSchema.safeParse({ ...credentials, kubernetesProtectionAgent: true, protectionAgentChart: { version: '1.1.4' } });
    expect(missing.error?.issues[0].message).toBe(
      "cs-k8s-protection-agent 1.1.4 is not in CrowdStrike's chart index; the versions it lists are 1.0.3, 1.0.2, 1.0.1",
    );
  });

  it('the docs give the installer client exactly the scopes the code names', () => {
    const doc = readFileSync(path.join(__dirname, '..', '..', 'docs', 'eks-protection.md'), 'utf8');
    const section = doc.slice(doc.indexOf('### Two Falcon clients'), doc.indexOf('What reaches a cluster, exactly'));
    const rows = [...section.matchAll(/^\| ([A-Z][^|]+: Read) \|/gm)].map((m) => m[1].trim());
    expect(rows.sort()).toEqual([...EKS_CLIENT_SCOPES].sort());
  });

  it('needs the mirrored image URIs, pinned, when the registry is ECR (the agent\'s only when it is enabled)', () => {
    const base = { ...credentials, registry: 'ecr' as const };
    expect(eksHubOptionsSchema.safeParse(base).error?.issues[0].path).toEqual(['ecrMirror']);
    const image = (name: string) => `111122223333.dkr.ecr.us-east-1.amazonaws.com/${name}:7.20.0`;
    const mirror = { nodeSensorImage: image('falcon-sensor'), containerSensorImage: image('falcon-container'), admissionControllerImage: image('falcon-kac') };
    expect(eksHubOptionsSchema.safeParse({ ...base, ecrMirror: mirror }).success).toBe(true);
    expect(eksHubOptionsSchema.safeParse({ ...base, ecrMirror: mirror, kubernetesProtectionAgent: true }).error?.issues[0].path).toEqual(['ecrMirror', 'protectionAgentImage']);
    expect(eksHubOptionsSchema.safeParse({ ...base, ecrMirror: { ...mirror, nodeSensorImage: '111122223333.dkr.ecr.us-east-1.amazonaws.com/falcon-sensor' } }).success).toBe(false);
  });
});

describe('manifest checks of the EKS settings', () => {
  const withEks = (eks: unknown) => {
    const manifest = manifestWithEks({ targets: { organizationalUnits: ['Root/Workloads'] }, regions: 'governed' });
    return { ...manifest, eks: eks === undefined ? undefined : eksHubOptionsSchema.parse(eks) } as Manifest;
  };
  const eksFindings = (manifest: Manifest) => crossCheck(manifest).filter((f) => f.path[0] === 'eks' || f.path[1] === 'eks-protection');

  it('needs the installer\'s own client before eks-protection can be enabled', () => {
    expect(eksFindings(withEks(undefined)).map((f) => f.message)).toEqual([
      'eks-protection needs the top-level eks section, at least eks.apiCredentials (the installer\'s own Falcon client: ' +
        'Falcon Images Download and Sensor Download, read): see docs/eks-protection.md',
    ]);
    expect(eksFindings(withEks({ apiCredentials: { secretName: 'falcon/eks-installer' } }))).toEqual([]);
  });

  it('refuses the organisation\'s client as the installer\'s, by name or by ARN', () => {
    const hubArn = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:falcon/api-client-AbCdEf';
    for (const apiCredentials of [{ secretName: 'falcon/api-client' }, { secretArn: hubArn }]) {
      const [finding] = eksFindings(withEks({ apiCredentials }));
      expect(finding).toMatchObject({ severity: 'error', path: ['eks', 'apiCredentials'] });
      expect(finding.message).toMatch(/^eks.apiCredentials names the same secret as falcon.apiCredentials/);
    }
  });
});
