import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FALCON_API_BASE_URLS, falconBaseUrl } from '../../lifecycle-handlers/falcon/clouds';
import {
  FalconCredentialsError,
  FalconScopeError,
  FalconUnavailableError,
} from '../../lifecycle-handlers/falcon/errors';
import { retryAfterMs } from '../../lifecycle-handlers/falcon/transport';
import { ALL_SCOPES, FakeFalconServer } from '../fake-falcon/server';
import { CLIENT_ID, CLIENT_SECRET, apiFor, hubClient } from './support';

const ORG = 'o-exampleorgid';
const MANAGEMENT = '111111111111';
const REGISTRATION_PATH = '/cloud-security-registration-aws/entities/account/v1';
const REGISTRATION = /^\/cloud-security-registration-aws\//;

describe('Falcon client against the fake Falcon API', () => {
  let fake: FakeFalconServer;

  beforeAll(async () => {
    fake = await FakeFalconServer.start([hubClient(), { clientId: 'readonly', clientSecret: 'readonly-secret', scopes: ['cloud-aws-registration:read'] }]);
  });
  afterAll(() => fake.stop());
  afterEach(() => {
    fake.requests.length = 0;
    fake.clearFaults();
    fake.registration.accounts.clear();
    fake.registries.clear();
    fake.client(CLIENT_ID).scopes = [...ALL_SCOPES];
  });

  it('maps every Falcon cloud to its API base URL, us-gov-2 included', () => {
    expect(FALCON_API_BASE_URLS).toEqual({
      'us-1': 'https://api.crowdstrike.com',
      'us-2': 'https://api.us-2.crowdstrike.com',
      'eu-1': 'https://api.eu-1.crowdstrike.com',
      'us-gov-1': 'https://api.laggar.gcw.crowdstrike.com',
      'us-gov-2': 'https://api.us-gov-2.crowdstrike.mil',
    });
    expect(() => falconBaseUrl('us1')).toThrow(/unknown Falcon cloud "us1"/);
  });

  it('reuses one OAuth2 token across calls until it expires, then fetches a new one', async () => {
    const { api } = apiFor(fake);
    await api.getCloudAwsAccounts([MANAGEMENT]);
    await api.getCloudAwsAccounts([MANAGEMENT]);
    expect(fake.requestsTo('/oauth2/token')).toHaveLength(1);
    expect(fake.requestsTo('/oauth2/token')[0].body).toEqual({ client_id: CLIENT_ID });

    fake.expireTokens();
    const answer = await api.getCloudAwsAccounts([MANAGEMENT]);
    expect(answer.resources).toEqual([]);
    expect(fake.requestsTo('/oauth2/token')).toHaveLength(2);
    expect(fake.requests.map((r) => r.status)).toEqual([201, 207, 207, 401, 201, 207]);
  });

  it('reports bad credentials as such, without the secret', async () => {
    const { api } = apiFor(fake, { clientId: CLIENT_ID, clientSecret: 'wrong-secret-value' });
    const error = await api.getCloudAwsAccounts([MANAGEMENT]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FalconCredentialsError);
    expect((error as Error).message).toMatch(/bad client ID\/secret/);
    expect((error as Error).message).not.toContain('wrong-secret-value');
    expect(fake.requests.every((r) => !JSON.stringify(r.body ?? '').includes('wrong-secret-value'))).toBe(true);
  });

  it('names the missing API scope on 403', async () => {
    const { api } = apiFor(fake, { clientId: 'readonly', clientSecret: 'readonly-secret' });
    await expect(api.getCloudAwsAccounts([MANAGEMENT])).resolves.toBeDefined();
    const error = await api.deleteCloudAwsOrganization(ORG).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FalconScopeError);
    expect((error as Error).message).toContain('"Cloud Security AWS Registration: Write"');

    fake.client(CLIENT_ID).scopes = ALL_SCOPES.filter((s) => !s.startsWith('falcon-container-image'));
    await expect(apiFor(fake).api.listRegistryIds()).rejects.toThrow(/"Falcon Container Image: Read" scope/);
  });

  it('rides out a 429 storm, waiting as long as X-RateLimit-RetryAfter says', async () => {
    const { api, sleeps } = apiFor(fake);
    fake.injectRateLimit(3, { retryAfterSeconds: 1, match: REGISTRATION });
    await expect(api.getCloudAwsAccounts([MANAGEMENT])).resolves.toMatchObject({ resources: [] });
    expect(fake.requestsTo(REGISTRATION_PATH).map((r) => r.status)).toEqual([429, 429, 429, 207]);
    expect(sleeps).toHaveLength(3);
    // RetryAfter is the epoch second at which the bucket refills: at most two seconds ahead of now.
    for (const ms of sleeps) expect(ms).toBeLessThanOrEqual(2000);
  });

  it('gives up on a 429 storm after the bounded number of attempts', async () => {
    const { api, sleeps } = apiFor(fake, undefined, { maxAttempts: 4 });
    fake.injectRateLimit(50, { match: REGISTRATION });
    const error = await api.getCloudAwsAccounts([MANAGEMENT]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FalconUnavailableError);
    expect((error as Error).message).toMatch(/still rate-limited \(HTTP 429\) after retries while reading the cloud registration/);
    expect(fake.requestsTo(REGISTRATION_PATH)).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
  });

  it('retries 5xx with growing backoff, and fails clearly when the server stays down', async () => {
    const { api, sleeps } = apiFor(fake, undefined, { maxAttempts: 4, baseDelayMs: 100 });
    fake.injectServerErrors(2, { status: 502, match: REGISTRATION });
    await expect(api.getCloudAwsAccounts([MANAGEMENT])).resolves.toBeDefined();
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(sleeps[0]).toBeLessThanOrEqual(100);
    expect(sleeps[1]).toBeGreaterThanOrEqual(100);
    expect(sleeps[1]).toBeLessThanOrEqual(200);

    fake.injectServerErrors(10, { status: 503, match: REGISTRATION });
    await expect(api.getCloudAwsAccounts([MANAGEMENT])).rejects.toThrow(
      /still failing after retries while reading the cloud registration: Service temporarily unavailable/,
    );
  });

  it('retries a throttled token call too', async () => {
    const { api } = apiFor(fake);
    fake.injectRateLimit(2, { match: /^\/oauth2\/token$/ });
    await expect(api.getCloudAwsAccounts([MANAGEMENT])).resolves.toBeDefined();
    expect(fake.requestsTo('/oauth2/token').map((r) => r.status)).toEqual([429, 429, 201]);
  });

  it('fails clearly when the Falcon API cannot be reached', async () => {
    const closed = await FakeFalconServer.start([hubClient()]);
    await closed.stop();
    const { api, sleeps } = apiFor(closed, undefined, { maxAttempts: 3 });
    await expect(api.getCloudAwsAccounts([MANAGEMENT])).rejects.toThrow(/Falcon token request failed|unreachable/);
    expect(sleeps).toHaveLength(2);
  });

  it('pages through every registry ID and reads and deletes them in batches', async () => {
    const { api } = apiFor(fake);
    for (let i = 0; i < 230; i++) {
      const id = `reg-${String(i).padStart(3, '0')}`;
      fake.registries.set(id, { id, type: 'ecr', url: `https://${String(100000000000 + i)}.dkr.ecr.us-east-1.amazonaws.com`, state: 'ok', created_at: '', credential_details: {} });
    }
    const ids = await api.listRegistryIds();
    expect(ids).toHaveLength(230);
    expect(new Set(ids).size).toBe(230);
    expect(fake.requestsTo('/container-security/queries/registries/v1').map((r) => r.query.get('offset'))).toEqual(['0', '100', '200']);
    expect((await api.getRegistries(ids)).map((r) => r.id)).toEqual(ids);
    await api.deleteRegistries(ids.slice(0, 120));
    expect(fake.registries.size).toBe(110);
  });

  it('never puts the client secret anywhere but the token request body', async () => {
    const { api } = apiFor(fake);
    await api.getCloudAwsAccounts([MANAGEMENT]);
    expect(JSON.stringify(fake.requests)).not.toContain(CLIENT_SECRET);
  });
});

describe('retryAfterMs', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  it('reads X-RateLimit-RetryAfter as an epoch second, Retry-After as seconds or a date', () => {
    expect(retryAfterMs(new Headers({ 'X-RateLimit-RetryAfter': String(now / 1000 + 3) }), now)).toBe(3000);
    expect(retryAfterMs(new Headers({ 'Retry-After': '2' }), now)).toBe(2000);
    expect(retryAfterMs(new Headers({ 'Retry-After': new Date(now + 5000).toUTCString() }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({}), now)).toBeUndefined();
  });
});
