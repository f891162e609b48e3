/**
 * The CDK side of the product registry: which ProductStack class builds each product's newest version.
 * Metadata (names, versions, partitions) stays in `registry.ts`, which has no CDK import; both are keyed by `ProductId`.
 */
import { ProductStack, ProductStackProps } from 'aws-cdk-lib/aws-servicecatalog';
import { Construct } from 'constructs';
import type { ProductId } from '../vocabulary';
import { IomProduct } from './iom/template';
import { LaunchRoleProduct } from './launch-role/template';
import { SensorManagementProduct } from './sensor-management/template';
import { SsmDistributorProduct } from './ssm-distributor/template';
import { ThreatDetectionProduct } from './threat-detection/template';
import { EksProtectionProduct } from './eks-protection/template';
import { FalconBaselineProduct } from './falcon-baseline/template';
import { EcrConnectionsProduct } from './ecr-connections/template';
import { FalconDirectoryProduct } from './directory/template';

type ProductStackClass = new (scope: Construct, id: string, props?: ProductStackProps) => ProductStack;

/** Keyed by every `ProductId`: a product without a template does not compile. */
export const PRODUCT_STACKS: Readonly<Record<ProductId, ProductStackClass>> = {
  'launch-role': LaunchRoleProduct,
  iom: IomProduct,
  'threat-detection': ThreatDetectionProduct,
  'sensor-management': SensorManagementProduct,
  'ssm-distributor': SsmDistributorProduct,
  'eks-protection': EksProtectionProduct,
  'falcon-baseline': FalconBaselineProduct,
  'ecr-connections': EcrConnectionsProduct,
  directory: FalconDirectoryProduct,
};
