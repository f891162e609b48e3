/**
 * Proofs against what AWS documents, in the simulated organisation built by the production share code:
 * - an account shared by account ID gets an organisation share (`OrganizationNode` type ACCOUNT), accepted as
 *   AWS_ORGANIZATIONS, and its products end AVAILABLE;
 * - a product terminated and provisioned again is a new request with a new ProvisionToken, and ends AVAILABLE (and
 *   when the history that tells generations apart is gone, the item fails with the reason, never "provisioned");
 * - the actual state is read completely even though SearchProvisionedProducts pages are unordered without SortBy.
 */
import { DescribePortfolioSharesCommand, ProvisionProductCommand } from '@aws-sdk/client-service-catalog';
import { describe, expect, it } from 'vitest';
import { roleArn } from '../../lifecycle-handlers/core/arns';
import { readActualState } from '../../lifecycle-handlers/core/actual-state';
import type { Trigger } from '../../lifecycle-handlers/core/events';
import { prepareLaunchTarget } from '../../lifecycle-handlers/core/launch-target';
import { readHubCatalog } from '../../lifecycle-handlers/core/hub-catalog';
import { handleTrigger } from '../../lifecycle-handlers/core/reconcile';
import type { Manifest } from '../../manifest/schema';
import { currentVersionName, findProduct } from '../../products/registry';
import { exampleIomManifest } from './manifest-fixture';
import { buildSimWorld, PROD, SHARED_BY_ACCOUNT_ID } from './sim-world';

const HOME = 'us-east-1';

const vended = (accountId: string, eventId = `vend-${accountId}`): Trigger => ({
  kind: 'account',
  accountId,
  source: { eventName: 'CreateManagedAccount', eventId },
});

const outcomes = (report: Awaited<ReturnType<typeof handleTrigger>>) =>
  report.accounts.flatMap((a) => a.results.map((r) => `${r.productId}@${r.region}:${r.outcome}`));

/** The example, shared with one account by its ID only (no organisation, no OU), which gets IOM. */
function sharedByAccountIdOnly(): Manifest {
  const manifest = exampleIomManifest();
  const [iomAssignment] = manifest.assignments;
  return {
    ...manifest,
    portfolio: { ...manifest.portfolio, shareWith: { organization: false, organizationalUnits: [], accounts: [SHARED_BY_ACCOUNT_ID] } },
    assignments: [
      {
        ...iomAssignment,
        name: 'iom-partner',
        targets: { organizationalUnits: [], accounts: [SHARED_BY_ACCOUNT_ID], exclude: { organizationalUnits: [], accounts: [] } },
      },
    ],
  };
}

/** The example with PROD excluded from IOM (it leaves the assignment; it stays shared and prepared). */
function withoutIomFor(accountId: string): Manifest {
  const manifest = exampleIomManifest();
  return {
    ...manifest,
    assignments: manifest.assignments.map((a) =>
      a.name === 'iom-everywhere' ? { ...a, targets: { ...a.targets, exclude: { ...a.targets.exclude, accounts: [...a.targets.exclude.accounts, accountId] } } } : a,
    ),
  };
}

describe('the lifecycle against documented AWS behaviour', () => {
  it('an account shared only by its ID gets an organisation share, accepted as AWS_ORGANIZATIONS, and its products', async () => {
    const world = await buildSimWorld({ manifest: sharedByAccountIdOnly() });
    const hub = world.deps.clients.hubServiceCatalog(HOME);
    const portfolioId = world.portfolios[HOME].portfolioId;
    const shares = async (Type: 'ACCOUNT' | 'ORGANIZATION_MEMBER_ACCOUNT') =>
      (await hub.send(new DescribePortfolioSharesCommand({ PortfolioId: portfolioId, Type }))).PortfolioShareDetails ?? [];
    // The production share code shares an account as an organisation node, never by AccountId.
    expect((await shares('ORGANIZATION_MEMBER_ACCOUNT')).map((s) => s.PrincipalId)).toEqual([SHARED_BY_ACCOUNT_ID]);
    expect(await shares('ACCOUNT')).toEqual([]);

    const report = await handleTrigger(vended(SHARED_BY_ACCOUNT_ID), world.deps);
    expect(outcomes(report)).toEqual([
      'launch-role@us-east-1:provisioned',
      ...world.manifest.organization.governedRegions.map((region) => `directory@${region}:provisioned`),
      'iom@us-east-1:provisioned',
    ]);
    expect(world.sim.sc.provisionedProducts(SHARED_BY_ACCOUNT_ID, HOME).map((p) => [p.name, p.status]).sort()).toEqual([
      ['falcon-directory', 'AVAILABLE'],
      ['falcon-iom', 'AVAILABLE'],
      ['falcon-launch-role', 'AVAILABLE'],
    ]);
    const accepts = world.sim.calls.filter((c) => c.operation === 'AcceptPortfolioShare');
    expect(accepts.every((c) => c.input.PortfolioShareType === 'AWS_ORGANIZATIONS')).toBe(true);
  });

  it('terminate, then provision again: a new ProvisionToken, and the product ends AVAILABLE', async () => {
    const world = await buildSimWorld();
    const iomCalls = () => world.sim.calls.filter((c) => c.callerAccount === PROD && c.input.ProvisionedProductName === 'falcon-iom' && !c.error);
    const first = await handleTrigger(vended(PROD, 'vend'), world.deps);
    expect(outcomes(first)).toContain('iom@us-east-1:provisioned');

    const left = await handleTrigger(vended(PROD, 'leave'), world.nextInvocation(withoutIomFor(PROD)));
    expect(outcomes(left)).toContain('iom@us-east-1:terminated');
    expect(world.sim.sc.provisionedProducts(PROD, HOME).map((p) => p.name)).not.toContain('falcon-iom');

    const back = await handleTrigger(vended(PROD, 'return'), world.nextInvocation());
    expect(outcomes(back)).toContain('iom@us-east-1:provisioned');
    // Provisioned for real, not a replay of the first record of a product that no longer exists.
    expect(world.sim.sc.provisionedProducts(PROD, HOME).filter((p) => p.name === 'falcon-iom').map((p) => p.status)).toEqual(['AVAILABLE']);
    const tokens = iomCalls().filter((c) => c.operation === 'ProvisionProduct').map((c) => c.input.ProvisionToken);
    expect(tokens).toHaveLength(2);
    expect(new Set(tokens).size).toBe(2);

    // A redelivery of the return event changes nothing: the product is there, and nothing is provisioned again.
    const again = await handleTrigger(vended(PROD, 'return'), world.nextInvocation());
    expect(outcomes(again)).toContain('iom@us-east-1:skipped');
    expect(iomCalls().filter((c) => c.operation === 'ProvisionProduct')).toHaveLength(2);
  });

  it('with the record history gone, a re-provision that repeats an old token fails with the reason, never "provisioned"', async () => {
    const world = await buildSimWorld();
    await handleTrigger(vended(PROD, 'vend'), world.deps);
    await handleTrigger(vended(PROD, 'leave'), world.nextInvocation(withoutIomFor(PROD)));
    // AWS states no retention: the records that told the generations apart are gone, the first token is not.
    world.sim.sc.forgetRecordHistory(PROD, HOME);
    const back = await handleTrigger(vended(PROD, 'return'), world.nextInvocation());
    const iom = back.accounts[0].results.find((r) => r.productId === 'iom');
    expect(iom?.outcome).toBe('failed');
    expect(iom?.reason).toMatch(/answered with record rec-\w+ of product pp-\w+, which no longer exists \(a replayed request\); nothing was provisioned/);
    expect(world.sim.sc.provisionedProducts(PROD, HOME).map((p) => p.name)).not.toContain('falcon-iom');
  });

  it('reads every provisioned product exactly once though unsorted pages may repeat or miss one', async () => {
    const world = await buildSimWorld();
    const clients = await world.deps.clients.forAccount(PROD);
    const client = clients.serviceCatalog(HOME);
    const hubCatalog = () => readHubCatalog(world.deps.clients.hubServiceCatalog(HOME), world.manifest.portfolio.name, HOME);
    const target = await prepareLaunchTarget({
      client,
      portfolioName: world.manifest.portfolio.name,
      shareKind: 'AWS_ORGANIZATIONS',
      principalArn: roleArn('aws', PROD, world.manifest.organization.executionRoleName),
      hubCatalog,
      sleep: world.sim.clock.sleep,
    });
    const ids = await target.resolve('iom', currentVersionName(findProduct('iom')!));
    // More than one page of 100: products an account owner launched by hand from the hub portfolio.
    const names = Array.from({ length: 230 }, (_, i) => `hand-launched-${i}`);
    for (const name of names) {
      await client.send(new ProvisionProductCommand({ ProductId: ids.productId, PathId: ids.pathId, ProvisioningArtifactId: ids.provisioningArtifactId, ProvisionedProductName: name, ProvisionToken: name }));
    }
    const { registryIdOf } = await hubCatalog();
    const actual = await readActualState(client, PROD, HOME, registryIdOf);
    expect(actual.map((item) => item.provisionedProductName).sort()).toEqual([...names].sort());
    expect(new Set(actual.map((item) => item.provisionedProductId)).size).toBe(names.length);
  });
});
