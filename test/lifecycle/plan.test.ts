import { describe, expect, it } from 'vitest';
import { desiredStateFor as desiredWithRegistration } from '../../lifecycle-handlers/core/desired-state';
import type { Manifest } from '../../manifest/schema';
import type { AccountContext } from '../../lifecycle-handlers/core/types';
import { IOM_PARAMETERS, LAUNCH_ROLE_VERSION, REGISTRATION } from './registration-fixture';
import { parametersDigest } from '../../lifecycle-handlers/core/identity';
import { planAccount } from '../../lifecycle-handlers/core/plan';
import type { ActualItem, DesiredState, PlannedAction } from '../../lifecycle-handlers/core/types';
import { accountIn, prodAccount, securityAccount } from './accounts-fixture';
import { plainManifestWith } from './manifest-fixture';

// Planning semantics, without the self-service foundation (the directory's planning: foundation.test.ts).
const manifestWith = plainManifestWith;
const manifest = plainManifestWith();
const desiredStateFor = (m: Manifest, a: AccountContext) => desiredWithRegistration(m, a, REGISTRATION);
const retainOnLeave = { onAccountLeavesScope: 'retain', onAccountSuspended: 'retain' } as const;
const terminateAlways = { onAccountLeavesScope: 'terminate', onAccountSuspended: 'terminate' } as const;

function actual(productId: string, overrides: Partial<ActualItem> = {}): ActualItem {
  const parameters: Record<string, string> =
    productId === 'launch-role' ? { LaunchRoleName: 'FalconCatalogLaunchRole' } : IOM_PARAMETERS;
  return {
    accountId: prodAccount.id,
    region: 'us-east-1',
    productId,
    provisionedProductId: `pp-${productId}`,
    provisionedProductName: `falcon-${productId}`,
    status: 'AVAILABLE',
    version: productId === 'launch-role' ? LAUNCH_ROLE_VERSION : 'v1.0.0',
    parameters,
    parametersDigest: parametersDigest(parameters),
    ...overrides,
  };
}

const byProduct = (actions: PlannedAction[], productId: string) => {
  const found = actions.find((a) => a.productId === productId);
  if (!found) throw new Error(`no action for ${productId}`);
  return found;
};

describe('planAccount', () => {
  const desired = desiredStateFor(manifest, prodAccount);

  it('provisions what is missing, launch role included', () => {
    const actions = planAccount(prodAccount, desired, [], manifest.lifecycle);
    expect(actions.map((a) => [a.productId, a.kind, a.reason])).toEqual([
      ['launch-role', 'provision', 'not provisioned yet (launch role)'],
      ['iom', 'provision', 'not provisioned yet (assignment iom-everywhere)'],
    ]);
    expect(byProduct(actions, 'launch-role').parameterDiff).toEqual([
      { key: 'LaunchRoleName', from: undefined, to: 'FalconCatalogLaunchRole' },
    ]);
  });

  it('skips what is up to date', () => {
    const actions = planAccount(prodAccount, desired, [actual('launch-role'), actual('iom')], manifest.lifecycle);
    expect(actions.map((a) => [a.kind, a.reason])).toEqual([
      ['skip', 'up to date'],
      ['skip', 'up to date'],
    ]);
  });

  it('updates to a new version', () => {
    const actions = planAccount(prodAccount, desired, [actual('launch-role'), actual('iom', { version: 'v0.9.0' })], manifest.lifecycle);
    expect(byProduct(actions, 'iom')).toMatchObject({
      kind: 'update',
      reason: 'version v0.9.0 → v1.0.0',
      provisionedProductId: 'pp-iom',
      version: 'v1.0.0',
    });
  });

  it('updates changed parameters with a per-key diff', () => {
    const changed = manifestWith({
      assignments: [
        {
          name: 'iom-everywhere',
          product: 'iom',
          targets: { organizationalUnits: ['Root/Workloads'] },
          parameters: { roleName: 'CrowdStrikeCSPMReader-new' },
        },
      ],
    });
    const previous = { ...IOM_PARAMETERS, RoleName: 'CrowdStrikeCSPMReader-old', PermissionsBoundaryPolicyName: 'boundary' };
    const actions = planAccount(
      prodAccount,
      desiredStateFor(changed, prodAccount),
      [actual('launch-role'), actual('iom', { parameters: previous, parametersDigest: parametersDigest(previous) })],
      changed.lifecycle,
    );
    expect(byProduct(actions, 'iom')).toMatchObject({
      kind: 'update',
      reason: 'parameters changed: PermissionsBoundaryPolicyName, RoleName',
      parameterDiff: [
        { key: 'PermissionsBoundaryPolicyName', from: 'boundary', to: undefined },
        { key: 'RoleName', from: 'CrowdStrikeCSPMReader-old', to: 'CrowdStrikeCSPMReader-new' },
      ],
    });
  });

  it('re-applies when parameters were never recorded, or only their digest was and it differs', () => {
    const unrecorded = actual('iom', { parameters: undefined, parametersDigest: undefined });
    expect(byProduct(planAccount(prodAccount, desired, [unrecorded], manifest.lifecycle), 'iom')).toMatchObject({
      kind: 'update',
      reason: expect.stringContaining('never recorded'),
    });
    const digestOnly = actual('iom', { parameters: undefined, parametersDigest: parametersDigest({ RoleName: 'x' }) });
    expect(byProduct(planAccount(prodAccount, desired, [digestOnly], manifest.lifecycle), 'iom')).toMatchObject({
      kind: 'update',
      reason: expect.stringContaining('only their digest was recorded'),
    });
    const sameDigest = actual('iom', { parameters: undefined, parametersDigest: parametersDigest(IOM_PARAMETERS) });
    expect(byProduct(planAccount(prodAccount, desired, [sameDigest], manifest.lifecycle), 'iom').kind).toBe('skip');
  });

  it('re-applies TAINTED products and replaces ERROR ones, saying why', () => {
    const tainted = actual('iom', { status: 'TAINTED', statusMessage: 'stack update failed' });
    expect(byProduct(planAccount(prodAccount, desired, [tainted], manifest.lifecycle), 'iom')).toMatchObject({
      kind: 'update',
      reason: 'TAINTED (its last update failed: stack update failed); re-applying v1.0.0',
    });
    const errored = actual('iom', { status: 'ERROR' });
    expect(byProduct(planAccount(prodAccount, desired, [errored], manifest.lifecycle), 'iom')).toMatchObject({
      kind: 'provision',
      provisionedProductId: 'pp-iom',
      reason: 'ERROR (its last provisioning failed); replacing it with v1.0.0',
    });
  });

  it('leaves a product that is UNDER_CHANGE alone until the next delivery', () => {
    const busy = actual('iom', { status: 'UNDER_CHANGE', version: 'v0.9.0' });
    expect(byProduct(planAccount(prodAccount, desired, [busy], manifest.lifecycle), 'iom')).toMatchObject({
      kind: 'skip',
      reason: 'UNDER_CHANGE: in progress, will converge on the next delivery',
    });
  });

  it('terminates or retains products when the account leaves scope, launch role last', () => {
    const lingering = [
      actual('launch-role', { accountId: securityAccount.id }),
      actual('iom', { accountId: securityAccount.id }),
    ];
    const none: DesiredState = desiredStateFor(manifest, securityAccount);
    const terminated = planAccount(securityAccount, none, lingering, manifest.lifecycle);
    expect(terminated.map((a) => [a.productId, a.kind, a.reason])).toEqual([
      ['launch-role', 'terminate', 'no assignment covers this account and Region any more (lifecycle.onAccountLeavesScope: terminate)'],
      ['iom', 'terminate', 'no assignment covers this account and Region any more (lifecycle.onAccountLeavesScope: terminate)'],
    ]);
    const retained = planAccount(securityAccount, none, lingering, retainOnLeave);
    expect(retained.every((a) => a.kind === 'skip' && a.reason.endsWith('retained (lifecycle.onAccountLeavesScope: retain)'))).toBe(true);
  });

  it('keeps the launch role while another Falcon product stays in the account', () => {
    const none = desiredStateFor(manifest, securityAccount);
    const lingering = [actual('launch-role'), actual('iom', { status: 'UNDER_CHANGE' })];
    const actions = planAccount(securityAccount, none, lingering, manifest.lifecycle);
    expect(byProduct(actions, 'launch-role')).toMatchObject({
      kind: 'skip',
      reason: expect.stringContaining('kept because other Falcon products in this account still use it'),
    });
  });

  it('provisions nothing into a suspended account and applies onAccountSuspended to what is there', () => {
    const suspended = accountIn(prodAccount.id, prodAccount.ancestors, 'SUSPENDED');
    const suspendedDesired = desiredStateFor(manifest, suspended);
    const retained = planAccount(suspended, suspendedDesired, [], manifest.lifecycle);
    expect(retained.map((a) => [a.kind, a.reason])).toEqual([
      ['skip', 'account is SUSPENDED: nothing is provisioned into it'],
      ['skip', 'account is SUSPENDED: nothing is provisioned into it'],
    ]);
    const offboarded = planAccount(suspended, suspendedDesired, [actual('launch-role'), actual('iom')], terminateAlways);
    expect(offboarded.map((a) => [a.productId, a.kind, a.reason])).toEqual([
      ['launch-role', 'terminate', 'account is SUSPENDED (lifecycle.onAccountSuspended: terminate)'],
      ['iom', 'terminate', 'account is SUSPENDED (lifecycle.onAccountSuspended: terminate)'],
    ]);
  });

  it('skips a conflicting product and leaves the existing one as it is', () => {
    const clashing = manifestWith({
      assignments: [
        { name: 'iom-a', product: 'iom', targets: { accounts: [prodAccount.id] }, parameters: { roleName: 'CrowdStrikeCSPMReader-a' } },
        { name: 'iom-b', product: 'iom', targets: { accounts: [prodAccount.id] }, parameters: { roleName: 'CrowdStrikeCSPMReader-b' } },
      ],
    });
    const actions = planAccount(prodAccount, desiredStateFor(clashing, prodAccount), [actual('launch-role'), actual('iom')], clashing.lifecycle);
    expect(byProduct(actions, 'iom')).toMatchObject({
      kind: 'skip',
      provisionedProductId: 'pp-iom',
      reason: expect.stringMatching(/^conflict: assignments iom-a, iom-b give iom different parameters/),
    });
    expect(actions).toHaveLength(2);
  });
});
