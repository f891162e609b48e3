/**
 * Marks retired product versions DEPRECATED in Service Catalog, and every other version DEFAULT.
 *
 * CloudFormation's AWS::ServiceCatalog::CloudFormationProduct cannot set a provisioning artifact's guidance, so the
 * portfolio stack does it with this, through `UpdateProvisioningArtifact`. DEPRECATED, not `Active: false`: Service
 * Catalog then refuses new launches of the version but lets provisioned products on it be updated to another
 * version, which is how the lifecycle moves them to the newest (Service Catalog API Reference,
 * UpdateProvisioningArtifact, `Guidance`).
 */
import {
  ListProvisioningArtifactsCommand,
  type ServiceCatalogClient,
  UpdateProvisioningArtifactCommand,
} from '@aws-sdk/client-service-catalog';

export interface ProductGuidance {
  readonly productId: string;
  /** Version (provisioning artifact) names that are retired. */
  readonly retired: readonly string[];
}

export interface GuidanceChange {
  readonly productId: string;
  readonly version: string;
  readonly guidance: 'DEFAULT' | 'DEPRECATED';
}

/** Brings one product's artifacts to the wanted guidance; returns what it changed. */
export async function applyArtifactGuidance(client: ServiceCatalogClient, product: ProductGuidance): Promise<GuidanceChange[]> {
  const listed = await client.send(new ListProvisioningArtifactsCommand({ ProductId: product.productId }));
  const changes: GuidanceChange[] = [];
  for (const artifact of listed.ProvisioningArtifactDetails ?? []) {
    if (!artifact.Id || !artifact.Name) continue;
    const wanted = product.retired.includes(artifact.Name) ? 'DEPRECATED' : 'DEFAULT';
    if ((artifact.Guidance ?? 'DEFAULT') === wanted) continue;
    await client.send(
      new UpdateProvisioningArtifactCommand({ ProductId: product.productId, ProvisioningArtifactId: artifact.Id, Guidance: wanted }),
    );
    changes.push({ productId: product.productId, version: artifact.Name, guidance: wanted });
  }
  const names = new Set((listed.ProvisioningArtifactDetails ?? []).map((a) => a.Name));
  const unknown = product.retired.filter((name) => !names.has(name));
  if (unknown.length > 0) {
    throw new Error(`product ${product.productId} has no version ${unknown.join(', ')} to mark DEPRECATED`);
  }
  return changes;
}
