/** The broker's `product-parameters` action: the caller's own account only, and only what the blueprint offers. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blueprintSource } from '../../lifecycle-handlers/falcon/broker-blueprint';
import { DIRECTORY } from '../../products/directory/entries';
import { BASELINE_COMPONENTS_BY_VERSION } from '../../products/falcon-baseline/definition';
import { SNAPSHOT_DIRECTORY } from '../../stacks/portfolio-stack';
import { snapshotFileName } from '../../stacks/shared-snapshot-history';
import type { Manifest } from '../../manifest/schema';
import { blueprintManifest, SECRET_ARN } from './blueprint-app';
import { askBroker, brokerDepsFor, customResourceAnswer } from './broker-fixture';

const CALLER = '222222222222';
const REGISTRATION = {
  crowdStrikeAccountId: '292230061137',
  intermediateRoleName: 'CrowdStrikeCSPMConnector',
  externalId: 'org-external-id',
  readerRoleName: 'CrowdStrikeCSPMReader-org',
  eventBusName: 'cs-horizon-org-bus',
  brokerUrl: 'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws/',
};

const depsFor = (manifest: Manifest | undefined) => brokerDepsFor(manifest, REGISTRATION);

const ask = (body: Record<string, unknown>, deps = depsFor(blueprintManifest())) =>
  askBroker(CALLER, { action: 'product-parameters', ...body }, deps);

/** The parameter requests a published baseline version's template makes, as CloudFormation sends them in `region`. */
function publishedRequests(version: string, region: string): Array<Record<string, unknown>> {
  const file = path.join(SNAPSHOT_DIRECTORY, snapshotFileName('falcon-baseline', version));
  const template = JSON.parse(readFileSync(file, 'utf8')) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
  return Object.values(template.Resources)
    .filter((r) => r.Type === 'Custom::FalconProductParameters')
    .map((r) => ({ ...r.Properties, BrokerUrl: REGISTRATION.brokerUrl, Region: region, AfterLaunchRole: 'resolved' }));
}

describe('broker action product-parameters', () => {
  it('computes each product\'s template parameters for the caller\'s account and Region', async () => {
    const response = await ask({ region: 'us-west-2', products: ['launch-role', 'iom', 'threat-detection', 'ssm-distributor'] });
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({ action: 'product-parameters', accountId: CALLER, region: 'us-west-2' });
    const parameters = response.body.parameters as Record<string, Record<string, string>>;
    expect(parameters['launch-role']).toEqual({ LaunchRoleName: 'FalconCatalogLaunchRole' });
    expect(parameters.iom).toEqual({
      CrowdStrikeAccountId: '292230061137',
      CrowdStrikeRoleName: 'CrowdStrikeCSPMConnector',
      ExternalId: 'org-external-id',
      RoleName: 'CrowdStrikeCSPMReader-org',
    });
    // Outside the home Region the EventBridge role is only referenced, as the lifecycle core would do.
    expect(parameters['threat-detection']).toMatchObject({ CreateEventBridgeRole: 'false', CrowdStrikeEventBusName: 'cs-horizon-org-bus' });
    expect(parameters['ssm-distributor']).toMatchObject({
      CredentialsSecretArn: SECRET_ARN.replace('us-east-1', 'us-west-2'),
      MaxConcurrency: '5',
    });
  });

  it('refuses a request that names another account', async () => {
    const response = await ask({ accountId: '333333333333', region: 'us-east-1', products: ['iom'] });
    expect(response.statusCode).toBe(403);
    expect(response.body.error).toMatch(/acts only on the calling account/);
  });

  it('refuses products the blueprint does not offer, unknown products and ungoverned Regions', async () => {
    const notOffered = await ask(
      { region: 'us-east-1', products: ['iom'] },
      depsFor(blueprintManifest((m) => delete m.blueprint?.products.iom)),
    );
    expect([notOffered.statusCode, notOffered.body.error]).toEqual([403, expect.stringMatching(/not offered through the blueprint/)]);
    const unknown = await ask({ region: 'us-east-1', products: ['ecr-anything'] });
    expect([unknown.statusCode, unknown.body.error]).toEqual([400, expect.stringMatching(/not a baseline product: ecr-anything/)]);
    const region = await ask({ region: 'ap-south-1', products: ['iom'] });
    expect([region.statusCode, region.body.error]).toEqual([400, expect.stringMatching(/not a governed Region/)]);
  });

  it('is refused when the hub has no blueprint enabled', async () => {
    const response = await ask({ region: 'us-east-1', products: ['iom'] }, depsFor(undefined));
    expect([response.statusCode, response.body.error]).toEqual([403, expect.stringMatching(/blueprint is not enabled/)]);
  });

  it('answers 409 with the reason when the hub cannot serve a product yet', async () => {
    const deps = { ...depsFor(blueprintManifest()), readOutputs: async () => ({ ...REGISTRATION, eventBusName: undefined }) };
    const response = await ask({ region: 'us-east-1', products: ['threat-detection'] }, deps);
    expect([response.statusCode, response.body.error]).toEqual([409, expect.stringMatching(/threat-detection: .*no event bus/)]);
  });

  it('answers every parameter request of every published baseline version, each with its pinned version\'s keys', async () => {
    const everything = blueprintManifest((m) => (m.blueprint!.products['eks-protection'] = { parameters: {} }));
    for (const { version, components } of BASELINE_COMPONENTS_BY_VERSION) {
      const requests = publishedRequests(version, 'us-east-1');
      expect(requests.map((r) => r.ProductId), version).toEqual(components.map((c) => c.productId));
      for (const [index, request] of requests.entries()) {
        const answer = await customResourceAnswer(CALLER, request, depsFor(everything));
        expect(Object.keys(answer), `${version} ${String(request.ProductId)}`).toEqual(components[index].parameterKeys);
      }
    }
  });

  it('serves v1.1.0\'s versions: the directory\'s values, and the directory\'s SSM names to the products that read it', async () => {
    const response = await ask({
      region: 'us-west-2',
      products: ['directory', 'iom', 'sensor-management'],
      versions: { directory: 'v1.0.0', iom: 'v1.2.0', 'sensor-management': 'v1.2.0' },
    });
    expect(response.statusCode).toBe(200);
    const parameters = response.body.parameters as Record<string, Record<string, string>>;
    // The directory is never listed in blueprint.products: every baseline from v1.1.0 provisions it.
    expect(parameters.directory).toMatchObject({
      HomeRegion: 'us-east-1',
      HubAccountId: '999999999999',
      CrowdStrikeAccountId: '292230061137',
      ExternalId: 'org-external-id',
      BrokerUrl: REGISTRATION.brokerUrl,
      EventBusName: 'cs-horizon-org-bus',
      // The directory of us-west-2 names the secret's replica there (portfolio.selfService.sensorDownloadSecretArn).
      SensorDownloadSecretArn: expect.stringMatching(/^arn:aws:secretsmanager:us-west-2:/),
    });
    expect(parameters.iom).toMatchObject({
      CrowdStrikeAccountId: DIRECTORY.crowdStrikeAccountId.parameterName,
      ExternalId: DIRECTORY.externalId.parameterName,
      RoleName: '',
      DirectoryRevision: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(parameters.iom.PermissionsBoundaryPolicyName).toBeUndefined();
    expect(parameters['sensor-management']).toMatchObject({
      SensorDownloadSecretArn: DIRECTORY.sensorDownloadSecretArn.parameterName,
      CredentialsSecretArn: SECRET_ARN.replace('us-east-1', 'us-west-2'),
    });
  });

  it('computes only versions a baseline pins, and asks a caller that names none for v1.0.0\'s', async () => {
    const unpinned = await ask({ region: 'us-east-1', products: ['iom'], versions: { iom: 'v1.1.0' } });
    expect([unpinned.statusCode, unpinned.body.error]).toEqual([400, 'no falcon-baseline version provisions iom v1.1.0']);
    const noVersion = await ask({ region: 'us-east-1', products: ['directory'] });
    expect([noVersion.statusCode, noVersion.body.error]).toEqual([400, 'versions.directory is required: falcon-baseline v1.0.0 does not provision directory']);
    const malformed = await ask({ region: 'us-east-1', products: ['iom'], versions: ['v1.2.0'] });
    expect(malformed.statusCode).toBe(400);
  });

  it('keeps the reduced manifest small enough for the Lambda environment', () => {
    expect(blueprintSource(blueprintManifest()).length).toBeLessThan(3_000);
    expect(() => blueprintSource(blueprintManifest((m) => {
      m.blueprint!.products['ssm-distributor']!.parameters.targetTagValues = Array.from({ length: 50 }, (_, i) => `value-${i}`.repeat(8));
    }))).toThrow(/more than the 3000 the broker/);
  });
});
