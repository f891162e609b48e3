/**
 * The foundation an account gets before its Falcon products (core/foundation.ts): the launch role in the home
 * Region, and the Falcon directory in each Region where a version that reads it goes, or in every governed Region
 * when `portfolio.selfService.prepareAccounts` is on and the portfolio is shared with the account. Pure: desired
 * state and plan.
 */
import { describe, expect, it } from 'vitest';
import { desiredStateFor, versionFor } from '../../lifecycle-handlers/core/desired-state';
import { parametersDigest } from '../../lifecycle-handlers/core/identity';
import { planAccount } from '../../lifecycle-handlers/core/plan';
import type { ActualItem, DesiredState, PlannedAction } from '../../lifecycle-handlers/core/types';
import { DIRECTORY_PRODUCT_ID, directoryTemplateParameters, directoryValues } from '../../products/directory/entries';
import type { Manifest } from '../../manifest/schema';
import { currentVersionName, findProduct } from '../../products/registry';
import { type RegistrationOutputs } from '../../vocabulary';
import { accountIn, excludedAccount, OUS, prodAccount, securityAccount } from './accounts-fixture';
import { exampleIomManifest, plainManifestWith } from './manifest-fixture';
import { LAUNCH_ROLE_VERSION, REGISTRATION } from './registration-fixture';
import { organizationFacts } from '../../manifest/organization-facts';

const GOVERNED = ['us-east-1', 'us-west-2', 'eu-west-1'];
const HUB = '111111111111';
const IMPORTED = '444444444444';
const WITH_BUS: RegistrationOutputs = { ...REGISTRATION, eventBusName: 'cs-tenant-bus' };
const DIRECTORY_VERSION = currentVersionName(findProduct(DIRECTORY_PRODUCT_ID)!);

const places = (state: DesiredState) => state.items.map((i) => `${i.productId}@${i.region}`);
const directoryParameters = (manifest: Manifest, region: string, registration: RegistrationOutputs = REGISTRATION) =>
  directoryTemplateParameters(directoryValues({ org: organizationFacts(manifest), region, registration }));

/** IOM v1.1.0 (reads the directory) for Root/Workloads, self-service off. */
const readerManifest = (overrides: Record<string, unknown> = {}) =>
  plainManifestWith({ products: { iom: { enabled: true, version: 'v1.1.0' } }, ...overrides });

describe('the Falcon directory follows the versions that read it', () => {
  it('goes into the Region of a directory-reading version, after the launch role and before the product', () => {
    const manifest = readerManifest();
    const { items, conflicts } = desiredStateFor(manifest, prodAccount, REGISTRATION);
    expect(conflicts).toEqual([]);
    expect(places({ items, conflicts })).toEqual(['launch-role@us-east-1', 'directory@us-east-1', 'iom@us-east-1']);
    expect(items[1]).toEqual({
      accountId: prodAccount.id,
      region: 'us-east-1',
      productId: DIRECTORY_PRODUCT_ID,
      version: DIRECTORY_VERSION,
      parameters: directoryParameters(manifest, 'us-east-1'),
      provisionedProductName: 'falcon-directory',
      assignments: [],
    });
    expect(items[2]).toMatchObject({ productId: 'iom', version: 'v1.1.0' });
  });

  it('a version that reads nothing (v1.0.0) brings no directory', () => {
    expect(places(desiredStateFor(plainManifestWith(), prodAccount, REGISTRATION))).toEqual([
      'launch-role@us-east-1',
      'iom@us-east-1',
    ]);
  });

  it('a per-Region reader brings the directory into exactly its Regions, in governed-Region order', () => {
    const manifest = plainManifestWith({
      products: { 'threat-detection': { enabled: true } },
      assignments: [
        { name: 'ioa', product: 'threat-detection', targets: { organizationalUnits: ['Root/Workloads'] }, regions: ['eu-west-1', 'us-east-1'] },
      ],
    });
    const state = desiredStateFor(manifest, prodAccount, WITH_BUS);
    expect(state.conflicts).toEqual([]);
    expect(places(state)).toEqual([
      'launch-role@us-east-1',
      'directory@us-east-1',
      'directory@eu-west-1',
      'threat-detection@eu-west-1',
      'threat-detection@us-east-1',
    ]);
    // The event bus depends on the Region, so each Region's directory carries its own values.
    const eu = state.items.find((i) => i.productId === DIRECTORY_PRODUCT_ID && i.region === 'eu-west-1')!;
    expect(eu.parameters).toEqual(directoryParameters(manifest, 'eu-west-1', WITH_BUS));
  });

  it('without the hub registration its readers wait, and so nothing brings the directory (prepared accounts: below)', () => {
    const { items, conflicts } = desiredStateFor(readerManifest(), prodAccount);
    expect(items.map((i) => i.productId)).toEqual(['launch-role']);
    expect(conflicts).toEqual([
      expect.objectContaining({ kind: 'blocked', productId: 'iom', reason: expect.stringContaining('deploy the Falcon hub stack first') }),
    ]);
  });
});

describe('portfolio.selfService.prepareAccounts', () => {
  const manifest = exampleIomManifest();
  const foundation = ['launch-role@us-east-1', ...GOVERNED.map((r) => `directory@${r}`)];

  it('the example manifest prepares accounts and assigns the newest IOM, which reads the directory', () => {
    expect(manifest.portfolio.selfService.prepareAccounts).toBe(true);
    const iom = findProduct('iom')!;
    expect(versionFor(manifest, iom)).toBe(currentVersionName(iom));
    expect(iom.directoryEntries?.(versionFor(manifest, iom)).length).toBeGreaterThan(0);
  });

  it('gives an assigned account the directory in every governed Region, not only where its products go', () => {
    const state = desiredStateFor(manifest, prodAccount, REGISTRATION);
    expect(state.conflicts).toEqual([]);
    expect(places(state)).toEqual([...foundation, 'iom@us-east-1']);
    for (const item of state.items.filter((i) => i.productId === DIRECTORY_PRODUCT_ID)) {
      expect(item.parameters).toEqual(directoryParameters(manifest, item.region));
    }
  });

  it('gives a shared account that nothing is assigned to the launch role and the directory everywhere', () => {
    // 555555555555 is under Root/Workloads (shared) but excluded from the IOM assignment.
    expect(places(desiredStateFor(manifest, excludedAccount, REGISTRATION))).toEqual(foundation);
    // Shared by account ID (an IMPORTED share), in an OU the portfolio is not shared with.
    const imported = accountIn(IMPORTED, [OUS.ROOT, OUS.SECURITY]);
    expect(places(desiredStateFor(manifest, imported, REGISTRATION))).toEqual(foundation);
  });

  it('gives an account outside the share nothing: its owners could not launch from the portfolio anyway', () => {
    expect(desiredStateFor(manifest, securityAccount, REGISTRATION)).toEqual({ items: [], conflicts: [] });
  });

  it('gives the hub the directory and its assigned IOM but no launch-role product (the portfolio stack created its role)', () => {
    const hub = accountIn(HUB, [OUS.ROOT]);
    expect(places(desiredStateFor(manifest, hub, REGISTRATION))).toEqual([...GOVERNED.map((r) => `directory@${r}`), 'iom@us-east-1']);
  });

  it('without the registration, a prepared account still gets its launch role; each directory waits with the reason', () => {
    const { items, conflicts } = desiredStateFor(manifest, excludedAccount);
    expect(items.map((i) => i.productId)).toEqual(['launch-role']);
    expect(conflicts.map((c) => [c.kind, c.productId, c.region])).toEqual(GOVERNED.map((r) => ['blocked', DIRECTORY_PRODUCT_ID, r]));
    for (const c of conflicts) expect(c.reason).toContain('deploy the Falcon hub stack first');
  });

  it('is off by default: an unassigned shared account then gets nothing', () => {
    expect(desiredStateFor(plainManifestWith(), excludedAccount, REGISTRATION).items).toEqual([]);
  });
});

describe('planning the directory', () => {
  const manifest = exampleIomManifest();

  function actual(productId: string, region: string, overrides: Partial<ActualItem> = {}): ActualItem {
    const parameters = { Any: 'value' };
    return {
      accountId: securityAccount.id,
      region,
      productId,
      provisionedProductId: `pp-${productId}-${region}`,
      provisionedProductName: `falcon-${productId}`,
      status: 'AVAILABLE',
      version: productId === 'launch-role' ? LAUNCH_ROLE_VERSION : 'v1.0.0',
      parameters,
      parametersDigest: parametersDigest(parameters),
      ...overrides,
    };
  }
  const summary = (actions: PlannedAction[]) => actions.map((a) => `${a.productId}@${a.region}:${a.kind}`);

  it('terminates every directory of an account that leaves the share', () => {
    const lingering = [actual('launch-role', 'us-east-1'), ...GOVERNED.map((r) => actual(DIRECTORY_PRODUCT_ID, r))];
    const none = desiredStateFor(manifest, securityAccount, REGISTRATION);
    const actions = planAccount(securityAccount, none, lingering, manifest.lifecycle);
    expect(summary(actions)).toEqual(['launch-role@us-east-1:terminate', ...GOVERNED.map((r) => `directory@${r}:terminate`)]);
  });

  it('keeps a Region\'s directory while another Falcon product of ours stays in that Region, and only there', () => {
    const lingering = [
      actual('launch-role', 'us-east-1'),
      ...GOVERNED.map((r) => actual(DIRECTORY_PRODUCT_ID, r)),
      actual('threat-detection', 'us-west-2', { status: 'UNDER_CHANGE' }),
    ];
    const none = desiredStateFor(manifest, securityAccount, REGISTRATION);
    const actions = planAccount(securityAccount, none, lingering, manifest.lifecycle);
    expect(summary(actions)).toEqual([
      'launch-role@us-east-1:skip',
      'directory@us-east-1:terminate',
      'directory@us-west-2:skip',
      'directory@eu-west-1:terminate',
      'threat-detection@us-west-2:skip',
    ]);
    const kept = actions.find((a) => a.productId === DIRECTORY_PRODUCT_ID && a.region === 'us-west-2')!;
    expect(kept.reason).toContain('kept because other Falcon products in us-west-2 still read it');
  });

  it('provisions the directory where it is missing and updates it when the directory values change', () => {
    const desired = desiredStateFor(manifest, excludedAccount, REGISTRATION);
    const east = desired.items.find((i) => i.productId === DIRECTORY_PRODUCT_ID && i.region === 'us-east-1')!;
    const current = { ...actual(DIRECTORY_PRODUCT_ID, 'us-east-1'), accountId: excludedAccount.id, version: DIRECTORY_VERSION };
    const upToDate = { ...current, parameters: east.parameters, parametersDigest: parametersDigest(east.parameters) };
    const stale = { ...east.parameters, ExternalId: 'ext-old' };
    const outdated = { ...current, parameters: stale, parametersDigest: parametersDigest(stale) };
    const launchRole = { ...actual('launch-role', 'us-east-1'), accountId: excludedAccount.id, parameters: { LaunchRoleName: 'FalconCatalogLaunchRole' } };
    const withDigest = { ...launchRole, parametersDigest: parametersDigest(launchRole.parameters) };

    const fresh = planAccount(excludedAccount, desired, [withDigest, upToDate], manifest.lifecycle);
    expect(summary(fresh)).toEqual([
      'launch-role@us-east-1:skip',
      'directory@us-east-1:skip',
      'directory@us-west-2:provision',
      'directory@eu-west-1:provision',
    ]);
    const changed = planAccount(excludedAccount, desired, [withDigest, outdated], manifest.lifecycle);
    expect(changed.find((a) => a.productId === DIRECTORY_PRODUCT_ID && a.region === 'us-east-1')).toMatchObject({
      kind: 'update',
      parameterDiff: [{ key: 'ExternalId', from: 'ext-old', to: REGISTRATION.externalId }],
    });
  });
});
