/** The broker's `product-parameters` action: the caller's own account only, and only what the blueprint offers. */
import { describe, expect, it } from 'vitest';
import { handleBrokerRequest } from '../../lifecycle-handlers/falcon/broker';
import { blueprintSource, parseBlueprintSource } from '../../lifecycle-handlers/falcon/broker-blueprint';
import { AccountRateLimiter } from '../../lifecycle-handlers/falcon/broker-rate-limit';
import type { GuardedBrokerDeps } from '../../lifecycle-handlers/falcon/broker-request';
import { registrationSettings } from '../../lifecycle-handlers/falcon/registration-request';
import type { Manifest } from '../../manifest/schema';
import { blueprintManifest, SECRET_ARN } from './blueprint-app';

const ORG = 'o-exampleorgid';
const CALLER = '222222222222';
/** falcon-baseline v1.0.0's function: a CloudFormation-named role of its Service Catalog stack, session = function name. */
const BASELINE_FUNCTION = `arn:aws:sts::${CALLER}:assumed-role/SC-${CALLER}-pp-abcdefghijklm-ParametersFunctionRole-1A2B3C4D/falcon-baseline-parameters`;
const REGISTRATION = {
  crowdStrikeAccountId: '292230061137',
  intermediateRoleName: 'CrowdStrikeCSPMConnector',
  externalId: 'org-external-id',
  readerRoleName: 'CrowdStrikeCSPMReader-org',
  eventBusName: 'cs-horizon-org-bus',
};

function depsFor(manifest: Manifest | undefined): GuardedBrokerDeps {
  return {
    falcon: {
      run: () => {
        throw new Error('product-parameters must not call Falcon');
      },
    },
    readOutputs: async () => REGISTRATION,
    settings: registrationSettings({
      OrganizationId: ORG,
      ManagementAccountId: '111111111111',
      FalconCloud: 'us-1',
      Partition: 'aws',
      HomeRegion: 'us-east-1',
      BehaviorAssessment: 'true',
      SensorManagement: 'true',
      Dspm: 'false',
      IdentityProtection: 'false',
    }),
    partition: 'aws',
    // The broker reads the manifest from its environment: exercise the same reduce / re-parse round trip.
    blueprint: manifest ? parseBlueprintSource(blueprintSource(manifest)) : undefined,
    limiter: new AccountRateLimiter(),
    log: () => {},
  };
}

const ask = (body: Record<string, unknown>, deps = depsFor(blueprintManifest())) =>
  handleBrokerRequest(
    {
      callerAccountId: CALLER,
      callerOrganizationId: ORG,
      callerArn: BASELINE_FUNCTION,
      method: 'POST',
      body: JSON.stringify({ action: 'product-parameters', ...body }),
    },
    deps,
  );

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

  it('keeps the reduced manifest small enough for the Lambda environment', () => {
    expect(blueprintSource(blueprintManifest()).length).toBeLessThan(3_000);
    expect(() => blueprintSource(blueprintManifest((m) => {
      m.blueprint!.products['ssm-distributor']!.parameters.targetTagValues = Array.from({ length: 50 }, (_, i) => `value-${i}`.repeat(8));
    }))).toThrow(/more than the 3000 the broker/);
  });
});
