import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RegistrationEvent, handleRegistrationEvent } from '../../lifecycle-handlers/falcon/registration';
import {
  deleteRegistrationOutputs,
  iomProductParameters,
  readRegistrationOutputs,
  writeRegistrationOutputs,
} from '../../lifecycle-handlers/falcon/registration-outputs';
import type { RegistrationResourceProperties } from '../../lifecycle-handlers/falcon/registration-request';
import { FAKE_CROWDSTRIKE_ACCOUNT, FAKE_INTERMEDIATE_ROLE } from '../fake-falcon/registration-routes';
import { ALL_SCOPES, FakeFalconServer } from '../fake-falcon/server';
import { CLIENT_ID, CLIENT_SECRET, hubClient, memorySsm, secretJson, sessionFor } from './support';

const PROPS: RegistrationResourceProperties = {
  OrganizationId: 'o-exampleorgid',
  ManagementAccountId: '111111111111',
  FalconCloud: 'us-1',
  Partition: 'aws',
  HomeRegion: 'us-east-1',
  BehaviorAssessment: 'false',
  SensorManagement: 'false',
  Dspm: 'false',
  IdentityProtection: 'false',
};
const PHYSICAL_ID = 'falcon-organization-registration-o-exampleorgid';
const CSPM_PATH = '/cloud-connect-cspm-aws/entities/account/v1';
const IDP_PATH = '/cloud-security-registration-aws/entities/account/v1';

describe('organisation registration custom resource', () => {
  let fake: FakeFalconServer;
  let ssm: ReturnType<typeof memorySsm>;
  let logs: string[];

  beforeAll(async () => {
    fake = await FakeFalconServer.start([hubClient()]);
  });
  afterAll(() => fake.stop());
  afterEach(() => {
    fake.requests.length = 0;
    fake.clearFaults();
    fake.registration.cspm.clear();
    fake.registration.cloudAws.clear();
    fake.client(CLIENT_ID).scopes = [...ALL_SCOPES];
  });

  function run(event: RegistrationEvent, secret = () => secretJson() as string | undefined) {
    ssm = memorySsm();
    logs = [];
    const { session } = sessionFor(fake, secret);
    return handleRegistrationEvent(event, {
      falcon: session,
      outputs: { write: (o) => writeRegistrationOutputs(ssm, o), remove: () => deleteRegistrationOutputs(ssm) },
      log: (message, details) => logs.push(JSON.stringify({ message, ...details })),
    });
  }

  it('Create registers the organisation with the manifest-driven flags and publishes the outputs', async () => {
    const result = await run({ RequestType: 'Create', ResourceProperties: PROPS });

    const post = fake.requestsTo(CSPM_PATH).find((r) => r.method === 'POST')!;
    expect(post.status).toBe(201);
    expect(post.body).toEqual({
      resources: [
        {
          account_id: '111111111111',
          organization_id: 'o-exampleorgid',
          is_master: true,
          account_type: 'commercial',
          behavior_assessment_enabled: false,
          sensor_management_enabled: false,
          dspm_enabled: false,
          use_existing_cloudtrail: true,
          cloudtrail_region: 'us-east-1',
        },
      ],
    });
    expect(fake.requestsTo(CSPM_PATH).map((r) => [r.method, r.status])).toEqual([['GET', 207], ['POST', 201]]);
    expect(fake.requestsTo(IDP_PATH)).toEqual([]);

    const registered = fake.registration.cspm.get('111111111111')!;
    const readerRoleName = String(registered.iam_role_arn).split('/').pop();
    expect(result.PhysicalResourceId).toBe(PHYSICAL_ID);
    expect(result.Data).toEqual({
      CrowdStrikeAccountId: FAKE_CROWDSTRIKE_ACCOUNT,
      CrowdStrikeRoleName: FAKE_INTERMEDIATE_ROLE,
      ExternalId: registered.external_id,
      ReaderRoleName: readerRoleName,
      EventBusName: 'cs-horizon-org-event-bus',
      CloudTrailBucketName: '',
    });

    const outputs = await readRegistrationOutputs(ssm);
    expect(iomProductParameters(outputs)).toEqual({
      CrowdStrikeAccountId: FAKE_CROWDSTRIKE_ACCOUNT,
      CrowdStrikeRoleName: FAKE_INTERMEDIATE_ROLE,
      ExternalId: registered.external_id,
      RoleName: readerRoleName,
    });
    expect([...ssm.parameters.keys()].sort()).toEqual([
      '/falcon-catalog/registration/crowdstrike-account-id',
      '/falcon-catalog/registration/event-bus-name',
      '/falcon-catalog/registration/external-id',
      '/falcon-catalog/registration/intermediate-role-name',
      '/falcon-catalog/registration/reader-role-name',
    ]);
  });

  it('Update of a registered organisation patches it, keeps its role, and follows the new flags', async () => {
    await run({ RequestType: 'Create', ResourceProperties: PROPS });
    const before = { ...fake.registration.cspm.get('111111111111')! };
    fake.requests.length = 0;

    const result = await run({
      RequestType: 'Update',
      PhysicalResourceId: PHYSICAL_ID,
      ResourceProperties: { ...PROPS, BehaviorAssessment: 'true' },
      OldResourceProperties: PROPS,
    });
    expect(fake.requestsTo(CSPM_PATH).map((r) => [r.method, r.status])).toEqual([['GET', 200], ['PATCH', 200]]);
    const patch = fake.requestsTo(CSPM_PATH).find((r) => r.method === 'PATCH')!.body as { resources: Record<string, unknown>[] };
    expect(patch.resources[0]).toMatchObject({ account_id: '111111111111', iam_role_arn: before.iam_role_arn, behavior_assessment_enabled: true });
    expect(result.Data?.ExternalId).toBe(before.external_id);
    expect(fake.registration.cspm.get('111111111111')?.behavior_assessment_enabled).toBe(true);
  });

  it('registers Identity Protection only when the manifest enables it, and removes it when disabled', async () => {
    const withIdp = { ...PROPS, IdentityProtection: 'true' };
    await run({ RequestType: 'Create', ResourceProperties: withIdp });
    const idpPost = fake.requestsTo(IDP_PATH).find((r) => r.method === 'POST')!;
    expect(idpPost.body).toEqual({
      resources: [
        {
          account_id: '111111111111',
          organization_id: 'o-exampleorgid',
          is_master: true,
          account_type: 'commercial',
          use_existing_cloudtrail: true,
          products: [{ product: 'idp', features: ['default'] }],
        },
      ],
    });
    expect(fake.registration.cloudAws.has('111111111111')).toBe(true);

    fake.requests.length = 0;
    await run({ RequestType: 'Update', PhysicalResourceId: PHYSICAL_ID, ResourceProperties: withIdp, OldResourceProperties: withIdp });
    expect(fake.requestsTo(IDP_PATH).map((r) => r.method)).toEqual(['GET', 'PATCH']);

    fake.requests.length = 0;
    await run({ RequestType: 'Update', PhysicalResourceId: PHYSICAL_ID, ResourceProperties: PROPS, OldResourceProperties: withIdp });
    expect(fake.requestsTo(IDP_PATH).map((r) => [r.method, r.query.get('organization-ids')])).toEqual([['DELETE', 'o-exampleorgid']]);
    expect(fake.registration.cloudAws.size).toBe(0);
  });

  it('Delete deregisters the organisation and removes the published outputs', async () => {
    await run({ RequestType: 'Create', ResourceProperties: { ...PROPS, IdentityProtection: 'true' } });
    const published = ssm;
    fake.requests.length = 0;
    logs = [];
    const { session } = sessionFor(fake);
    await handleRegistrationEvent(
      { RequestType: 'Delete', PhysicalResourceId: PHYSICAL_ID, ResourceProperties: { ...PROPS, IdentityProtection: 'true' } },
      {
        falcon: session,
        outputs: { write: (o) => writeRegistrationOutputs(published, o), remove: () => deleteRegistrationOutputs(published) },
        log: (message) => logs.push(message),
      },
    );
    expect(fake.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([IDP_PATH, CSPM_PATH]);
    expect(fake.registration.cspm.size).toBe(0);
    expect(fake.registration.cloudAws.size).toBe(0);
    expect(published.parameters.size).toBe(0);
  });

  it('Delete after a failed Create (another physical ID) touches nothing', async () => {
    fake.registration.cspm.set('111111111111', { account_id: '111111111111', organization_id: 'o-exampleorgid', is_master: true });
    const result = await run({ RequestType: 'Delete', PhysicalResourceId: 'CREATE_FAILED-marker', ResourceProperties: PROPS });
    expect(result.PhysicalResourceId).toBe('CREATE_FAILED-marker');
    expect(fake.requests).toEqual([]);
    expect(fake.registration.cspm.size).toBe(1);
  });

  it('fails with "bad client ID/secret" and never leaks the secret', async () => {
    const wrong = 'wrong-secret-SENTINEL-9c1d';
    const error = await run({ RequestType: 'Create', ResourceProperties: PROPS }, () => secretJson(CLIENT_ID, wrong)).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/bad client ID\/secret/);
    expect((error as Error).message).not.toContain(wrong);
    expect(JSON.stringify(logs)).not.toContain(wrong);
  });

  it('fails naming the scope the API client lacks', async () => {
    fake.client(CLIENT_ID).scopes = ALL_SCOPES.filter((s) => s !== 'cspm-registration:write');
    await expect(run({ RequestType: 'Create', ResourceProperties: PROPS })).rejects.toThrow(
      /denied creating the CSPM AWS registration \(HTTP 403\): the API client needs the "CSPM registration: Write" scope/,
    );
  });

  it('fails clearly when the Falcon API keeps failing, after bounded retries', async () => {
    fake.injectServerErrors(100, { status: 500, match: /^\/cloud-connect-cspm-aws\// });
    await expect(run({ RequestType: 'Create', ResourceProperties: PROPS })).rejects.toThrow(/still failing after retries/);
    expect(fake.requestsTo(CSPM_PATH)).toHaveLength(4);
  });

  it('fails clearly when the hub secret is missing or malformed, naming the secret but not its value', async () => {
    await expect(run({ RequestType: 'Create', ResourceProperties: PROPS }, () => undefined)).rejects.toThrow(
      /cannot read the Falcon API secret falcon\/api-client \(ResourceNotFoundException\)/,
    );
    const malformed = JSON.stringify({ clientId: CLIENT_ID, secret: CLIENT_SECRET });
    const error = await run({ RequestType: 'Create', ResourceProperties: PROPS }, () => malformed).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/must hold JSON \{"client_id": "...", "client_secret": "..."\}/);
    expect((error as Error).message).not.toContain(CLIENT_SECRET);
  });

  it('picks up a rotated secret as soon as Falcon refuses the old one', async () => {
    let current = secretJson(CLIENT_ID, 'old-rotated-away');
    const { session, secrets } = sessionFor(fake, () => current);
    const deps = {
      falcon: session,
      outputs: { write: async () => undefined, remove: async () => undefined },
      log: () => undefined,
    };
    await expect(handleRegistrationEvent({ RequestType: 'Create', ResourceProperties: PROPS }, deps)).rejects.toThrow(/bad client ID/);
    current = secretJson();
    await expect(handleRegistrationEvent({ RequestType: 'Create', ResourceProperties: PROPS }, deps)).resolves.toMatchObject({ PhysicalResourceId: PHYSICAL_ID });
    // The first failure invalidated the cache; the second invocation read the secret again.
    expect(secrets.reads.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses to map a reader role name the IOM product cannot create', () => {
    expect(() =>
      iomProductParameters({ crowdStrikeAccountId: '292230061137', intermediateRoleName: 'X', externalId: 'e', readerRoleName: 'FalconReader' }),
    ).toThrow(/can only create roles named CrowdStrike\*/);
  });

  it('reports unpublished outputs clearly to the lifecycle core', async () => {
    await expect(readRegistrationOutputs(memorySsm())).rejects.toThrow(/deploy the FalconHub and FalconRegistration stacks/);
  });
});
