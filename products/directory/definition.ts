/**
 * Registry entry for the internal `directory` product (provisioned as `falcon-directory`): the Falcon directory's
 * SSM parameters in one account and Region (`directory.ts` says what they hold and why). The lifecycle core
 * provisions it, never the manifest's assignments.
 */
import { z } from 'zod';
import { BOUNDARY_LAUNCH_ROLE_VERSION } from '../kit/product-boundary';
import type { ProductDefinition } from '../../vocabulary';
import { DIRECTORY_PRODUCT_ID, directoryTemplateParameters, directoryValues } from './entries';

export const FALCON_DIRECTORY: ProductDefinition<'directory'> = {
  id: DIRECTORY_PRODUCT_ID,
  assignable: false,
  displayName: 'CrowdStrike Falcon - directory',
  description:
    'The organisation\'s non-secret Falcon coordinates (CrowdStrike account and role, external ID, event bus, hub ' +
    'broker URL, home Region) as SSM parameters under /falcon-catalog/directory/ in this Region, so the Falcon ' +
    'products launch with nothing Falcon-specific to type. Provisioned by the platform\'s automation.',
  regionScope: 'per-region',
  versions: [
    {
      name: 'v1.0.0',
      description: 'One SSM String parameter per directory entry; optional entries only when the hub has them.',
      // CloudFormation's AWS::SSM::Parameter handlers read the parameters' tags back (ssm:ListTagsForResource),
      // which launch roles before v1.4.0 do not allow.
      minimumLaunchRole: BOUNDARY_LAUNCH_ROLE_VERSION,
    },
  ],
  unsupportedReason: () => undefined,
  assignmentParameters: z.object({}).strict(),
  templateParameters: (ctx) => directoryTemplateParameters(directoryValues(ctx)),
};
