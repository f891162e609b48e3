/**
 * Marks the retired versions of the portfolio's products DEPRECATED in Service Catalog
 * (lifecycle-handlers/artifact-guidance/guidance.ts): CloudFormation's product resource cannot.
 */
import { Arn, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { CloudFormationProduct } from 'aws-cdk-lib/aws-servicecatalog';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { GuidanceResourceProperties } from '../../lifecycle-handlers/artifact-guidance';
import { HandlerFunction } from './node-function';

export interface ArtifactGuidanceProps {
  readonly products: ReadonlyArray<{ readonly product: CloudFormationProduct; readonly retired: readonly string[] }>;
}

export class ArtifactGuidance extends Construct {
  constructor(scope: Construct, id: string, props: ArtifactGuidanceProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const handler = new HandlerFunction(this, 'Handler', {
      entryFile: 'lifecycle-handlers/artifact-guidance/index.ts',
      description: 'Marks retired Falcon product versions DEPRECATED in the portfolio',
      timeout: Duration.minutes(2),
    });
    handler.addToRolePolicy(
      new PolicyStatement({
        actions: ['servicecatalog:ListProvisioningArtifacts', 'servicecatalog:UpdateProvisioningArtifact'],
        resources: props.products.map(({ product }) =>
          Arn.format({ service: 'catalog', resource: 'product', resourceName: product.productId }, stack),
        ),
      }),
    );
    const provider = new Provider(this, 'Provider', { onEventHandler: handler });
    const properties: GuidanceResourceProperties = {
      Products: props.products.map(({ product, retired }) => ({ ProductId: product.productId, Retired: [...retired] })),
    };
    new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::FalconArtifactGuidance',
      properties: properties as unknown as Record<string, unknown>,
    });
  }
}
