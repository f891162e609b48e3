/**
 * The lifecycle under the trust model AWS documents, for both hub layouts: AWSControlTowerExecution exists only
 * in enrolled member accounts and trusts only the management account; the management account has none; a separate
 * hub reaches the organisation through the role the management-access stack creates (installed here from that
 * stack's synthesized template) and shares as Service Catalog's delegated administrator (registered through the
 * Organizations API, as the README's prerequisite command does).
 */
import { describe, expect, it } from 'vitest';
import { ORG_ACCESS_ROLE_NAME } from '../../lifecycle-handlers/core/access';
import type { Trigger } from '../../lifecycle-handlers/core/events';
import { handleTrigger, planTrigger } from '../../lifecycle-handlers/core/reconcile';
import type { Manifest } from '../../manifest/schema';
import { exampleIomManifest } from './manifest-fixture';
import { buildSimWorld, LIFECYCLE_ROLE, MANAGEMENT, PROD, SECURITY } from './sim-world';

const HUB = SECURITY;

const accountEvent = (accountId: string): Trigger => ({
  kind: 'account',
  accountId,
  source: { eventName: 'CreateManagedAccount', eventId: `vend-${accountId}` },
});

/** The example, with the management account given the IOM reader role (Falcon registers the organisation there). */
function withManagementAccount(hubAccountId?: string): Manifest {
  const manifest = exampleIomManifest();
  return {
    ...manifest,
    organization: { ...manifest.organization, ...(hubAccountId ? { hubAccountId } : {}) },
    portfolio: {
      ...manifest.portfolio,
      shareWith: { ...manifest.portfolio.shareWith, accounts: [...manifest.portfolio.shareWith.accounts, MANAGEMENT] },
    },
    assignments: [
      ...manifest.assignments,
      {
        ...manifest.assignments[0],
        name: 'iom-management',
        targets: { organizationalUnits: [], accounts: [MANAGEMENT], exclude: { organizationalUnits: [], accounts: [] } },
      },
    ],
  };
}

const outcomes = (report: Awaited<ReturnType<typeof handleTrigger>>) =>
  report.accounts.flatMap((a) => a.results.map((r) => `${r.productId}@${r.region}:${r.outcome}`));

describe('a separate hub under the documented trust model', () => {
  it('vends a member account end to end through the org-access role, chained into AWSControlTowerExecution', async () => {
    const world = await buildSimWorld({ manifest: withManagementAccount(HUB) });
    const installed = world.sim.calls.length;
    const report = await handleTrigger(accountEvent(PROD), world.deps);
    const calls = world.sim.calls.slice(installed);
    expect(outcomes(report)).toEqual(
      expect.arrayContaining(['launch-role@us-east-1:provisioned', 'iom@us-east-1:provisioned']),
    );
    expect(outcomes(report).every((o) => o.endsWith(':provisioned'))).toBe(true);
    expect(world.sim.sc.provisionedProducts(PROD, 'us-east-1').map((p) => p.name).sort()).toEqual([
      'falcon-directory',
      'falcon-iom',
      'falcon-launch-role',
    ]);
    const assumed = calls.filter((c) => c.operation === 'AssumeRole' && !c.error);
    expect(assumed.map((c) => [c.callerAccount, c.callerRole, c.input.RoleArn])).toEqual([
      [HUB, LIFECYCLE_ROLE, `arn:aws:iam::${MANAGEMENT}:role/${ORG_ACCESS_ROLE_NAME}`],
      [MANAGEMENT, ORG_ACCESS_ROLE_NAME, `arn:aws:iam::${PROD}:role/AWSControlTowerExecution`],
    ]);
    // Organizations answered the management account's role, never the hub (the install's share handler included).
    const orgCallers = (from: typeof calls) =>
      new Set(from.filter((c) => c.service === 'organizations').map((c) => `${c.callerAccount}/${c.callerRole}`));
    expect(orgCallers(calls)).toEqual(new Set([`${MANAGEMENT}/${ORG_ACCESS_ROLE_NAME}`]));
    expect(orgCallers(world.sim.calls.slice(0, installed))).toEqual(
      new Set([`${MANAGEMENT}/${ORG_ACCESS_ROLE_NAME}`, `${MANAGEMENT}/OrganizationAdmin`]),
    );
  });

  it('gives the management account its products through the org-access role, with no launch-role product', async () => {
    const world = await buildSimWorld({ manifest: withManagementAccount(HUB) });
    const plan = await planTrigger(accountEvent(MANAGEMENT), world.deps);
    expect(plan.accounts[0].actions.map((a) => `${a.kind}:${a.productId}@${a.region}`)).toContain('provision:iom@us-east-1');
    expect(plan.accounts[0].actions.some((a) => a.productId === 'launch-role')).toBe(false);
    const report = await handleTrigger(accountEvent(MANAGEMENT), world.nextInvocation());
    expect(outcomes(report)).toContain('iom@us-east-1:provisioned');
    expect(outcomes(report).every((o) => o.endsWith(':provisioned'))).toBe(true);
    const launches = world.sim.calls.filter((c) => c.operation === 'ProvisionProduct' && !c.error);
    expect(new Set(launches.map((c) => `${c.callerAccount}/${c.callerRole}`))).toEqual(new Set([`${MANAGEMENT}/${ORG_ACCESS_ROLE_NAME}`]));
  });

  it('without the management-access stack, fails the account with the path it could not take', async () => {
    const world = await buildSimWorld({ manifest: withManagementAccount(HUB) });
    world.sim.iam.deleteRole(MANAGEMENT, ORG_ACCESS_ROLE_NAME);
    const outcome = await handleTrigger(accountEvent(PROD), world.deps).then(
      (report) => JSON.stringify(report),
      (error: Error) => error.message,
    );
    expect(outcome).toMatch(/AccessDenied/);
    expect(outcome).toContain(ORG_ACCESS_ROLE_NAME);
    expect(world.sim.sc.provisionedProducts(PROD, 'us-east-1')).toEqual([]);
  });
});

describe('the hub in the management account', () => {
  it('provisions the management account with the hub\'s own credentials and members through AWSControlTowerExecution', async () => {
    const world = await buildSimWorld({ manifest: withManagementAccount() });
    const report = await handleTrigger(accountEvent(MANAGEMENT), world.deps);
    expect(outcomes(report)).toContain('iom@us-east-1:provisioned');
    expect(world.sim.sc.provisionedProducts(MANAGEMENT, 'us-east-1').map((p) => p.name)).toContain('falcon-iom');
    const launches = world.sim.calls.filter((c) => c.operation === 'ProvisionProduct' && !c.error);
    expect(new Set(launches.map((c) => `${c.callerAccount}/${c.callerRole}`))).toEqual(new Set([`${MANAGEMENT}/${LIFECYCLE_ROLE}`]));
    expect(world.sim.calls.filter((c) => c.operation === 'AssumeRole')).toEqual([]);
  });
});
