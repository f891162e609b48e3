/**
 * The fake Falcon server held to the crowdstrike-falcon SDK (CrowdStrike's OpenAPI-generated client): every route it
 * serves is an operation of the SDK, needs the scope the SDK declares, and every request and answer of a run that
 * reaches every route (successes and failures) matches the SDK's models. The fake checks each exchange itself (an
 * answer that departs gets 418); this suite proves every route is reached and re-checks the log independently.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationCreateRequest, registrationPatchRequest, registrationSettings } from '../../lifecycle-handlers/falcon/registration-request';
import { requestViolations, responseViolations } from '../fake-falcon/contract';
import { loadModel, validate } from '../fake-falcon/sdk-models';
import { sdkOperationFor } from '../fake-falcon/sdk-routes';
import { ALL_SCOPES, FAKE_ROUTES, FakeFalconServer, type LoggedRequest } from '../fake-falcon/server';
import { CLIENT_ID, apiFor, hubClient } from './support';

const SETTINGS = registrationSettings({
  OrganizationId: 'o-exampleorgid',
  ManagementAccountId: '111111111111',
  FalconCloud: 'us-1',
  Partition: 'aws',
  HomeRegion: 'us-east-1',
  BehaviorAssessment: 'true',
  SensorManagement: 'true',
  IdentityProtection: 'true',
});

const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

describe('the fake Falcon server against the SDK it stands in for', () => {
  let fake: FakeFalconServer;
  let log: LoggedRequest[];

  beforeAll(async () => {
    fake = await FakeFalconServer.start([hubClient(), { clientId: 'reader', clientSecret: 'reader-secret', scopes: ['cloud-aws-registration:read'] }]);
    const { api } = apiFor(fake);
    // Every route, with the answers the code meets: absent, created, found, patched, conflicts, deleted.
    await api.getCloudAwsAccounts(['111111111111']);
    await api.createCloudAwsAccounts([registrationCreateRequest(SETTINGS)]);
    await api.createCloudAwsAccounts([registrationCreateRequest(SETTINGS)]).catch(() => undefined); // 409
    await api.getCloudAwsAccounts(['111111111111']);
    await api.updateCloudAwsAccounts([registrationPatchRequest({ ...SETTINGS, sensorManagement: false }, SETTINGS)]);
    await api.updateCloudAwsAccounts([{ accountId: '999999999999' }]).catch(() => undefined); // 404
    await apiFor(fake, { clientId: 'reader', clientSecret: 'reader-secret' }).api.deleteCloudAwsOrganization('o-exampleorgid').catch(() => undefined); // 403
    await api.deleteCloudAwsOrganization('o-exampleorgid');
    const created = await api.createRegistry({
      type: 'ecr',
      url: 'https://222222222222.dkr.ecr.us-east-1.amazonaws.com',
      userDefinedAlias: 'ecr-222222222222-us-east-1',
      credential: { details: { aws_iam_role: 'arn:aws:iam::222222222222:role/CrowdStrikeECR', aws_external_id: 'external-id-1' } },
    });
    const registry = created.resources?.[0];
    await api.createRegistry({ type: 'quay', url: 'https://example.com', credential: { details: {} } }).catch(() => undefined); // 400
    const ids = await api.listRegistryIds();
    await api.getRegistries([...ids, 'not-there']); // 207
    await api.deleteRegistries([registry!.id]);
    await apiFor(fake, { clientId: CLIENT_ID, clientSecret: 'wrong' }).api.listRegistryIds().catch(() => undefined); // token 401
    log = [...fake.requests];
  });
  afterAll(() => fake.stop());

  it('serves only operations of the SDK, each needing the scope the SDK declares', () => {
    for (const route of FAKE_ROUTES) {
      const op = sdkOperationFor(route.method, route.path);
      expect(op, routeKey(route)).toBeDefined();
      expect(op!.scopes.every((scope) => route.path === '/oauth2/token' || ALL_SCOPES.includes(scope)), routeKey(route)).toBe(true);
    }
  });

  it('reaches every route with a success answer, and the failures the code handles', () => {
    const succeeded = new Set(log.filter((r) => r.status >= 200 && r.status < 300).map(routeKey));
    expect([...succeeded].sort()).toEqual(FAKE_ROUTES.map(routeKey).sort());
    expect(log.map((r) => r.status)).toEqual(expect.arrayContaining([201, 200, 207, 400, 401, 403, 404, 409]));
  });

  it('no exchange departs from the SDK models: requests, answers and error envelopes', () => {
    expect(log.filter((r) => r.status === 418).map((r) => r.answer)).toEqual([]);
    for (const exchange of log) {
      const op = sdkOperationFor(exchange.method, exchange.path)!;
      const body = exchange.formFields ? undefined : exchange.body;
      expect(requestViolations(op, exchange.query, body, exchange.formFields), routeKey(exchange)).toEqual([]);
      expect(responseViolations(op, exchange.status, exchange.answer), `${routeKey(exchange)} ${exchange.status}`).toEqual([]);
    }
  });

  it('reads the models as the SDK declares them: JSON names, required fields, nested types', () => {
    const create = loadModel('RestCloudAWSAccountCreateExtV1');
    expect(create.fields.find((f) => f.wire === 'use_existing_cloudtrail')).toMatchObject({ property: 'useExistingCloudtrail', optional: false, type: { kind: 'boolean' } });
    expect(create.fields.find((f) => f.wire === 'products')).toMatchObject({ optional: true, type: { kind: 'array', of: { kind: 'model', name: 'RestAccountProductRequestExtV1' } } });
    expect(loadModel('DomainCloudAWSAccountV1').fields.find((f) => f.wire === 'DeletedAt')).toMatchObject({ optional: false, type: { kind: 'date' } });
  });

  it('would catch drift: a list where the SDK has one registry, an unknown field, a missing required field', () => {
    const registered = log.find((r) => r.method === 'POST' && r.path === '/container-security/entities/registries/v1' && r.status === 201)!;
    const answer = registered.answer as { resources: unknown };
    expect(validate('DomainExternalRegistryResponse', { ...answer, resources: [answer.resources] }).map((v) => v.message)).toEqual([
      'expected a DomainExternalAPIRegistry object, got an array',
    ]);
    const create = sdkOperationFor('POST', '/cloud-security-registration-aws/entities/account/v1')!;
    expect(requestViolations(create, new URLSearchParams(), { resources: [{ account_id: '1', dspm_enabled: true }] }, undefined)).toEqual([
      { path: 'body.resources[0].dspm_enabled', message: 'RestCloudAWSAccountCreateExtV1 has no field dspm_enabled' },
      { path: 'body.resources[0].use_existing_cloudtrail', message: 'RestCloudAWSAccountCreateExtV1 requires use_existing_cloudtrail' },
    ]);
    const token = sdkOperationFor('POST', '/oauth2/token')!;
    expect(requestViolations(token, new URLSearchParams('grant=x'), undefined, ['client_id'])).toEqual([
      { path: 'query.grant', message: 'oauth2AccessToken takes no query parameter grant' },
      { path: 'form.client_secret', message: 'oauth2AccessToken requires form field client_secret' },
    ]);
  });

  it('refuses a request the SDK could not have sent with 400, as the real API would', async () => {
    const token = await fetch(`${fake.baseUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: CLIENT_ID, client_secret: hubClient().clientSecret }),
    }).then((r) => r.json() as Promise<{ access_token: string }>);
    const response = await fetch(`${fake.baseUrl}/cloud-security-registration-aws/entities/account/v1?account=1`, {
      headers: { authorization: `Bearer ${token.access_token}` },
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('cloudRegistrationAwsGetAccounts takes no query parameter account');
  });
});
