/**
 * The core never launches a product version into an account whose launch role will be older than the version's
 * `minimumLaunchRole` (products/registry.ts, proved by the launch-role gate): the launch role is provisioned or
 * updated first, and when it cannot be, the launches that need it wait with the reason.
 */
import { describe, expect, it } from 'vitest';
import { desiredStateFor } from '../../lifecycle-handlers/core/desired-state';
import { parametersDigest } from '../../lifecycle-handlers/core/identity';
import { planAccount } from '../../lifecycle-handlers/core/plan';
import type { ActualItem, PlannedAction } from '../../lifecycle-handlers/core/types';
import { BOUNDARY_LAUNCH_ROLE_VERSION } from '../../products/kit/product-boundary';
import { currentVersionName, findProduct, findVersion } from '../../products/registry';
import { accountIn, OUS, prodAccount } from './accounts-fixture';
import { plainManifestWith } from './manifest-fixture';
import { REGISTRATION } from './registration-fixture';

const manifest = plainManifestWith({ products: { iom: { enabled: true, version: 'v1.2.0' } } });
const LAUNCH_ROLE_PARAMETERS = { LaunchRoleName: 'FalconCatalogLaunchRole' };

function launchRole(version: string, overrides: Partial<ActualItem> = {}): ActualItem {
  return {
    accountId: prodAccount.id,
    region: 'us-east-1',
    productId: 'launch-role',
    provisionedProductId: 'pp-launch-role',
    provisionedProductName: 'falcon-launch-role',
    status: 'AVAILABLE',
    version,
    parameters: LAUNCH_ROLE_PARAMETERS,
    parametersDigest: parametersDigest(LAUNCH_ROLE_PARAMETERS),
    ...overrides,
  };
}

const summary = (actions: PlannedAction[]) => actions.map((a) => [a.productId, a.kind, a.reason]);

describe('launch-role dependency', () => {
  it('iom v1.2.0 needs the launch role that creates and enforces the product boundary', () => {
    expect(findVersion(findProduct('iom')!, 'v1.2.0')?.minimumLaunchRole).toBe(BOUNDARY_LAUNCH_ROLE_VERSION);
  });

  it('updates an older launch role first, and then launches', () => {
    const desired = desiredStateFor(manifest, prodAccount, REGISTRATION);
    const actions = planAccount(prodAccount, desired, [launchRole('v1.3.0')], manifest.lifecycle);
    expect(actions.map((a) => [a.productId, a.kind, a.version])).toEqual([
      // To the newest launch role, which is at least the version IOM needs.
      ['launch-role', 'update', currentVersionName(findProduct('launch-role')!)],
      ['directory', 'provision', 'v1.0.0'],
      ['iom', 'provision', 'v1.2.0'],
    ]);
  });

  it('waits, with the reason, while the launch role cannot be updated', () => {
    const desired = desiredStateFor(manifest, prodAccount, REGISTRATION);
    const actions = planAccount(prodAccount, desired, [launchRole('v1.3.0', { status: 'UNDER_CHANGE' })], manifest.lifecycle);
    const why = 'this account\'s launch role is at v1.3.0';
    expect(summary(actions)).toEqual([
      ['launch-role', 'skip', 'UNDER_CHANGE: in progress, will converge on the next delivery'],
      ['directory', 'skip', `waits for launch role v1.4.0 or newer, which directory v1.0.0 needs: ${why}`],
      ['iom', 'skip', `waits for launch role v1.4.0 or newer, which iom v1.2.0 needs: ${why}`],
    ]);
  });

  it('waits under a blueprint\'s launch role, which the core never updates', () => {
    const desired = desiredStateFor(manifest, prodAccount, REGISTRATION);
    const actions = planAccount(prodAccount, desired, [launchRole('v1.1.0', { managedBy: 'blueprint' })], manifest.lifecycle);
    const iom = actions.find((a) => a.productId === 'iom')!;
    expect(iom.kind).toBe('skip');
    expect(iom.reason).toBe(
      'waits for launch role v1.4.0 or newer, which iom v1.2.0 needs: this account\'s launch role is at v1.1.0 ' +
        '(managed by the Account Factory blueprint, never updated by the lifecycle)',
    );
  });

  it('launches at once where the install brings the newest launch role (the hub)', () => {
    const hub = accountIn(manifest.organization.managementAccountId, [OUS.ROOT]);
    const hubManifest = plainManifestWith({
      products: { iom: { enabled: true, version: 'v1.2.0' } },
      assignments: [{ name: 'iom-hub', product: 'iom', targets: { accounts: [hub.id] }, regions: 'home' }],
    });
    const actions = planAccount(hub, desiredStateFor(hubManifest, hub, REGISTRATION), [], hubManifest.lifecycle);
    expect(actions.map((a) => [a.productId, a.kind])).toEqual([
      ['directory', 'provision'],
      ['iom', 'provision'],
    ]);
  });
});
