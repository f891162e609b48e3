/** The member-side broker client: SigV4 as AWS specifies it, and the baseline custom resource's pure core. */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { fetchProductParameters, readRequest } from '../../lifecycle-handlers/blueprint/product-parameters';
import { brokerRegion, callBroker, type FetchLike } from '../../lifecycle-handlers/broker-client/client';
import { payloadHash, signRequest } from '../../lifecycle-handlers/broker-client/sigv4';

const EXAMPLE_CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const URL = 'https://abcdefghij0123456789abcdefghijkl.lambda-url.us-east-1.on.aws/';

describe('signRequest', () => {
  it('reproduces AWS\'s published get-vanilla signature test vector', () => {
    const headers = signRequest({
      method: 'GET',
      url: 'https://example.amazonaws.com/',
      region: 'us-east-1',
      service: 'service',
      credentials: EXAMPLE_CREDENTIALS,
      now: new Date('2015-08-30T12:36:00Z'),
    });
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, ' +
        'Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });

  it('signs a broker POST with a session token exactly as the AWS SDK signer does', async () => {
    const credentials = { ...EXAMPLE_CREDENTIALS, sessionToken: 'session-token-value' };
    const body = JSON.stringify({ action: 'product-parameters' });
    const now = new Date('2026-01-02T03:04:05Z');
    const ours = signRequest({
      method: 'POST', url: URL, headers: { 'content-type': 'application/json', 'x-amz-content-sha256': payloadHash(body) }, body, region: 'us-east-1', service: 'lambda', credentials, now,
    });
    const sdk = await new SignatureV4({ credentials, region: 'us-east-1', service: 'lambda', sha256: Sha256 }).sign(
      new HttpRequest({ method: 'POST', protocol: 'https:', hostname: new globalThis.URL(URL).hostname, path: '/', headers: { host: new globalThis.URL(URL).hostname, 'content-type': 'application/json' }, body }),
      { signingDate: now },
    );
    expect(ours.authorization).toBe(sdk.headers.authorization);
  });
});

describe('callBroker', () => {
  it('POSTs signed JSON to the URL and returns the answer; a refusal carries the broker\'s reason', async () => {
    const seen: { headers: Record<string, string>; body: string }[] = [];
    const fetch: FetchLike = async (_url, init) => {
      seen.push(init);
      const ok = JSON.parse(init.body).action === 'ok';
      return { status: ok ? 200 : 403, text: async () => JSON.stringify(ok ? { done: true } : { error: 'not yours' }) };
    };
    const call = (action: string) => callBroker({ url: URL, body: { action }, credentials: EXAMPLE_CREDENTIALS, fetch });
    await expect(call('ok')).resolves.toEqual({ done: true });
    expect(seen[0].headers.authorization).toMatch(/\/us-east-1\/lambda\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date,/);
    await expect(call('other')).rejects.toThrow('the Falcon broker refused (HTTP 403): not yours');
    expect(() => brokerRegion('https://evil.example.com/')).toThrow(/not a Lambda function URL/);
  });
});

describe('the baseline custom resource', () => {
  const properties = {
    ServiceToken: 'arn:aws:lambda:us-east-1:222222222222:function:falcon-baseline-parameters',
    BrokerUrl: URL,
    Region: 'us-west-2',
    ProductId: 'iom',
    ParameterKeys: ['CrowdStrikeAccountId', 'ExternalId', 'PermissionsBoundaryPolicyName'],
    OptionalParameterKeys: ['PermissionsBoundaryPolicyName'],
    AfterLaunchRole: 'pp-abc',
  };

  it('asks for its one product in its Region and returns exactly the pinned version\'s keys', async () => {
    const asked: Record<string, unknown>[] = [];
    const result = await fetchProductParameters(readRequest(properties), async (body) => {
      asked.push(body);
      // A newer product version may take a key the pinned one does not declare: it is left out.
      return { parameters: { iom: { CrowdStrikeAccountId: '292230061137', ExternalId: 'x-id', NewerKey: 'n' } } };
    });
    expect(asked).toEqual([{ action: 'product-parameters', region: 'us-west-2', products: ['iom'] }]);
    expect(result).toEqual({ CrowdStrikeAccountId: '292230061137', ExternalId: 'x-id', PermissionsBoundaryPolicyName: '' });
  });

  it('names its pinned product version to the broker when the template gives one (baseline v1.1.0 and newer)', async () => {
    const asked: Record<string, unknown>[] = [];
    const pinned = { ...properties, ProductId: 'directory', Version: 'v1.0.0', ParameterKeys: ['HomeRegion'], OptionalParameterKeys: [] };
    const result = await fetchProductParameters(readRequest(pinned), async (body) => {
      asked.push(body);
      return { parameters: { directory: { HomeRegion: 'us-east-1' } } };
    });
    expect(asked).toEqual([
      { action: 'product-parameters', region: 'us-west-2', products: ['directory'], versions: { directory: 'v1.0.0' } },
    ]);
    expect(result).toEqual({ HomeRegion: 'us-east-1' });
    expect(() => readRequest({ ...pinned, Version: '' })).toThrow('Version is required');
  });

  it('fails when the hub leaves out a required key, or the request is malformed', async () => {
    const served = async () => ({ parameters: { iom: { CrowdStrikeAccountId: '292230061137' } } });
    await expect(fetchProductParameters(readRequest(properties), served)).rejects.toThrow('the Falcon broker returned no ExternalId for iom');
    expect(() => readRequest({ ...properties, BrokerUrl: '' })).toThrow('BrokerUrl is required');
    expect(() => readRequest({ ...properties, ParameterKeys: 'ExternalId' })).toThrow('ParameterKeys must be a list of strings');
  });
});
