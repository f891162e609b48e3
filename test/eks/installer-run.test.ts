/**
 * The EKS installer, run for real: the buildspec's pre_build, build and post_build commands execute the repository's
 * scripts with bash, in the environment the synthesized CodeBuild project gives them (its plain variables as they
 * are, its Secrets Manager variables resolved from a store that holds BOTH the organisation's client and the
 * installer's). curl, kubectl, aws and helm are stand-ins (installer-fakes.mjs) that answer as the Falcon API,
 * CrowdStrike's registry, the member account and the cluster do, and record everything they receive.
 *
 * So "what reaches the cluster" is exactly what the scripts hand to kubectl, helm and the member account's EKS API,
 * and the organisation's client could only get there if the template pointed the build at its secret.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEnvironment } from '../../lifecycle-handlers/eks/build-starter';
import type { EksHubOptionsInput } from '../../products/eks-protection/options';
import { EKS_INSTALLER_DIR } from '../../stacks/constructs/eks-installer-project';
import { manifestWithEks } from './support';
import { INSTALLER_SECRET, type Json, resourcesOfType, synthHub } from './synth';

const HUB_CLIENT = { client_id: 'HUBCLIENTID-organisation-0001', client_secret: 'HUB-SECRET-SENTINEL-never-in-a-cluster' };
const EKS_CLIENT = { client_id: 'EKSCLIENTID-installer-0002', client_secret: 'EKS-SECRET-SENTINEL-installer-only' };
const SECRETS: Record<string, Record<string, string>> = { 'falcon/api-client': HUB_CLIENT, [INSTALLER_SECRET]: EKS_CLIENT };
const CID = '0123456789ABCDEF0123456789ABCDEF-A7';
const PULL_TOKEN = 'PULL-TOKEN-SENTINEL-registry-only';
const OPERATOR_MANIFEST = 'apiVersion: v1\nkind: List\nitems: []\n';
const TAGS = ['7.36.0-1801', '7.37.0-1901', '7.37.2-1955', '7.38.0-2002', 'latest'];
const MIRROR = (name: string) => `111122223333.dkr.ecr.us-east-1.amazonaws.com/${name}:7.37.2`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const FAKES = path.join(__dirname, 'installer-fakes.mjs');
const prerequisites = ['bash', 'jq', 'sha256sum'].filter((tool) => spawnSync('which', [tool]).status !== 0);

interface Recorded {
  readonly tool: string;
  readonly [key: string]: unknown;
}

interface Run {
  readonly records: Recorded[];
  readonly phases: { phase: string; command: string; status: number | null; stderr: string }[];
  /** Everything handed to the cluster (kubectl apply, helm values) or to the member account's EKS API. */
  readonly reachedCluster: string;
  readonly applied: Json[];
}

/** CloudFormation values of the project's plain variables: literal strings or joins of pseudo parameters. */
function resolve(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Json;
  if (v.Ref === 'AWS::Partition') return 'aws';
  if (v.Ref === 'AWS::URLSuffix') return 'amazonaws.com';
  if (v['Fn::Join']) return (v['Fn::Join'][1] as unknown[]).map(resolve).join(v['Fn::Join'][0]);
  throw new Error(`cannot resolve ${JSON.stringify(value)}`);
}

function projectEnvironment(template: Json): Record<string, string> {
  const [[, project]] = resourcesOfType(template, 'AWS::CodeBuild::Project');
  const env: Record<string, string> = {};
  for (const v of project.Properties.Environment.EnvironmentVariables as Json[]) {
    if (v.Type === 'SECRETS_MANAGER') {
      const [secretId, key] = (v.Value as string).split(':');
      env[v.Name] = SECRETS[secretId][key];
    } else env[v.Name] = resolve(v.Value);
  }
  return env;
}

function fakeBin(dir: string): string {
  const bin = path.join(dir, 'bin');
  mkdirSync(bin);
  for (const tool of ['curl', 'kubectl', 'aws', 'helm']) {
    writeFileSync(path.join(bin, tool), `#!/bin/sh\nexec node ${JSON.stringify(FAKES)} ${tool} "$@"\n`);
    chmodSync(path.join(bin, tool), 0o755);
  }
  return bin;
}

function runInstaller(options: Partial<EksHubOptionsInput>, nodeType: 'nodegroup' | 'fargate'): Run {
  const manifest = manifestWithEks({ targets: { organizationalUnits: ['Root/Workloads'] }, regions: 'governed' });
  const template = synthHub(manifest, options);
  const dir = mkdtempSync(path.join(tmpdir(), 'falcon-eks-run-'));
  const log = path.join(dir, 'calls.jsonl');
  writeFileSync(log, '');
  const perBuild = Object.fromEntries(
    buildEnvironment({
      project: 'falcon-eks-installer',
      cluster: { accountId: '222222222222', region: 'eu-west-1', clusterName: 'payments' },
      clusterArn: 'arn:aws:eks:eu-west-1:222222222222:cluster/payments',
      nodeType,
      requestKey: 'CreateCluster#1',
    }).map((v) => [v.name, v.value]),
  );
  const project = projectEnvironment(template);
  const env: Record<string, string> = {
    PATH: `${fakeBin(dir)}:${process.env.PATH}`,
    HOME: dir,
    ...project,
    ...perBuild,
    // A stand-in file cannot have the real release's digest: the pinned digests are checked in hub-stack.test.ts
    // and falcon-versions.test.ts; here the stand-ins' own digests are pinned in their place.
    FALCON_OPERATOR_SHA256: sha256(OPERATOR_MANIFEST),
    ...(project.KPA_CHART_SHA256 ? { KPA_CHART_SHA256: sha256('chart archive') } : {}),
    TOOLS_DIR: path.join(dir, 'tools'),
    KUBECONFIG: path.join(dir, 'kube', 'config'),
    FAKE_LOG: log,
    FAKE_FALCON_CLIENTS: JSON.stringify([HUB_CLIENT, EKS_CLIENT]),
    FAKE_CID: CID,
    FAKE_PULL_TOKEN: PULL_TOKEN,
    FAKE_TAGS: JSON.stringify(TAGS),
    FAKE_OPERATOR_MANIFEST: OPERATOR_MANIFEST,
    FAKE_CHART: 'chart archive',
    FAKE_EKS: JSON.stringify({ fargateProfiles: ['payments-apps'], subnets: ['subnet-0aaa1111', 'subnet-0bbb2222'] }),
  };
  const buildspec = parse(readFileSync(path.join(EKS_INSTALLER_DIR, 'buildspec.yml'), 'utf8')) as { phases: Record<string, { commands: string[] }> };
  const phases: Run['phases'] = [];
  // As CodeBuild runs them: a failed command ends its phase; post_build runs whatever happened before.
  for (const phase of ['pre_build', 'build', 'post_build']) {
    if (phase === 'build' && phases.some((p) => p.phase === 'pre_build' && p.status !== 0)) continue;
    for (const command of buildspec.phases[phase].commands) {
      const result = spawnSync('bash', ['-c', command], { cwd: EKS_INSTALLER_DIR, env, encoding: 'utf8' });
      phases.push({ phase, command, status: result.status, stderr: result.stderr });
      if (result.status !== 0) break;
    }
  }
  const records = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Recorded);
  const toCluster = records.filter(
    (r) => r.tool === 'kubectl' || r.tool === 'helm' || (r.tool === 'aws' && r.service === 'eks'),
  );
  const applied = records
    .filter((r) => r.tool === 'kubectl' && r.verb === 'apply')
    .flatMap((r) => (r.content as string).split(/^---$/m))
    .map((doc) => parse(doc) as Json)
    .filter(Boolean);
  return { records, phases, reachedCluster: JSON.stringify(toCluster), applied };
}

const ofKind = (run: Run, kind: string) => run.applied.filter((o) => o.kind === kind);
const decodedSecrets = (run: Run) =>
  ofKind(run, 'Secret').map((s) => ({
    name: `${s.metadata.namespace}/${s.metadata.name}`,
    type: s.type,
    data: Object.fromEntries(Object.entries(s.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()])),
  }));
const digestOf = (repository: string, tag: string) => `sha256:${sha256(`${repository}:${tag}`)}`;

describe.skipIf(prerequisites.length > 0)(`EKS installer run (needs ${['bash', 'jq', 'sha256sum'].join(', ')})`, () => {
  describe('node-group cluster, CrowdStrike registry (the defaults)', () => {
    let run: Run;
    beforeAll(() => {
      run = runInstaller({}, 'nodegroup');
    });

    it('completes every phase', () => {
      expect(run.phases.filter((p) => p.status !== 0)).toEqual([]);
    });

    it('gives the cluster the CID, a registry pull secret and digest-pinned images: no API client at all', () => {
      expect(run.reachedCluster).not.toContain(HUB_CLIENT.client_id);
      expect(run.reachedCluster).not.toContain(HUB_CLIENT.client_secret);
      expect(run.reachedCluster).not.toContain(EKS_CLIENT.client_id);
      expect(run.reachedCluster).not.toContain(EKS_CLIENT.client_secret);

      const login = `fc-${CID.split('-')[0].toLowerCase()}`;
      const pull = { auths: { 'registry.crowdstrike.com': { auth: Buffer.from(`${login}:${PULL_TOKEN}`).toString('base64') } } };
      expect(decodedSecrets(run)).toEqual(
        ['falcon-system', 'falcon-kac'].map((ns) => ({
          name: `${ns}/falcon-registry-pull`,
          type: 'kubernetes.io/dockerconfigjson',
          data: { '.dockerconfigjson': `${JSON.stringify(pull)}\n` },
        })),
      );
      const [sensor] = ofKind(run, 'FalconNodeSensor');
      expect(sensor.spec).toEqual({
        falcon: { cid: CID },
        node: {
          backend: 'bpf',
          image: `registry.crowdstrike.com/falcon-sensor/release/falcon-sensor@${digestOf('falcon-sensor/release/falcon-sensor', '7.38.0-2002')}`,
          imagePullSecrets: [{ name: 'falcon-registry-pull' }],
        },
      });
      const [kac] = ofKind(run, 'FalconAdmission');
      expect(kac.spec).toEqual({
        falcon: { cid: CID },
        image: `registry.crowdstrike.com/falcon-kac/release/falcon-kac@${digestOf('falcon-kac/release/falcon-kac', '7.38.0-2002')}`,
        registry: { type: 'crowdstrike' },
        admissionConfig: { imagePullSecrets: [{ name: 'falcon-registry-pull' }] },
      });
      expect(run.records.filter((r) => r.tool === 'helm')).toEqual([]);
    });

    it('calls the Falcon API only with the installer client, never the organisation\'s', () => {
      const everything = JSON.stringify(run.records);
      expect(everything).not.toContain(HUB_CLIENT.client_id);
      expect(everything).not.toContain(HUB_CLIENT.client_secret);
      const logins = run.records.filter((r) => r.tool === 'curl' && String(r.url).endsWith('/oauth2/token'));
      expect(logins.map((r) => (r.form as Json).client_id)).toEqual([EKS_CLIENT.client_id]);
      // Credentials travel in files, never as arguments a process listing would show.
      for (const r of run.records) expect(JSON.stringify(r.argv ?? [])).not.toMatch(/SENTINEL/);
    });

    it('grants itself access through the member role and takes it away again', () => {
      const eks = run.records.filter((r) => r.tool === 'aws' && r.service === 'eks').map((r) => r.command);
      expect(eks).toEqual(['describe-access-entry', 'create-access-entry', 'associate-access-policy', 'update-kubeconfig', 'describe-access-entry']);
      expect(run.records.filter((r) => r.tool === 'aws' && r.command === 'create-fargate-profile')).toEqual([]);
    });
  });

  it('picks the newest image of the configured sensor version', () => {
    const run = runInstaller({ sensorVersion: '7.37' }, 'nodegroup');
    expect(run.phases.filter((p) => p.status !== 0)).toEqual([]);
    expect(ofKind(run, 'FalconNodeSensor')[0].spec.node.image).toBe(
      `registry.crowdstrike.com/falcon-sensor/release/falcon-sensor@${digestOf('falcon-sensor/release/falcon-sensor', '7.37.2-1955')}`,
    );
  });

  describe('Fargate-only cluster', () => {
    it('creates a profile for each Falcon namespace first, so the operator, injector and admission controller can schedule', () => {
      const run = runInstaller({}, 'fargate');
      expect(run.phases.filter((p) => p.status !== 0)).toEqual([]);
      const created = run.records.filter((r) => r.tool === 'aws' && r.command === 'create-fargate-profile').map((r) => r.argv as string[]);
      const arg = (argv: string[], name: string) => argv[argv.indexOf(name) + 1];
      expect(created.map((argv) => [arg(argv, '--fargate-profile-name'), arg(argv, '--selectors')])).toEqual([
        ['crowdstrike-falcon-falcon-operator', 'namespace=falcon-operator'],
        ['crowdstrike-falcon-falcon-system', 'namespace=falcon-system'],
        ['crowdstrike-falcon-falcon-kac', 'namespace=falcon-kac'],
      ]);
      for (const argv of created) {
        expect(arg(argv, '--pod-execution-role-arn')).toBe('arn:aws:iam::222222222222:role/CrowdStrikeEksFargatePodExecution');
        expect(argv.slice(argv.indexOf('--subnets') + 1, argv.indexOf('--subnets') + 3)).toEqual(['subnet-0aaa1111', 'subnet-0bbb2222']);
      }
      // Profiles before the operator: the first kubectl apply comes after the last profile is active.
      const order = run.records.map((r) => (r.tool === 'aws' ? r.command : r.tool === 'kubectl' ? r.verb : r.tool));
      expect(order.lastIndexOf('wait')).toBeLessThan(order.indexOf('apply'));
    });

    it('with CrowdStrike\'s registry: the installer client, for the operator, is the one credential in the cluster', () => {
      const run = runInstaller({}, 'fargate');
      expect(run.reachedCluster).not.toContain(HUB_CLIENT.client_id);
      expect(run.reachedCluster).not.toContain(HUB_CLIENT.client_secret);
      expect(decodedSecrets(run)).toEqual([
        {
          name: 'falcon-operator/falcon-installer-client',
          type: 'Opaque',
          data: { 'falcon-client-id': EKS_CLIENT.client_id, 'falcon-client-secret': EKS_CLIENT.client_secret },
        },
        expect.objectContaining({ name: 'falcon-kac/falcon-registry-pull' }),
      ]);
      const [container] = ofKind(run, 'FalconContainer');
      expect(container.spec).toEqual({
        falcon_api: { cloud_region: 'us-1' },
        falconSecret: { enabled: true, namespace: 'falcon-operator', secretName: 'falcon-installer-client' },
        registry: { type: 'crowdstrike' },
      });
      expect(ofKind(run, 'FalconNodeSensor')).toEqual([]);
    });

    it('with an ECR mirror: no credential and no pull token reach the cluster, only the CID and the mirrored images', () => {
      const ecrMirror = { nodeSensorImage: MIRROR('falcon-sensor'), containerSensorImage: MIRROR('falcon-container'), admissionControllerImage: MIRROR('falcon-kac') };
      const run = runInstaller({ registry: 'ecr', ecrMirror }, 'fargate');
      expect(run.phases.filter((p) => p.status !== 0)).toEqual([]);
      for (const secret of [HUB_CLIENT.client_id, HUB_CLIENT.client_secret, EKS_CLIENT.client_id, EKS_CLIENT.client_secret, PULL_TOKEN]) {
        expect(run.reachedCluster).not.toContain(secret);
      }
      expect(ofKind(run, 'Secret')).toEqual([]);
      expect(ofKind(run, 'FalconContainer')[0].spec).toEqual({ falcon: { cid: CID }, image: MIRROR('falcon-container'), registry: { type: 'ecr' } });
      expect(ofKind(run, 'FalconAdmission')[0].spec).toEqual({ falcon: { cid: CID }, image: MIRROR('falcon-kac'), registry: { type: 'ecr' } });
    });
  });

  it('the protection agent, only when enabled, gets the installer client in its values: never the organisation\'s', () => {
    const run = runInstaller({ kubernetesProtectionAgent: true }, 'nodegroup');
    expect(run.phases.filter((p) => p.status !== 0)).toEqual([]);
    const [install] = run.records.filter((r) => r.tool === 'helm' && (r.argv as string[])[0] === 'upgrade');
    const values = parse(install.values as string) as Json;
    expect(values.crowdstrikeConfig).toEqual({
      clusterName: 'arn:aws:eks:eu-west-1:222222222222:cluster/payments',
      env: 'us-1',
      cid: CID.split('-')[0].toLowerCase(),
      clientID: EKS_CLIENT.client_id,
      clientSecret: EKS_CLIENT.client_secret,
      dockerAPIToken: PULL_TOKEN,
    });
    expect(run.reachedCluster).not.toContain(HUB_CLIENT.client_secret);
  });
});
