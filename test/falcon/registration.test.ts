import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RegistrationEvent, handleRegistrationEvent } from '../../lifecycle-handlers/falcon/registration';
import {
  deleteRegistrationOutputs,
  iomProductParameters,
  readRegistrationOutputs,
  writeRegistrationOutputs,
} from '../../lifecycle-handlers/falcon/registration-outputs';
import type { RegistrationResourceProperties } from '../../lifecycle-handlers/falcon/registration-request';
import {
  FAKE_CROWDSTRIKE_ACCOUNT,
  FAKE_INTERMEDIATE_ROLE,
  newRegistrationState,
  registeredFeatures,
} from '../fake-falcon/registration-routes';
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
  IdentityProtection: 'false',
};
const ALL_ON = { ...PROPS, BehaviorAssessment: 'true', SensorManagement: 'true', IdentityProtection: 'true' };
const PHYSICAL_ID = 'falcon-organization-registration-o-exampleorgid';
const PATH = '/cloud-security-registration-aws/entities/account/v1';

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
    fake.registration.accounts.clear();
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

  it('Create registers the organisation on the cloud registration API with the features the manifest enables', async () => {
    const result = await run({ RequestType: 'Create', ResourceProperties: PROPS });

    const post = fake.requestsTo(PATH).find((r) => r.method === 'POST')!;
    expect(post.status).toBe(201);
    expect(post.body).toEqual({
      resources: [
        {
          account_id: '111111111111',
          organization_id: 'o-exampleorgid',
          is_master: true,
          account_type: 'commercial',
          use_existing_cloudtrail: true,
          cloudtrail_region: 'us-east-1',
          products: [{ product: 'cspm', features: ['iom'] }],
        },
      ],
    });
    expect(fake.requestsTo(PATH).map((r) => [r.method, r.status, r.query.get('ids')])).toEqual([
      ['GET', 207, '111111111111'],
      ['POST', 201, null],
    ]);

    const registered = fake.registration.accounts.get('111111111111')!;
    const meta = registered.resource_metadata;
    const readerRoleName = String(meta.iam_role_arn).split('/').pop();
    expect(result.PhysicalResourceId).toBe(PHYSICAL_ID);
    expect(result.Data).toEqual({
      CrowdStrikeAccountId: FAKE_CROWDSTRIKE_ACCOUNT,
      CrowdStrikeRoleName: FAKE_INTERMEDIATE_ROLE,
      ExternalId: meta.external_id,
      ReaderRoleName: readerRoleName,
      EventBusName: `arn:aws:events:us-east-1:${FAKE_CROWDSTRIKE_ACCOUNT}:event-bus/cs-horizon-org-event-bus`,
      CloudTrailBucketName: '',
    });

    const outputs = await readRegistrationOutputs(ssm);
    expect(iomProductParameters(outputs)).toEqual({
      CrowdStrikeAccountId: FAKE_CROWDSTRIKE_ACCOUNT,
      CrowdStrikeRoleName: FAKE_INTERMEDIATE_ROLE,
      ExternalId: meta.external_id,
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

  it('Create with IOA, 1Click and Identity Protection asks for those features and for CloudTrail events', async () => {
    await run({ RequestType: 'Create', ResourceProperties: ALL_ON });
    const post = fake.requestsTo(PATH).find((r) => r.method === 'POST')!.body as { resources: Record<string, unknown>[] };
    expect(post.resources[0]).toMatchObject({
      products: [
        { product: 'cspm', features: ['iom', 'ioa', 'sensormgmt'] },
        { product: 'idp', features: ['default'] },
      ],
      csp_events: true,
    });
    expect(registeredFeatures(fake.registration, '111111111111', 'idp')).toEqual(['default']);
  });

  it('Update patches only the features the manifest owns, and never touches DSPM or vulnerability scanning', async () => {
    await run({ RequestType: 'Create', ResourceProperties: PROPS });
    // Someone turns DSPM and vulnerability scanning on in the Falcon console.
    const registered = fake.registration.accounts.get('111111111111')!;
    registered.products = [{ product: 'cspm', features: ['iom', 'dspm', 'vulnerability_scanning'] }];
    const before = registered.resource_metadata.external_id;
    fake.requests.length = 0;

    const result = await run({
      RequestType: 'Update',
      PhysicalResourceId: PHYSICAL_ID,
      ResourceProperties: { ...PROPS, BehaviorAssessment: 'true' },
      OldResourceProperties: PROPS,
    });
    expect(fake.requestsTo(PATH).map((r) => [r.method, r.status])).toEqual([['GET', 200], ['PATCH', 200]]);
    const patch = fake.requestsTo(PATH).find((r) => r.method === 'PATCH')!.body as { resources: Record<string, unknown>[] };
    expect(patch.resources).toEqual([
      {
        account_id: '111111111111',
        use_existing_cloudtrail: true,
        cloudtrail_region: 'us-east-1',
        products: [{ product: 'cspm', features: ['iom', 'ioa'] }],
        csp_events: true,
      },
    ]);
    expect(JSON.stringify(patch)).not.toMatch(/dspm|vulnerability/);
    expect(registeredFeatures(fake.registration, '111111111111', 'cspm')).toEqual(['iom', 'dspm', 'vulnerability_scanning', 'ioa']);
    expect(result.Data?.ExternalId).toBe(before);
  });

  it('Update switches off only what the manifest turned off since the last deployment', async () => {
    await run({ RequestType: 'Create', ResourceProperties: ALL_ON });
    fake.requests.length = 0;
    const sensorOff = { ...ALL_ON, SensorManagement: 'false' };
    await run({ RequestType: 'Update', PhysicalResourceId: PHYSICAL_ID, ResourceProperties: sensorOff, OldResourceProperties: ALL_ON });
    const patch = fake.requestsTo(PATH).find((r) => r.method === 'PATCH')!.body as { resources: Record<string, unknown>[] };
    expect(patch.resources[0].disable_products).toEqual([{ product: 'cspm', features: ['sensormgmt'] }]);
    expect(registeredFeatures(fake.registration, '111111111111', 'cspm')).toEqual(['iom', 'ioa']);

    // A feature the manifest never had on is never switched off, even if the console turned it on.
    fake.registration.accounts.get('111111111111')!.products.find((p) => p.product === 'cspm')!.features.push('sensormgmt');
    fake.requests.length = 0;
    await run({ RequestType: 'Update', PhysicalResourceId: PHYSICAL_ID, ResourceProperties: sensorOff, OldResourceProperties: sensorOff });
    const again = fake.requestsTo(PATH).find((r) => r.method === 'PATCH')!.body as { resources: Record<string, unknown>[] };
    expect(again.resources[0]).not.toHaveProperty('disable_products');
  });

  it('disabling Identity Protection patches it off as CrowdStrike\'s provider does, with no DELETE', async () => {
    const withIdp = { ...PROPS, IdentityProtection: 'true' };
    await run({ RequestType: 'Create', ResourceProperties: withIdp });
    expect(registeredFeatures(fake.registration, '111111111111', 'idp')).toEqual(['default']);

    fake.requests.length = 0;
    await run({ RequestType: 'Update', PhysicalResourceId: PHYSICAL_ID, ResourceProperties: PROPS, OldResourceProperties: withIdp });
    expect(fake.requestsTo(PATH).map((r) => r.method)).toEqual(['GET', 'PATCH']);
    const patch = fake.requestsTo(PATH).find((r) => r.method === 'PATCH')!.body as { resources: Record<string, unknown>[] };
    expect(patch.resources[0].disable_products).toEqual([{ product: 'idp', features: ['default'] }]);
    expect(registeredFeatures(fake.registration, '111111111111', 'idp')).toEqual([]);
    expect(registeredFeatures(fake.registration, '111111111111', 'cspm')).toEqual(['iom']);
  });

  it('keeps every GovCloud bus Falcon returns, one per Region, for the products to pick from', async () => {
    fake.registration.eventBuses = [
      { region: 'us-gov-west-1', name: 'cs-gov-west-bus' },
      { region: 'us-gov-east-1', name: 'cs-gov-east-bus' },
    ];
    try {
      const result = await run({ RequestType: 'Create', ResourceProperties: { ...PROPS, Partition: 'aws-us-gov', FalconCloud: 'us-gov-1', HomeRegion: 'us-gov-west-1' } });
      expect(result.Data?.EventBusName).toBe(
        `arn:aws-us-gov:events:us-gov-west-1:${FAKE_CROWDSTRIKE_ACCOUNT}:event-bus/cs-gov-west-bus,` +
          `arn:aws-us-gov:events:us-gov-east-1:${FAKE_CROWDSTRIKE_ACCOUNT}:event-bus/cs-gov-east-bus`,
      );
    } finally {
      fake.registration.eventBuses = newRegistrationState().eventBuses;
    }
  });

  it('Delete deregisters the organisation in one call and removes the published outputs', async () => {
    await run({ RequestType: 'Create', ResourceProperties: ALL_ON });
    const published = ssm;
    fake.requests.length = 0;
    logs = [];
    const { session } = sessionFor(fake);
    await handleRegistrationEvent(
      { RequestType: 'Delete', PhysicalResourceId: PHYSICAL_ID, ResourceProperties: ALL_ON },
      {
        falcon: session,
        outputs: { write: (o) => writeRegistrationOutputs(published, o), remove: () => deleteRegistrationOutputs(published) },
        log: (message) => logs.push(message),
      },
    );
    expect(fake.requests.filter((r) => r.path !== '/oauth2/token').map((r) => [r.method, r.query.get('organization-ids')])).toEqual([
      ['DELETE', 'o-exampleorgid'],
    ]);
    expect(fake.registration.accounts.size).toBe(0);
    expect(published.parameters.size).toBe(0);
  });

  it('Delete after a failed Create (another physical ID) touches nothing', async () => {
    await run({ RequestType: 'Create', ResourceProperties: PROPS });
    fake.requests.length = 0;
    const result = await run({ RequestType: 'Delete', PhysicalResourceId: 'CREATE_FAILED-marker', ResourceProperties: PROPS });
    expect(result.PhysicalResourceId).toBe('CREATE_FAILED-marker');
    expect(fake.requests).toEqual([]);
    expect(fake.registration.accounts.size).toBe(1);
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
    fake.client(CLIENT_ID).scopes = ALL_SCOPES.filter((s) => s !== 'cloud-aws-registration:write');
    await expect(run({ RequestType: 'Create', ResourceProperties: PROPS })).rejects.toThrow(
      /denied creating the cloud registration \(HTTP 403\): the API client needs the "Cloud Security AWS Registration: Write" scope/,
    );
  });

  it('fails clearly when the Falcon API keeps failing, after bounded retries', async () => {
    fake.injectServerErrors(100, { status: 500, match: /^\/cloud-security-registration-aws\// });
    await expect(run({ RequestType: 'Create', ResourceProperties: PROPS })).rejects.toThrow(/still failing after retries/);
    expect(fake.requestsTo(PATH)).toHaveLength(4);
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
