/**
 * The CDK side of the product registry: which ProductStack class builds each product's newest version.
 * Metadata (names, versions, partitions) stays in `registry.ts`, which has no CDK import.
 */
import { ProductStack, ProductStackProps } from 'aws-cdk-lib/aws-servicecatalog';
import { Construct } from 'constructs';
import { IomProduct } from './iom/template';
import { LaunchRoleProduct } from './launch-role/template';
import { PRODUCTS } from './registry';
import { SensorManagementProduct } from './sensor-management/template';
import { SsmDistributorProduct } from './ssm-distributor/template';
import { ThreatDetectionProduct } from './threat-detection/template';
import { EksProtectionProduct } from './eks-protection/template';
import { FalconBaselineProduct } from './falcon-baseline/template';
import { EcrConnectionsProduct } from './ecr-connections/template';
import { DIRECTORY_PRODUCT_ID } from './directory/entries';
import { FalconDirectoryProduct } from './directory/template';

type ProductStackClass = new (scope: Construct, id: string, props?: ProductStackProps) => ProductStack;

export const PRODUCT_STACKS: Readonly<Record<string, ProductStackClass>> = {
  'launch-role': LaunchRoleProduct,
  iom: IomProduct,
  'threat-detection': ThreatDetectionProduct,
  'sensor-management': SensorManagementProduct,
  'ssm-distributor': SsmDistributorProduct,
  'eks-protection': EksProtectionProduct,
  'falcon-baseline': FalconBaselineProduct,
  'ecr-connections': EcrConnectionsProduct,
  [DIRECTORY_PRODUCT_ID]: FalconDirectoryProduct,
};

for (const def of PRODUCTS) {
  // A registry entry without a template is a packaging mistake; fail on import, not at deploy time.
  if (!PRODUCT_STACKS[def.id]) throw new Error(`products/catalog.ts has no ProductStack for product ${def.id}`);
}
