/**
 * The lifecycle updates or terminates only what it provisioned itself: a product of the hub portfolio that carries
 * its tag. Another portfolio's product (even one named `falcon-…`, even one with a Falcon product's display name)
 * and a hub product an account owner launched by hand are never touched, and launches go by the hub portfolio's
 * product ID.
 */
import { ProvisionProductCommand, type ServiceCatalogClient } from '@aws-sdk/client-service-catalog';
import { describe, expect, it } from 'vitest';
import { roleArn } from '../../lifecycle-handlers/core/arns';
import type { Trigger } from '../../lifecycle-handlers/core/events';
import { NOT_OURS_REASON } from '../../lifecycle-handlers/core/plan';
import { handleTrigger, planTrigger } from '../../lifecycle-handlers/core/reconcile';
import { findProduct, launchableVersions } from '../../products/registry';
import { buildSimWorld, PROD, type SimWorld } from './sim-world';
import { plainManifestWith } from './manifest-fixture';

const REGION = 'us-east-1';
const IOM_NAME = findProduct('iom')?.displayName ?? '';

const vended = (accountId: string): Trigger => ({
  kind: 'account',
  accountId,
  source: { eventName: 'CreateManagedAccount', eventId: `vend-${accountId}` },
});

/** PROD's own "Dashboards" portfolio: a falcon-dashboard product, and an impostor with the IOM display name. */
function seedOtherPortfolio(world: SimWorld) {
  return world.sim.sc.seedPortfolio(PROD, REGION, {
    displayName: 'Dashboards',
    products: [
      { name: 'Falcon Dashboard', versions: [{ name: 'v1' }] },
      { name: IOM_NAME, versions: [{ name: 'v1.0.0' }, { name: 'v1.1.0' }] },
    ],
    principals: [{ arn: roleArn('aws', PROD, world.manifest.organization.executionRoleName), type: 'IAM' }],
  });
}

/** A launch by hand (no lifecycle tags), left to finish in simulated time. */
async function launch(world: SimWorld, client: ServiceCatalogClient, name: string, product: { productId: string; artifacts: Record<string, string> }, version: string) {
  const { RecordDetail } = await client.send(
    new ProvisionProductCommand({
      ProductId: product.productId,
      ProvisioningArtifactId: product.artifacts[version],
      ProvisionedProductName: name,
      ProvisionToken: `test-${name}`,
    }),
  );
  expect(RecordDetail?.RecordId).toBeDefined();
  await world.sim.clock.sleep(120_000);
}

describe('ownership: only what the lifecycle provisioned is its own', () => {
  it('launches the hub portfolio product by ID, not another portfolio product of the same display name', async () => {
    const world = await buildSimWorld();
    const other = seedOtherPortfolio(world);
    const report = await handleTrigger(vended(PROD), world.deps);
    expect(report.accounts[0].results.find((r) => r.productId === 'iom')?.outcome).toBe('provisioned');

    const iom = world.sim.sc.provisionedProducts(PROD, REGION).find((p) => p.name === 'falcon-iom');
    expect(iom?.productId).toBe(world.portfolios[REGION].products[IOM_NAME].productId);
    expect(iom?.productId).not.toBe(other.products[IOM_NAME].productId);
    expect(iom?.tags).toContainEqual({ Key: 'falcon-catalog:managed-by', Value: 'lifecycle' });
  });

  it('an account leaving scope loses only the lifecycle products: falcon-dashboard and a hand launch survive', async () => {
    const world = await buildSimWorld();
    const other = seedOtherPortfolio(world);
    await handleTrigger(vended(PROD), world.deps);

    const client = (await world.deps.clients.forAccount(PROD)).serviceCatalog(REGION);
    await launch(world, client, 'falcon-dashboard', other.products['Falcon Dashboard'], 'v1');
    // Another portfolio's product under a lifecycle name: not ours either.
    await launch(world, client, 'falcon-ssm-distributor', other.products[IOM_NAME], 'v1.0.0');
    // An account owner's own launch from the hub portfolio: it carries no lifecycle tag.
    await launch(world, client, 'team-iom', world.portfolios[REGION].products[IOM_NAME], launchableVersions(findProduct('iom')!)[0].name);

    // Nothing covers PROD any more, and the lifecycle terminates what leaves scope.
    const outOfScope = world.nextInvocation(plainManifestWith({ assignments: [] }));
    const plan = await planTrigger(vended(PROD), outOfScope);
    const byName = new Map(plan.accounts[0].actions.map((a) => [a.provisionedProductName, a]));
    expect(byName.has('falcon-dashboard')).toBe(false);
    expect(byName.get('falcon-ssm-distributor')).toMatchObject({ kind: 'skip', reason: NOT_OURS_REASON });
    expect(byName.get('team-iom')).toMatchObject({ kind: 'skip', reason: NOT_OURS_REASON });
    expect(byName.get('falcon-iom')?.kind).toBe('terminate');

    await handleTrigger(vended(PROD), outOfScope);
    const left = world.sim.sc
      .provisionedProducts(PROD, REGION)
      .map((p) => p.name)
      .sort();
    expect(left).toEqual(['falcon-dashboard', 'falcon-ssm-distributor', 'team-iom']);
  });
});
