/**
 * AppRegistry: one application per Region (AppRegistry is regional), with an attribute group that describes
 * this deployment, so the stacks show up together in myApplications and Systems Manager.
 */
import { Application, AttributeGroup } from '@aws-cdk/aws-servicecatalogappregistry-alpha';
import { Stack } from 'aws-cdk-lib';
import type { Manifest } from '../manifest/schema';

export const APPLICATION_NAME = 'crowdstrike-falcon-catalog';

export function registerWithAppRegistry(stack: Stack, manifest: Manifest): void {
  const application = new Application(stack, 'AppRegistryApplication', {
    applicationName: APPLICATION_NAME,
    description: 'CrowdStrike Falcon Cloud Security for AWS Control Tower: portfolio, products and lifecycle',
  });
  const enabled = Object.entries(manifest.products)
    .filter(([, setting]) => setting?.enabled)
    .map(([id, setting]) => ({ product: id, version: setting?.version ?? 'newest' }));
  const attributes = new AttributeGroup(stack, 'AppRegistryAttributes', {
    attributeGroupName: `${APPLICATION_NAME}-deployment`,
    description: 'What this deployment of the Falcon catalog publishes and where',
    attributes: {
      partition: manifest.organization.partition,
      homeRegion: manifest.organization.homeRegion,
      governedRegions: manifest.organization.governedRegions,
      falconCloud: manifest.falcon.cloud,
      portfolio: manifest.portfolio.name,
      products: enabled,
      assignments: manifest.assignments.map((a) => a.name),
    },
  });
  attributes.associateWith(application);
  application.associateApplicationWithStack(stack);
}
