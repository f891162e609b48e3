/**
 * Proof through the real core and SDK clients in the simulator: an account whose launch role is older than what a
 * product version needs gets its launch role updated first, and only then the product launched.
 */
import { DescribeProvisionedProductCommand, ServiceCatalogClient, UpdateProvisionedProductCommand } from '@aws-sdk/client-service-catalog';
import { describe, expect, it } from 'vitest';
import type { Trigger } from '../../lifecycle-handlers/core/events';
import { handleTrigger } from '../../lifecycle-handlers/core/reconcile';
import { currentVersionName, findProduct } from '../../products/registry';
import { exampleManifest, manifestWith } from './manifest-fixture';
import { buildSimWorld, PROD } from './sim-world';

const REGION = 'us-east-1';
const vend: Trigger = { kind: 'account', accountId: PROD, source: { eventName: 'UpdateManagedAccount', eventId: 'e-1' } };

/** The example with the IOM reader role renamed: every account's IOM stack must be updated. */
function withRenamedReader() {
  const base = exampleManifest();
  return manifestWith({
    assignments: base.assignments.map((a) => ({ ...a, parameters: { roleName: 'CrowdStrikeReaderRenamed' } })),
  });
}

describe('the launch role goes first when a product version needs a newer one', () => {
  it('updates a launch role left at v1.3.0 to the newest, then updates IOM, whose version needs v1.4.0 or newer', async () => {
    const world = await buildSimWorld();
    await handleTrigger(vend, world.deps);

    // An earlier release of the package left the launch role at v1.3.0 (same product, same tags).
    const member = new ServiceCatalogClient({ region: REGION, ...world.sim.clientConfig({ accountId: PROD, roleName: 'AWSControlTowerExecution' }) });
    const launchRoleName = 'falcon-launch-role';
    await member.send(new UpdateProvisionedProductCommand({
      ProvisionedProductName: launchRoleName,
      ProductName: findProduct('launch-role')!.displayName,
      ProvisioningArtifactName: 'v1.3.0',
      ProvisioningParameters: [{ Key: 'LaunchRoleName', UsePreviousValue: true }],
      UpdateToken: 'older-release',
    }));
    await world.sim.clock.sleep(120_000);

    const before = world.sim.calls.length;
    const report = await handleTrigger(vend, world.nextInvocation(withRenamedReader()));
    const results = report.accounts[0].results.filter((r) => r.outcome !== 'skipped');
    expect(results.map((r) => [r.productId, r.outcome])).toEqual([
      ['launch-role', 'updated'],
      ['iom', 'updated'],
    ]);
    const writes = world.sim.calls
      .slice(before)
      .filter((c) => /^(ProvisionProduct|UpdateProvisionedProduct)$/.test(c.operation) && !c.error)
      .map((c) => c.operation);
    expect(writes).toEqual(['UpdateProvisionedProduct', 'UpdateProvisionedProduct']);
    expect(report.accounts[0].results[0]).toMatchObject({ productId: 'launch-role', reason: `version v1.3.0 → ${currentVersionName(findProduct('launch-role')!)}` });
    const { ProvisionedProductDetail } = await member.send(new DescribeProvisionedProductCommand({ Name: launchRoleName }));
    expect(ProvisionedProductDetail?.Status).toBe('AVAILABLE');
  });
});
