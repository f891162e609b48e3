/**
 * The EKS hub's handlers wired to the AWS simulator exactly as the Lambda entry wires them to AWS: real SDK
 * clients (STS, EKS, CodeBuild, Organizations) over the simulator's request handler. Only the SQS queue is an
 * in-memory list here, so a test can see what was re-queued and with which delay.
 */
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ClusterProcessingDeps } from '../../lifecycle-handlers/eks/process-cluster';
import { memberEksAccess } from '../../lifecycle-handlers/eks/member-access';
import type { EksWorkQueue } from '../../lifecycle-handlers/eks/messages';
import type { EksWork } from '../../lifecycle-handlers/eks/types';
import { type Manifest, manifestSchema } from '../../manifest/schema';
import {
  EKS_CLUSTER_HANDLER_ROLE_NAME,
  EKS_EXECUTION_ROLE_NAME,
  EKS_INSTALLER_PROJECT_NAME,
  EKS_INSTALLER_ROLE_NAME,
  EKS_INSTALLER_VPC_PROJECT_NAME,
} from '../../products/eks-protection/names';
import { AwsSimulator } from '../../simulator';

export const HUB = '111111111111';
export const HUB_REGION = 'us-east-1';
export const APP_PROD = '222222222222';
export const APP_DEV = '333333333333';
export const SHARED = '444444444444';

const ROOT = join(__dirname, '..', '..');

export function newSimulator(): AwsSimulator {
  return AwsSimulator.fromOrgModel(readFileSync(join(ROOT, 'manifest', 'org-model.example.yaml'), 'utf8'));
}

/** The example manifest with eks-protection enabled and assigned as given. */
export function manifestWithEks(assignment: Record<string, unknown>): Manifest {
  const raw = parse(readFileSync(join(ROOT, 'manifest', 'manifest.example.yaml'), 'utf8')) as Record<string, unknown>;
  return manifestSchema.parse({
    ...raw,
    products: { ...(raw.products as object), 'eks-protection': { enabled: true } },
    assignments: [{ name: 'eks', product: 'eks-protection', ...assignment }],
  });
}

export interface RecordedQueue extends EksWorkQueue {
  readonly sent: { work: EksWork; delaySeconds: number }[];
}

export function recordedQueue(): RecordedQueue {
  const sent: { work: EksWork; delaySeconds: number }[] = [];
  return {
    sent,
    async send(work, delaySeconds = 0) {
      sent.push({ work, delaySeconds });
    },
    async sendAll(works) {
      for (const work of works) sent.push({ work, delaySeconds: 0 });
    },
  };
}

export interface HubHarness {
  readonly deps: ClusterProcessingDeps & { readonly clusterConcurrency: number };
  readonly queue: RecordedQueue;
  readonly organizations: OrganizationsClient;
}

/** The member execution role exists where eks-protection was provisioned; give the accounts that have it. */
export function hubHarness(sim: AwsSimulator, options: { withVpcProject?: boolean; clusterConcurrency?: number } = {}): HubHarness {
  const config = sim.clientConfig({ accountId: HUB, roleName: EKS_CLUSTER_HANDLER_ROLE_NAME });
  sim.codebuild.createProject(HUB, HUB_REGION, EKS_INSTALLER_PROJECT_NAME);
  if (options.withVpcProject) sim.codebuild.createProject(HUB, HUB_REGION, EKS_INSTALLER_VPC_PROJECT_NAME);
  const queue = recordedQueue();
  return {
    queue,
    organizations: new OrganizationsClient({ region: HUB_REGION, ...config }),
    deps: {
      access: memberEksAccess({
        base: { credentials: config.credentials, requestHandler: config.requestHandler },
        newRetryStrategy: () => sim.retryStrategy,
        partition: 'aws',
        hubRegion: HUB_REGION,
        executionRoleName: EKS_EXECUTION_ROLE_NAME,
        roleSessionName: 'falcon-eks-cluster-handler',
      }),
      codebuild: new CodeBuildClient({ region: HUB_REGION, ...config }),
      projects: {
        public: EKS_INSTALLER_PROJECT_NAME,
        ...(options.withVpcProject ? { vpc: EKS_INSTALLER_VPC_PROJECT_NAME } : {}),
      },
      requeue: (work, delaySeconds) => queue.send(work, delaySeconds),
      retry: { maxAttempts: 20, delaySeconds: 180 },
      clusterConcurrency: options.clusterConcurrency ?? 3,
    },
  };
}

/**
 * The eks-protection product's execution role in each account: its trust policy names the hub account with an
 * aws:PrincipalArn condition on the hub's two EKS roles (products/eks-protection/template.ts), which is what it trusts here.
 */
export function grantExecutionRole(sim: AwsSimulator, ...accounts: string[]): void {
  const hubRoles = [EKS_CLUSTER_HANDLER_ROLE_NAME, EKS_INSTALLER_ROLE_NAME].map((name) => hubRoleArn(sim, name));
  for (const account of accounts) sim.iam.createRole(account, EKS_EXECUTION_ROLE_NAME, { accounts: [], roleArns: hubRoles });
}

function hubRoleArn(sim: AwsSimulator, name: string): string {
  return `arn:${sim.partition}:iam::${HUB}:role/${name}`;
}

/** A CloudTrail event as the member rule forwards it to the hub bus, and the hub rule delivers it to SQS. */
export function cloudTrailEvent(
  eventName: 'CreateCluster' | 'CreateFargateProfile',
  account: string,
  region: string,
  requestParameters: Record<string, unknown>,
): string {
  return JSON.stringify({
    version: '0',
    id: '6f9d3e1a-0000-4000-8000-000000000001',
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.eks',
    account,
    time: '2025-01-01T00:00:00Z',
    region,
    resources: [],
    detail: {
      eventVersion: '1.09',
      // A role from the shared-services account created the cluster: the cluster still lives in `account`.
      userIdentity: { type: 'AssumedRole', accountId: SHARED },
      eventSource: 'eks.amazonaws.com',
      eventName,
      awsRegion: region,
      requestParameters,
      recipientAccountId: account,
    },
  });
}
