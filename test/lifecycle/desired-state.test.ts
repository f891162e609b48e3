import { describe, expect, it } from 'vitest';
import { desiredStateFor as desiredWithRegistration, regionsFor } from '../../lifecycle-handlers/core/desired-state';
import type { Manifest } from '../../manifest/schema';
import { IOM_PARAMETERS, LAUNCH_ROLE_VERSION, REGISTRATION } from './registration-fixture';
import type { AccountContext } from '../../lifecycle-handlers/core/types';
import { findProduct } from '../../products/registry';
import { type ProductDefinition } from '../../vocabulary';
import { excludedAccount, OUS, accountIn, prodAccount, sandboxAccount, securityAccount } from './accounts-fixture';
import { plainManifestWith } from './manifest-fixture';

// Assignment semantics, without the self-service foundation (its tests: foundation.test.ts).
const exampleManifest = () => plainManifestWith();
const manifestWith = plainManifestWith;

const desiredStateFor = (m: Manifest, a: AccountContext) => desiredWithRegistration(m, a, REGISTRATION);

const iomAssignment = (overrides: Record<string, unknown>) => ({
  name: 'iom-test',
  product: 'iom',
  targets: { organizationalUnits: ['Root/Workloads'] },
  ...overrides,
});

describe('desiredStateFor', () => {
  const manifest = exampleManifest();

  it('an account under an assigned OU (at any depth) desires the product and the launch role, home Region first', () => {
    const { items, conflicts } = desiredStateFor(manifest, prodAccount);
    expect(conflicts).toEqual([]);
    expect(items).toEqual([
      {
        accountId: '222222222222',
        region: 'us-east-1',
        productId: 'launch-role',
        version: LAUNCH_ROLE_VERSION,
        parameters: { LaunchRoleName: 'FalconCatalogLaunchRole' },
        provisionedProductName: 'falcon-launch-role',
        assignments: [],
      },
      {
        accountId: '222222222222',
        region: 'us-east-1',
        productId: 'iom',
        version: 'v1.0.0',
        parameters: IOM_PARAMETERS,
        provisionedProductName: 'falcon-iom',
        assignments: ['iom-everywhere'],
      },
    ]);
  });

  it('an excluded account or one outside every target desires nothing, not even the launch role', () => {
    expect(desiredStateFor(manifest, excludedAccount).items).toEqual([]);
    expect(desiredStateFor(manifest, securityAccount).items).toEqual([]);
    expect(desiredStateFor(manifest, sandboxAccount).items.map((i) => i.productId)).toEqual(['launch-role', 'iom']);
  });

  it('targets OUs by ID, accounts directly, and excludes OUs by path', () => {
    const byId = manifestWith({
      assignments: [
        iomAssignment({
          targets: {
            organizationalUnits: [OUS.WORKLOADS.id],
            accounts: [securityAccount.id],
            exclude: { organizationalUnits: ['Root/Workloads/Prod'] },
          },
        }),
      ],
    });
    expect(desiredStateFor(byId, prodAccount).items).toEqual([]);
    expect(desiredStateFor(byId, excludedAccount).items.map((i) => i.productId)).toEqual(['launch-role', 'iom']);
    expect(desiredStateFor(byId, securityAccount).items.map((i) => i.productId)).toEqual(['launch-role', 'iom']);
  });

  it('a path matches whole OU names only (Root/Work does not cover Root/Workloads)', () => {
    const partial = manifestWith({ assignments: [iomAssignment({ targets: { organizationalUnits: ['Root/Work'] } })] });
    expect(desiredStateFor(partial, prodAccount).items).toEqual([]);
  });

  it('a product the manifest does not enable is never desired', () => {
    const disabled = manifestWith({ products: { iom: { enabled: false } } });
    expect(desiredStateFor(disabled, prodAccount).items).toEqual([]);
  });

  it('home-only products stay in the home Region whatever Regions the assignment lists', () => {
    const governed = manifestWith({ assignments: [iomAssignment({ regions: 'governed' })] });
    expect(desiredStateFor(governed, prodAccount).items.map((i) => `${i.productId}@${i.region}`)).toEqual([
      'launch-role@us-east-1',
      'iom@us-east-1',
    ]);
  });

  it('template parameters come from the registration, with the assignment overriding the role name', () => {
    const withParams = manifestWith({
      assignments: [iomAssignment({ parameters: { roleName: 'CrowdStrikeCSPMReader-prod' } })],
    });
    const iom = desiredStateFor(withParams, prodAccount).items.find((i) => i.productId === 'iom');
    expect(iom?.parameters).toEqual({ ...IOM_PARAMETERS, RoleName: 'CrowdStrikeCSPMReader-prod' });
  });

  it('without the hub registration, IOM is blocked with a reason instead of launched with missing parameters', () => {
    const { items, conflicts } = desiredWithRegistration(exampleManifest(), prodAccount);
    expect(items.map((i) => i.productId)).toEqual(['launch-role']);
    expect(conflicts).toEqual([
      expect.objectContaining({ productId: 'iom', reason: expect.stringContaining('deploy the Falcon hub stack first') }),
    ]);
  });

  it('the hub account gets no launch-role product: the portfolio stack already created its launch role', () => {
    const hub = { ...prodAccount, id: '111111111111' };
    expect(desiredStateFor(exampleManifest(), hub).items.map((i) => i.productId)).toEqual(['iom']);
  });

  it('two assignments with different parameters for one place are a conflict, not a guess', () => {
    const clashing = manifestWith({
      assignments: [
        iomAssignment({ name: 'iom-a', parameters: { roleName: 'CrowdStrikeCSPMReader-a' } }),
        iomAssignment({ name: 'iom-b', targets: { accounts: [prodAccount.id] }, parameters: { roleName: 'CrowdStrikeCSPMReader-b' } }),
      ],
    });
    const { items, conflicts } = desiredStateFor(clashing, prodAccount);
    expect(items.map((i) => i.productId)).toEqual(['launch-role']);
    expect(conflicts).toEqual([
      expect.objectContaining({ productId: 'iom', region: 'us-east-1', assignments: ['iom-a', 'iom-b'] }),
    ]);
  });

  it('two assignments that agree merge into one item naming both', () => {
    const agreeing = manifestWith({
      assignments: [iomAssignment({ name: 'iom-a' }), iomAssignment({ name: 'iom-b', targets: { accounts: [prodAccount.id] } })],
    });
    const iom = desiredStateFor(agreeing, prodAccount).items.filter((i) => i.productId === 'iom');
    expect(iom).toHaveLength(1);
    expect(iom[0].assignments).toEqual(['iom-a', 'iom-b']);
  });

  it('suspended accounts still have a desired state (the plan decides what happens to it)', () => {
    const suspended = accountIn(prodAccount.id, prodAccount.ancestors, 'SUSPENDED');
    expect(desiredStateFor(manifest, suspended).items).toHaveLength(2);
  });
});

describe('regionsFor', () => {
  const manifest = exampleManifest();
  const iom = findProduct('iom') as ProductDefinition;
  const perRegion: ProductDefinition = { ...iom, regionScope: 'per-region' };

  it('expands home, governed and explicit lists, without duplicates', () => {
    expect(regionsFor('home', manifest, perRegion)).toEqual(['us-east-1']);
    expect(regionsFor('governed', manifest, perRegion)).toEqual(['us-east-1', 'us-west-2', 'eu-west-1']);
    expect(regionsFor(['eu-west-1', 'eu-west-1', 'us-west-2'], manifest, perRegion)).toEqual(['eu-west-1', 'us-west-2']);
    expect(regionsFor(['eu-west-1'], manifest, iom)).toEqual(['us-east-1']);
  });
});

describe('threat-detection always covers the global-events Region', () => {
  const threatDetection = findProduct('threat-detection') as ProductDefinition;
  const euHome = (partition: 'aws' | 'aws-us-gov' = 'aws') => {
    const m = exampleManifest();
    const organization =
      partition === 'aws'
        ? { ...m.organization, homeRegion: 'eu-west-1', governedRegions: ['eu-west-1', 'us-west-2', 'us-east-1'] }
        : { ...m.organization, partition, homeRegion: 'us-gov-east-1', governedRegions: ['us-gov-east-1', 'us-gov-west-1'] };
    return { ...m, organization, falcon: { ...m.falcon, cloud: partition === 'aws' ? m.falcon.cloud : 'us-gov-1' } } as Manifest;
  };

  it('adds us-east-1 in commercial AWS, where IAM, STS, Organizations and sign-in events reach EventBridge', () => {
    const manifest = euHome();
    expect(regionsFor('home', manifest, threatDetection)).toEqual(['eu-west-1', 'us-east-1']);
    expect(regionsFor(['us-west-2'], manifest, threatDetection)).toEqual(['us-west-2', 'us-east-1']);
    expect(regionsFor('governed', manifest, threatDetection)).toEqual(['eu-west-1', 'us-west-2', 'us-east-1']);
  });

  it('adds us-gov-west-1 in GovCloud', () => {
    expect(regionsFor('home', euHome('aws-us-gov'), threatDetection)).toEqual(['us-gov-east-1', 'us-gov-west-1']);
  });

  it('puts the product into that Region of every covered account, beside the assigned one', () => {
    const manifest = {
      ...euHome(),
      products: { iom: { enabled: true, version: 'v1.0.0' }, 'threat-detection': { enabled: true, version: 'v1.0.0' } },
      assignments: [
        { name: 'td', product: 'threat-detection', targets: { organizationalUnits: ['Root/Workloads'], accounts: [], exclude: { organizationalUnits: [], accounts: [] } }, regions: 'home', parameters: {} },
      ],
    } as unknown as Manifest;
    const { items, conflicts } = desiredWithRegistration(manifest, prodAccount, { ...REGISTRATION, eventBusName: 'cs-bus' });
    expect(conflicts).toEqual([]);
    const td = items.filter((i) => i.productId === 'threat-detection');
    expect(td.map((i) => [i.region, i.parameters.CreateEventBridgeRole])).toEqual([
      ['eu-west-1', 'true'],
      ['us-east-1', 'false'],
    ]);
    expect(td.find((i) => i.region === 'us-east-1')?.assignments).toEqual(['td']);
  });
});
