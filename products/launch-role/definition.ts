/**
 * Registry entry for the internal `launch-role` product: the local launch-constraint role that Service Catalog uses
 * to launch every other Falcon product in an account. The lifecycle core provisions it into every account that gets
 * any other product, first; the manifest cannot assign it.
 */
import { z } from 'zod';
import type { ProductDefinition } from '../../vocabulary';
import { BOUNDARY_LAUNCH_ROLE_VERSION } from '../kit/product-boundary';
import { ORCHESTRATOR_CODE_LAUNCH_ROLE_VERSION } from '../kit/orchestrator-code-launch-role';

export const LAUNCH_ROLE_PRODUCT_ID = 'launch-role';

export const LAUNCH_ROLE: ProductDefinition<'launch-role'> = {
  id: LAUNCH_ROLE_PRODUCT_ID,
  assignable: false,
  displayName: 'CrowdStrike Falcon - launch role',
  description:
    'The local launch-constraint role that Service Catalog uses to launch the other Falcon products in this ' +
    'account, so account owners need no IAM rights of their own. Provisioned first, without a launch constraint.',
  regionScope: 'home-only',
  versions: [
    { name: 'v1.0.0', description: 'Launch role scoped to the resources the Falcon products create.' },
    {
      name: 'v1.1.0',
      description:
        'Adds the rights to launch threat-detection, sensor-management and ssm-distributor: cs-* rules and ' +
        'functions, their log group, the Distributor association, and passing only their own roles.',
    },
    {
      name: 'v1.2.0',
      description:
        'Adds the rights to launch ecr-connections: its custom resource function falcon-ecr-connections (create, ' +
        'invoke, delete), its log group, and passing only its own role to Lambda.',
    },
    {
      name: 'v1.3.0',
      description:
        'Adds the rights for the Falcon directory: writing the SSM parameters under /falcon-catalog/directory/ ' +
        '(directory product) and reading them (products v1.1.0 and newer take their Falcon values from there).',
    },
    {
      name: BOUNDARY_LAUNCH_ROLE_VERSION,
      description:
        'Creates the product boundary (policy /falcon-catalog/FalconCatalogProductBoundary) and creates or changes ' +
        'a CrowdStrike* role only under it, never removing a boundary; adds every call CloudFormation makes for ' +
        'the products\' resources (association and directory tags, log reads, function settings).',
    },
    {
      name: ORCHESTRATOR_CODE_LAUNCH_ROLE_VERSION,
      description:
        'Adds reading the 1Click orchestrator code from CrowdStrike\'s current regional buckets ' +
        '(cs-prod-cloudconnect-templates-*, one object key), which sensor-management v1.3.0 launches from.',
    },
  ],
  unsupportedReason: () => undefined,
  assignmentParameters: z.object({}).strict(),
  templateParameters: (ctx) => ({ LaunchRoleName: ctx.org.launchRoleName }),
};
