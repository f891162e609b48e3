/**
 * Retired versions are DEPRECATED in Service Catalog (no new launches; provisioned products can still be updated off
 * them), through the same code the portfolio stack's custom resource runs, against the simulated Service Catalog.
 */
import { ListProvisioningArtifactsCommand } from '@aws-sdk/client-service-catalog';
import { describe, expect, it } from 'vitest';
import { applyArtifactGuidance } from '../../lifecycle-handlers/artifact-guidance/guidance';
import { currentVersionName, findProduct, launchableVersions } from '../../products/registry';
import { MANAGEMENT, exampleSimulator } from '../simulator/fixtures';
import { scClient, seedFalconPortfolio } from '../simulator/service-catalog-fixtures';

async function guidanceOf(client: ReturnType<typeof scClient>, productId: string) {
  const listed = await client.send(new ListProvisioningArtifactsCommand({ ProductId: productId }));
  return Object.fromEntries((listed.ProvisioningArtifactDetails ?? []).map((a) => [a.Name, a.Guidance ?? 'DEFAULT']));
}

describe('provisioning artifact guidance', () => {
  it('marks the retired versions DEPRECATED and the others DEFAULT, and changes nothing on a second pass', async () => {
    const sim = exampleSimulator();
    const { products } = seedFalconPortfolio(sim);
    const productId = products['falcon-iom'].productId;
    const hub = scClient(sim, MANAGEMENT, 'hub-role');

    expect(await applyArtifactGuidance(hub, { productId, retired: ['v1.0.0'] })).toEqual([{ productId, version: 'v1.0.0', guidance: 'DEPRECATED' }]);
    expect(await guidanceOf(hub, productId)).toEqual({ 'v1.0.0': 'DEPRECATED', 'v1.1.0': 'DEFAULT' });
    expect(await applyArtifactGuidance(hub, { productId, retired: ['v1.0.0'] })).toEqual([]);
    // A version taken off the retired list is offered again.
    expect(await applyArtifactGuidance(hub, { productId, retired: [] })).toEqual([{ productId, version: 'v1.0.0', guidance: 'DEFAULT' }]);
  });

  it('refuses to retire a version the product does not have, naming it', async () => {
    const sim = exampleSimulator();
    const productId = seedFalconPortfolio(sim).products['falcon-iom'].productId;
    await expect(applyArtifactGuidance(scClient(sim, MANAGEMENT, 'hub-role'), { productId, retired: ['v0.9.0'] })).rejects.toThrow(
      `product ${productId} has no version v0.9.0 to mark DEPRECATED`,
    );
  });

  it('retires v1.0.0 and v1.1.0 of every product that creates roles, and leaves each a launchable version', () => {
    for (const id of ['iom', 'threat-detection', 'sensor-management', 'ssm-distributor', 'eks-protection', 'ecr-connections']) {
      const product = findProduct(id)!;
      expect(product.versions.filter((v) => v.retired).map((v) => v.name), id).toEqual(['v1.0.0', 'v1.1.0']);
      // v1.2.0 put the product boundary on the same roles: the first launchable version, which products on a retired
      // version move to first; the newest is launchable too.
      const launchable = launchableVersions(product).map((v) => v.name);
      expect(launchable[0], id).toBe('v1.2.0');
      expect(launchable.at(-1), id).toBe(currentVersionName(product));
    }
  });
});
