import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BROKER_ACTIONS, handleBrokerRequest } from '../../lifecycle-handlers/falcon/broker';
import { CALLABLE_ACTIONS } from '../../lifecycle-handlers/falcon/broker-callers';
import { AccountRateLimiter, BROKER_RATE_LIMIT } from '../../lifecycle-handlers/falcon/broker-rate-limit';
import type { GuardedBrokerDeps, SignedBrokerRequest } from '../../lifecycle-handlers/falcon/broker-request';
import { readRegistrationOutputs, writeRegistrationOutputs } from '../../lifecycle-handlers/falcon/registration-outputs';
import { registrationSettings } from '../../lifecycle-handlers/falcon/registration-request';
import { ALL_SCOPES, FakeFalconServer } from '../fake-falcon/server';
import { CLIENT_ID, CLIENT_SECRET, hubClient, memorySsm, sessionFor } from './support';

const ORG = 'o-exampleorgid';
const CALLER = '222222222222';
const OTHER = '333333333333';
/** The ecr-connections custom resource's Lambda session, as Lambda reports it for the function URL. */
const ECR_FUNCTION = `arn:aws:sts::${CALLER}:assumed-role/CrowdStrikeEcrConnectionsFunction/falcon-ecr-connections`;
const OUTPUTS = {
  crowdStrikeAccountId: '292230061137',
  intermediateRoleName: 'CrowdStrikeCSPMConnector',
  externalId: 'org-external-id',
  readerRoleName: 'CrowdStrikeCSPMReader-org',
};

describe('Falcon broker', () => {
  let fake: FakeFalconServer;
  let logs: Record<string, unknown>[];
  let deps: GuardedBrokerDeps;
  let limiter: AccountRateLimiter;
  let clock: number;

  beforeAll(async () => {
    fake = await FakeFalconServer.start([hubClient()]);
  });
  afterAll(() => fake.stop());
  afterEach(() => {
    fake.requests.length = 0;
    fake.registration.cspm.clear();
    fake.registries.clear();
    fake.client(CLIENT_ID).scopes = [...ALL_SCOPES];
  });
  beforeEach(() => {
    clock = 0;
    limiter = new AccountRateLimiter(BROKER_RATE_LIMIT, () => clock);
  });

  async function call(body: unknown, overrides: Partial<SignedBrokerRequest> = {}) {
    const ssm = memorySsm();
    await writeRegistrationOutputs(ssm, OUTPUTS);
    logs = [];
    deps = {
      falcon: sessionFor(fake).session,
      readOutputs: () => readRegistrationOutputs(ssm),
      settings: registrationSettings({
        OrganizationId: ORG,
        ManagementAccountId: '111111111111',
        FalconCloud: 'us-1',
        Partition: 'aws',
        HomeRegion: 'us-east-1',
        BehaviorAssessment: 'false',
        SensorManagement: 'false',
        Dspm: 'false',
        IdentityProtection: 'false',
      }),
      partition: 'aws',
      limiter,
      log: (message, details) => logs.push({ message, ...details }),
    };
    return handleBrokerRequest(
      {
        callerAccountId: CALLER,
        callerOrganizationId: ORG,
        callerArn: ECR_FUNCTION,
        method: 'POST',
        body: typeof body === 'string' ? body : JSON.stringify(body),
        ...overrides,
      },
      deps,
    );
  }

  const seedRegistry = (id: string, account: string, region = 'us-east-1') =>
    fake.registries.set(id, { id, type: 'ecr', url: `https://${account}.dkr.ecr.${region}.amazonaws.com`, state: 'ok', created_at: '', credential_details: {} });

  it('refuses, with 403 and a clear message, a request naming another account, before calling Falcon', async () => {
    const response = await call({ action: 'disconnect-ecr-registries', accountId: OTHER });
    expect(response.statusCode).toBe(403);
    expect(response.body.error).toBe(
      `accountId names account ${OTHER}, but the request was signed by account ${CALLER}: the broker acts only on the calling account`,
    );
    expect(fake.requests).toEqual([]);
    expect(logs[0]).toMatchObject({ callerAccountId: CALLER, callerArn: ECR_FUNCTION, action: 'disconnect-ecr-registries', statusCode: 403 });
  });

  it('connects the caller’s ECR registry, and refuses a role in another account', async () => {
    const refused = await call({ action: 'connect-ecr-registry', region: 'us-east-1', roleArn: `arn:aws:iam::${OTHER}:role/CrowdStrikeECR`, externalId: 'abcdef123456' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body.error).toMatch(`roleArn names account ${OTHER}`);
    expect(fake.registries.size).toBe(0);

    const request = { action: 'connect-ecr-registry', region: 'eu-west-1', roleArn: `arn:aws:iam::${CALLER}:role/CrowdStrikeECR`, externalId: 'abcdef123456' };
    const connected = await call(request);
    expect(connected.statusCode).toBe(200);
    expect(connected.body).toMatchObject({ created: true, url: `https://${CALLER}.dkr.ecr.eu-west-1.amazonaws.com` });
    expect(fake.requests.find((r) => r.method === 'POST' && r.path !== '/oauth2/token')!.body).toEqual({
      type: 'ecr',
      url: `https://${CALLER}.dkr.ecr.eu-west-1.amazonaws.com`,
      user_defined_alias: `ecr-${CALLER}-eu-west-1`,
      credential: { details: { aws_iam_role: `arn:aws:iam::${CALLER}:role/CrowdStrikeECR`, aws_external_id: 'abcdef123456' } },
    });

    const again = await call(request);
    expect(again.body).toMatchObject({ created: false, registryId: connected.body.registryId });
    expect(fake.registries.size).toBe(1);
  });

  it('rejects malformed ECR requests with 400', async () => {
    expect((await call({ action: 'connect-ecr-registry', region: 'nowhere', roleArn: 'x', externalId: 'y' })).statusCode).toBe(400);
    const wrongPartition = await call({ action: 'connect-ecr-registry', region: 'us-east-1', roleArn: `arn:aws-us-gov:iam::${CALLER}:role/R`, externalId: 'abcdef' });
    expect(wrongPartition).toMatchObject({ statusCode: 400, body: { error: expect.stringMatching(/partition aws-us-gov/) } });
  });

  it('disconnects only registries whose URL names the caller’s account', async () => {
    seedRegistry('mine-1', CALLER, 'us-east-1');
    seedRegistry('mine-2', CALLER, 'eu-west-1');
    seedRegistry('theirs', OTHER, 'us-east-1');
    // The caller's account ID inside another account's URL must not count as the caller's.
    fake.registries.set('lookalike', { id: 'lookalike', type: 'ecr', url: `https://${OTHER}.dkr.ecr.us-east-1.amazonaws.com/${CALLER}`, state: 'ok', created_at: '', credential_details: {} });

    const regional = await call({ action: 'disconnect-ecr-registries', region: 'eu-west-1' });
    expect(regional.body.disconnected).toEqual([{ registryId: 'mine-2', url: `https://${CALLER}.dkr.ecr.eu-west-1.amazonaws.com` }]);

    const all = await call({ action: 'disconnect-ecr-registries' });
    expect(all.statusCode).toBe(200);
    expect([...fake.registries.keys()].sort()).toEqual(['lookalike', 'theirs']);
  });

  it('refuses unsigned callers, other organisations, bad bodies and unknown or retired actions', async () => {
    const disconnect = { action: 'disconnect-ecr-registries' };
    expect((await call(disconnect, { callerAccountId: undefined })).statusCode).toBe(403);
    const foreign = await call(disconnect, { callerOrganizationId: 'o-otherorg1234' });
    expect(foreign).toMatchObject({ statusCode: 403, body: { error: `account ${CALLER} is not in organisation ${ORG}` } });
    expect((await call('{not json')).statusCode).toBe(400);
    expect((await call({ action: 'delete-everything' })).body.error).toBe(
      'action must be one of connect-ecr-registry, disconnect-ecr-registries, product-parameters',
    );
    // No role this package creates sends these, so the broker no longer serves them.
    for (const action of ['register-account', 'registration-outputs']) expect((await call({ action })).statusCode).toBe(400);
    expect((await call(disconnect, { method: 'GET' })).statusCode).toBe(405);
    expect(fake.requests).toEqual([]);
  });

  it('fails closed when Lambda reports no organisation ID for the caller', async () => {
    seedRegistry('mine', CALLER);
    const response = await call({ action: 'disconnect-ecr-registries' }, { callerOrganizationId: undefined });
    expect(response).toEqual({
      statusCode: 403,
      body: { error: `the request carries no organisation ID: the broker serves principals of organisation ${ORG} only` },
    });
    expect(fake.registries.has('mine')).toBe(true);
    expect(fake.requests).toEqual([]);
  });

  it('serves only the roles this package creates, each for the actions its code sends', async () => {
    seedRegistry('mine', CALLER);
    const disconnect = { action: 'disconnect-ecr-registries' };
    // Any other principal of the member account, however its IAM policy lets it sign the call.
    const developer = await call(disconnect, { callerArn: `arn:aws:sts::${CALLER}:assumed-role/Developer/alice` });
    expect(developer).toMatchObject({
      statusCode: 403,
      body: {
        error:
          'role Developer (session alice) may not call disconnect-ecr-registries: only the ecr-connections custom ' +
          'resource (role CrowdStrikeEcrConnectionsFunction) may',
      },
    });
    const user = await call(disconnect, { callerArn: `arn:aws:iam::${CALLER}:user/ops` });
    expect(user.body.error).toBe(
      `the broker serves only roles this package creates in member accounts; arn:aws:iam::${CALLER}:user/ops is not an assumed-role session`,
    );
    expect((await call(disconnect, { callerArn: undefined })).statusCode).toBe(403);
    const forged = await call(disconnect, { callerArn: ECR_FUNCTION.replace(CALLER, OTHER) });
    expect(forged.body.error).toBe(`the caller ARN names account ${OTHER}, but the request was signed by account ${CALLER}`);
    // The ECR function may not ask for baseline parameters, and the baseline's function may not touch registries.
    const ecrAsksParameters = await call({ action: 'product-parameters', region: 'us-east-1', products: ['iom'] });
    expect(ecrAsksParameters.body.error).toMatch(/^role CrowdStrikeEcrConnectionsFunction \(session falcon-ecr-connections\) may not call product-parameters: only the falcon-baseline parameters function/);
    const baseline = `arn:aws:sts::${CALLER}:assumed-role/SC-${CALLER}-pp-abcdefghijklm-ParametersFunctionRole-1A2B3C4D/falcon-baseline-parameters`;
    expect((await call(disconnect, { callerArn: baseline })).statusCode).toBe(403);
    expect(fake.registries.has('mine')).toBe(true);
    expect(fake.requests).toEqual([]);

    expect((await call(disconnect)).statusCode).toBe(200);
    expect(fake.registries.has('mine')).toBe(false);
  });

  it('serves exactly the actions some member role sends', () => {
    expect([...BROKER_ACTIONS].sort()).toEqual([...CALLABLE_ACTIONS].sort());
  });

  it('limits each account\'s rate, without touching other accounts, and refills over time', async () => {
    const disconnect = { action: 'disconnect-ecr-registries', region: 'us-east-1' };
    for (let i = 0; i < BROKER_RATE_LIMIT.requests; i++) expect((await call(disconnect)).statusCode).toBe(200);
    const before = fake.requests.length;
    const limited = await call(disconnect);
    expect(limited).toEqual({
      statusCode: 429,
      body: { error: `account ${CALLER} is over the broker's rate limit; retry in 2 s`, action: 'disconnect-ecr-registries' },
    });
    expect(fake.requests.length).toBe(before);
    const otherAccount = await call(disconnect, {
      callerAccountId: OTHER,
      callerArn: `arn:aws:sts::${OTHER}:assumed-role/CrowdStrikeEcrConnectionsFunction/falcon-ecr-connections`,
    });
    expect(otherAccount.statusCode).toBe(200);
    clock += 2_000;
    expect((await call(disconnect)).statusCode).toBe(200);
  });

  it('reports a hub scope problem as 502 naming the scope, and never logs the secret', async () => {
    fake.client(CLIENT_ID).scopes = ALL_SCOPES.filter((s) => s !== 'falcon-container-image:write');
    const response = await call({ action: 'connect-ecr-registry', region: 'us-east-1', roleArn: `arn:aws:iam::${CALLER}:role/CrowdStrikeECR`, externalId: 'abcdef123456' });
    expect(response.statusCode).toBe(502);
    expect(response.body.error).toMatch(/"Falcon Container Image: Write" scope/);
    expect(JSON.stringify([response, logs])).not.toContain(CLIENT_SECRET);
  });
});
