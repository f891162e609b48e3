/**
 * Harness of the ecr-connections tests: the member-side custom resource core, calling the real broker core
 * in-process (through the real SigV4 broker client), which calls the fake Falcon API through the real Falcon client.
 * IAM and SSM are small in-memory models of the two calls the function makes.
 */
import { callBroker, type FetchLike } from '../../lifecycle-handlers/broker-client/client';
import type { CustomResourceEvent, EcrDeps } from '../../lifecycle-handlers/ecr-connection/custom-resource';
import type { ExternalIdStore } from '../../lifecycle-handlers/ecr-connection/external-id';
import { handleBrokerRequest } from '../../lifecycle-handlers/falcon/broker';
import { AccountRateLimiter } from '../../lifecycle-handlers/falcon/broker-rate-limit';
import type { GuardedBrokerDeps } from '../../lifecycle-handlers/falcon/broker-request';
import { ECR_EXTERNAL_ID_PARAMETER, ECR_FUNCTION_NAME, ECR_FUNCTION_ROLE_NAME } from '../../products/ecr-connections/definition';
import { readRegistrationOutputs, writeRegistrationOutputs } from '../../lifecycle-handlers/falcon/registration-outputs';
import { registrationSettings } from '../../lifecycle-handlers/falcon/registration-request';
import type { FakeFalconServer } from '../fake-falcon/server';
import { memorySsm, sessionFor } from '../falcon/support';

export const ORG = 'o-exampleorgid';
export const ACCOUNT = '222222222222';
export const OTHER_ACCOUNT = '333333333333';
export const BROKER_URL = 'https://abcdefghij0123456789abcdefghijkl.lambda-url.us-east-1.on.aws/';
export const ROLE_NAME = 'CrowdStrikeECRConnectionRole';
export const roleArn = (account = ACCOUNT, name = ROLE_NAME) => `arn:aws:iam::${account}:role/${name}`;
export const PRINCIPAL = 'arn:aws:iam::292230061137:role/CrowdStrikeCustomerRegistryAssessmentRole';

/** The broker core behind a fetch: the SigV4 identity of the caller is what Lambda would report. */
export async function brokerFetch(fake: FakeFalconServer, callerAccountId: string) {
  const ssm = memorySsm();
  await writeRegistrationOutputs(ssm, {
    crowdStrikeAccountId: '292230061137',
    intermediateRoleName: 'CrowdStrikeCSPMConnector',
    externalId: 'org-external-id',
    readerRoleName: 'CrowdStrikeCSPMReader-org',
  });
  const deps: GuardedBrokerDeps = {
    falcon: sessionFor(fake).session,
    readOutputs: () => readRegistrationOutputs(ssm),
    settings: registrationSettings({
      OrganizationId: ORG, ManagementAccountId: '111111111111', FalconCloud: 'us-1', Partition: 'aws',
      HomeRegion: 'us-east-1', BehaviorAssessment: 'false', SensorManagement: 'false', Dspm: 'false', IdentityProtection: 'false',
    }),
    partition: 'aws',
    limiter: new AccountRateLimiter(),
    log: () => {},
  };
  // The custom resource's Lambda session, as Lambda reports the signer of the function URL call.
  const callerArn = `arn:aws:sts::${callerAccountId}:assumed-role/${ECR_FUNCTION_ROLE_NAME}/${ECR_FUNCTION_NAME}`;
  const calls: Record<string, unknown>[] = [];
  const fetch: FetchLike = async (_url, init) => {
    // Lambda's AWS_IAM auth would refuse an unsigned request before the function runs.
    if (!/^AWS4-HMAC-SHA256 Credential=ASIA/.test(init.headers.authorization ?? '')) return { status: 403, text: async () => '{"Message":"Forbidden"}' };
    calls.push(JSON.parse(init.body) as Record<string, unknown>);
    const response = await handleBrokerRequest({ callerAccountId, callerOrganizationId: ORG, callerArn, method: init.method, body: init.body }, deps);
    return { status: response.statusCode, text: async () => JSON.stringify(response.body) };
  };
  return { fetch, calls };
}

export function memoryExternalIdStore(): ExternalIdStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    get: async (name) => values.get(name),
    putIfAbsent: async (name, value) => (values.has(name) ? false : (values.set(name, value), true)),
    remove: async (name) => void values.delete(name),
  };
}

/** IAM as the function sees it: a role becomes visible after `hiddenReads` GetRole calls (eventual consistency). */
export class FakeIam {
  readonly roles = new Map<string, { trust: string; hiddenReads: number }>();
  reads = 0;

  createRole(name: string, externalId: string, hiddenReads = 0, principal = PRINCIPAL): void {
    const trust = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': externalId } } }],
    };
    this.roles.set(name, { trust: JSON.stringify(trust), hiddenReads });
  }

  readonly reader = async (name: string) => {
    this.reads++;
    const role = this.roles.get(name);
    if (!role) return undefined;
    if (role.hiddenReads > 0) {
      role.hiddenReads--;
      return undefined;
    }
    return role.trust;
  };
}

export interface Harness {
  readonly deps: EcrDeps;
  readonly store: ReturnType<typeof memoryExternalIdStore>;
  readonly iam: FakeIam;
  readonly sleeps: number[];
  readonly logs: Record<string, unknown>[];
  readonly brokerCalls: Record<string, unknown>[];
}

export async function harness(fake: FakeFalconServer, callerAccountId = ACCOUNT): Promise<Harness> {
  const store = memoryExternalIdStore();
  const iam = new FakeIam();
  const sleeps: number[] = [];
  const logs: Record<string, unknown>[] = [];
  const { fetch, calls } = await brokerFetch(fake, callerAccountId);
  const credentials = { accessKeyId: 'ASIAEXAMPLEEXAMPLE', secretAccessKey: 'example-secret-access-key', sessionToken: 'session' };
  let budget = 120_000;
  const deps: EcrDeps = {
    store,
    broker: (url) => (body) => callBroker({ url, body, credentials, fetch }),
    readTrustPolicy: () => iam.reader,
    sleep: async (ms) => {
      sleeps.push(ms);
      budget -= ms;
    },
    budgetMs: () => budget,
    log: (message, details) => logs.push({ message, ...details }),
  };
  return { deps, store, iam, sleeps, logs, brokerCalls: calls };
}

let requestNumber = 0;

export function externalIdEvent(requestType: CustomResourceEvent['RequestType'], physicalId?: string): CustomResourceEvent {
  return {
    RequestType: requestType,
    ResourceType: 'Custom::FalconEcrExternalId',
    RequestId: `request-${++requestNumber}`,
    PhysicalResourceId: physicalId,
    ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:222222222222:function:falcon-ecr-connections', ParameterName: ECR_EXTERNAL_ID_PARAMETER },
  };
}

export function connectionsProperties(regions: string[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ServiceToken: 'arn:aws:lambda:us-east-1:222222222222:function:falcon-ecr-connections',
    BrokerUrl: BROKER_URL,
    Regions: regions,
    RoleArn: roleArn(),
    FalconCloud: 'us-1',
    ExternalIdParameterName: ECR_EXTERNAL_ID_PARAMETER,
    ...overrides,
  };
}

export function connectionsEvent(
  requestType: CustomResourceEvent['RequestType'],
  properties: Record<string, unknown>,
  extra: Partial<CustomResourceEvent> = {},
): CustomResourceEvent {
  return {
    RequestType: requestType,
    ResourceType: 'Custom::FalconEcrConnections',
    RequestId: `request-${++requestNumber}`,
    ResourceProperties: properties,
    ...extra,
  };
}
