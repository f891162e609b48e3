/**
 * Custom resource (CDK Provider framework `onEvent`) that marks the retired versions of the portfolio's products
 * DEPRECATED (guidance.ts says why and how). Thin: properties in, one guidance pass per product.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { ServiceCatalogClient } from '@aws-sdk/client-service-catalog';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { applyArtifactGuidance, type ProductGuidance } from './guidance';

const logger = new Logger({ serviceName: 'falcon-artifact-guidance' });
const serviceCatalog = new ServiceCatalogClient({ retryMode: 'adaptive', maxAttempts: 8 });

export interface GuidanceResourceProperties {
  readonly Products: ReadonlyArray<{ readonly ProductId: string; readonly Retired: readonly string[] }>;
}

export async function handler(event: CloudFormationCustomResourceEvent) {
  const physicalId = 'falcon-artifact-guidance';
  // The products go with the stack; nothing to undo.
  if (event.RequestType === 'Delete') return { PhysicalResourceId: physicalId };
  const props = event.ResourceProperties as unknown as GuidanceResourceProperties;
  for (const product of props.Products) {
    const wanted: ProductGuidance = { productId: product.ProductId, retired: product.Retired ?? [] };
    const changes = await applyArtifactGuidance(serviceCatalog, wanted);
    logger.info('provisioning artifact guidance', { productId: product.ProductId, changes });
  }
  return { PhysicalResourceId: physicalId };
}
