import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handleBrokerRequest } from '../../lifecycle-handlers/falcon/broker';
import type { BrokerDeps, BrokerRequest } from '../../lifecycle-handlers/falcon/broker-types';
import { readRegistrationOutputs, writeRegistrationOutputs } from '../../lifecycle-handlers/falcon/registration-outputs';
import { registrationSettings } from '../../lifecycle-handlers/falcon/registration-request';
import { registryPayloadFor } from '../../lifecycle-handlers/falcon/registry-payload';
import { ALL_SCOPES, FakeFalconServer } from '../fake-falcon/server';
import { CLIENT_ID, CLIENT_SECRET, hubClient, memorySsm, sessionFor } from './support';

const ORG = 'o-exampleorgid';
const CALLER = '222222222222';
const OTHER = '333333333333';
const OUTPUTS = {
  crowdStrikeAccountId: '292230061137',
  intermediateRoleName: 'CrowdStrikeCSPMConnector',
  externalId: 'org-external-id',
  readerRoleName: 'CrowdStrikeCSPMReader-org',
};

describe('Falcon broker', () => {
  let fake: FakeFalconServer;
  let logs: Record<string, unknown>[];
  let deps: BrokerDeps;

  beforeAll(async () => {
    fake = await FakeFalconServer.start([hubClient()]);
  });
  afterAll(() => fake.stop());
  afterEach(() => {
    fake.requests.length = 0;
    fake.registration.accounts.clear();
    fake.registries.clear();
    fake.client(CLIENT_ID).scopes = [...ALL_SCOPES];
  });

  async function call(body: unknown, overrides: Partial<BrokerRequest> = {}, partition = 'aws') {
    const ssm = memorySsm();
    await writeRegistrationOutputs(ssm, OUTPUTS);
    logs = [];
    deps = {
      falcon: sessionFor(fake, undefined, partition === 'aws' ? 'us-1' : 'us-gov-1').session,
      readOutputs: () => readRegistrationOutputs(ssm),
      settings: registrationSettings({
        OrganizationId: ORG,
        ManagementAccountId: '111111111111',
        FalconCloud: partition === 'aws' ? 'us-1' : 'us-gov-1',
        Partition: partition,
        HomeRegion: partition === 'aws' ? 'us-east-1' : 'us-gov-west-1',
        BehaviorAssessment: 'false',
        SensorManagement: 'false',
        IdentityProtection: 'false',
      }),
      partition,
      log: (message, details) => logs.push({ message, ...details }),
    };
    return handleBrokerRequest(
      { callerAccountId: CALLER, callerOrganizationId: ORG, method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), ...overrides },
      deps,
    );
  }

  const seedRegistry = (id: string, account: string, region = 'us-east-1') =>
    fake.registries.set(id, { id, type: 'ecr', url: `https://${account}.dkr.ecr.${region}.amazonaws.com`, state: 'ok', created_at: '', credential_details: {} });

  it('serves the non-secret registration outputs to any account of the organisation', async () => {
    const response = await call({ action: 'registration-outputs' });
    expect(response).toEqual({ statusCode: 200, body: { action: 'registration-outputs', accountId: CALLER, ...OUTPUTS } });
    expect(fake.requests).toEqual([]);
    expect(logs).toEqual([{ message: 'broker request served', callerAccountId: CALLER, action: 'registration-outputs', statusCode: 200 }]);
  });

  it('registers the caller’s own account once, idempotently', async () => {
    const first = await call({ action: 'register-account' });
    expect(first.statusCode).toBe(200);
    expect(first.body).toMatchObject({ accountId: CALLER, created: true, crowdStrikeAccountId: '292230061137' });
    const post = fake.requests.find((r) => r.method === 'POST' && r.path !== '/oauth2/token')!;
    expect(post.path).toBe('/cloud-security-registration-aws/entities/account/v1');
    expect(post.body).toEqual({
      resources: [
        {
          account_id: CALLER,
          organization_id: ORG,
          is_master: false,
          account_type: 'commercial',
          use_existing_cloudtrail: true,
          cloudtrail_region: 'us-east-1',
          products: [{ product: 'cspm', features: ['iom'] }],
        },
      ],
    });

    const again = await call({ action: 'register-account', accountId: CALLER });
    expect(again.body).toMatchObject({ created: false, externalId: first.body.externalId });
    expect(fake.registration.accounts.size).toBe(1);
  });

  it('refuses, with 403 and a clear message, a request naming another account, before calling Falcon', async () => {
    const response = await call({ action: 'register-account', accountId: OTHER });
    expect(response.statusCode).toBe(403);
    expect(response.body.error).toBe(
      `accountId names account ${OTHER}, but the request was signed by account ${CALLER}: the broker acts only on the calling account`,
    );
    expect(fake.requests).toEqual([]);
    expect(logs[0]).toMatchObject({ callerAccountId: CALLER, action: 'register-account', statusCode: 403 });
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

  it(`connects a GovCloud registry with the GovCloud field the SDK model can carry`, async () => {
    const roleArn = `arn:aws-us-gov:iam::${CALLER}:role/CrowdStrikeECR`;
    const connected = await call({ action: 'connect-ecr-registry', region: 'us-gov-west-1', roleArn, externalId: 'abcdef123456' }, {}, 'aws-us-gov');
    expect(connected.statusCode).toBe(200);
    const post = fake.requests.find((r) => r.method === 'POST' && r.path !== '/oauth2/token')!;
    expect(post.status).toBe(201);
    expect(post.body).toEqual({
      type: 'ecr',
      url: `https://${CALLER}.dkr.ecr.us-gov-west-1.amazonaws.com`,
      user_defined_alias: `ecr-${CALLER}-us-gov-west-1`,
      credential: { details: { aws_iam_role: roleArn, aws_external_id: 'abcdef123456', aws_gov_using_commercial_connection: false } },
    });
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

  it('refuses unsigned callers, other organisations, bad bodies and unknown actions', async () => {
    expect((await call({ action: 'registration-outputs' }, { callerAccountId: undefined })).statusCode).toBe(403);
    const foreign = await call({ action: 'registration-outputs' }, { callerOrganizationId: 'o-otherorg1234' });
    expect(foreign).toMatchObject({ statusCode: 403, body: { error: `account ${CALLER} is not in organisation ${ORG}` } });
    expect((await call('{not json')).statusCode).toBe(400);
    expect((await call({ action: 'delete-everything' })).body.error).toMatch(/action must be one of register-account, connect-ecr-registry/);
    expect((await call({ action: 'registration-outputs' }, { method: 'GET' })).statusCode).toBe(405);
  });

  it('reports a hub scope problem as 502 naming the scope, and never logs the secret', async () => {
    fake.client(CLIENT_ID).scopes = ALL_SCOPES.filter((s) => s !== 'cloud-aws-registration:write');
    const response = await call({ action: 'register-account' });
    expect(response.statusCode).toBe(502);
    expect(response.body.error).toMatch(/"Cloud Security AWS Registration: Write" scope/);
    expect(JSON.stringify([response, logs])).not.toContain(CLIENT_SECRET);
  });
});

describe('registryPayloadFor', () => {
  const payload = {
    type: 'ecr',
    url: 'https://222222222222.dkr.ecr.us-gov-east-1.amazonaws.com',
    credential: { details: { aws_iam_role: 'arn:aws-us-gov:iam::222222222222:role/R', aws_external_id: 'x1' } },
  };
  it('adds aws_gov_using_commercial_connection for GovCloud tenants only, true for a commercial registry', () => {
    expect(registryPayloadFor('us-1', payload)).toBe(payload);
    expect(registryPayloadFor('us-gov-2', payload).credential.details).toEqual({ ...payload.credential.details, aws_gov_using_commercial_connection: false });
    const commercial = { ...payload, url: 'https://222222222222.dkr.ecr.us-east-1.amazonaws.com' };
    expect(registryPayloadFor('us-gov-1', commercial).credential.details).toMatchObject({ aws_gov_using_commercial_connection: true });
  });
});
