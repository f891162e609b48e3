/** Registry entry for the IOM product (the read-only role Falcon assumes); the template is `products/iom/template.ts`. */
import { BOUNDARY_LAUNCH_ROLE_VERSION } from '../kit/product-boundary';
import { RETIRED_FREE_BOUNDARY, RETIRED_FREE_FORM } from '../kit/retired-versions';
import { z } from 'zod';
import { MissingRegistrationError, crossPartitionFalcon, type ProductDefinition } from '../../vocabulary';
import { type DirectoryKey, directoryParameterNames, directoryRevision, directoryValues } from '../directory/entries';
import { iamName, withBoundary } from '../kit/definition-helpers';

/** v1.1.0's parameters read from the Falcon directory, by template logical ID. */
export const IOM_DIRECTORY_PARAMETERS = {
  CrowdStrikeAccountId: 'crowdStrikeAccountId',
  CrowdStrikeRoleName: 'crowdStrikeRoleName',
  ExternalId: 'externalId',
  ReaderRoleName: 'readerRoleName',
} as const satisfies Record<string, DirectoryKey>;

export const IOM: ProductDefinition<'iom'> = {
  id: 'iom',
  assignable: true,
  displayName: 'CrowdStrike Falcon - IOM reader role',
  description:
    'Read-only IAM role that CrowdStrike Falcon Cloud Security assumes (with an external ID) to assess ' +
    'the configuration of this account (Indicators of Misconfiguration).',
  regionScope: 'home-only',
  versions: [
    {
      name: 'v1.0.0',
      description: 'SecurityAudit plus the configuration-read actions Falcon needs; data-read actions removed.',
      minimumLaunchRole: 'v1.0.0',
      retired: RETIRED_FREE_FORM,
    },
    {
      name: 'v1.1.0',
      description:
        'Same role; the CrowdStrike account, role, external ID and reader role name come from the Falcon directory ' +
        'in this account, so nothing needs typing when launched by hand.',
      minimumLaunchRole: 'v1.3.0',
      retired: RETIRED_FREE_BOUNDARY,
    },
    {
      name: 'v1.2.0',
      description: 'Same reader role; it carries the product boundary the launch role enforces (no boundary parameter).',
      minimumLaunchRole: BOUNDARY_LAUNCH_ROLE_VERSION,
    },
    {
      name: 'v1.3.0',
      description:
        'Same role, directory parameters and boundary; the configuration reads follow CrowdStrike\'s current list (Step ' +
        'Functions, OpenSearch Serverless, Backup, Macie, DataBrew, EKS add-ons and more), without the reads that ' +
        'return data or secrets (image layers, function code, table rows, passwords, parameter values).',
      minimumLaunchRole: BOUNDARY_LAUNCH_ROLE_VERSION,
    },
  ],
  unsupportedReason: crossPartitionFalcon,
  assignmentParameters: z
    .object({
      roleName: iamName('roleName').optional(),
      permissionsBoundaryPolicyName: iamName('permissionsBoundaryPolicyName').optional(),
    })
    .strict(),
  directoryEntries: (version) => (version === 'v1.0.0' ? [] : Object.values(IOM_DIRECTORY_PARAMETERS)),
  templateParameters: (ctx) => {
    const reg = ctx.registration;
    if (!reg) throw new MissingRegistrationError('iom');
    const roleName = typeof ctx.assignment.roleName === 'string' ? ctx.assignment.roleName : undefined;
    if (ctx.version === 'v1.0.0') {
      return withBoundary(ctx, {
        CrowdStrikeAccountId: reg.crowdStrikeAccountId,
        CrowdStrikeRoleName: reg.intermediateRoleName,
        ExternalId: reg.externalId,
        RoleName: roleName ?? reg.readerRoleName,
      });
    }
    return withBoundary(ctx, {
      ...directoryParameterNames(IOM_DIRECTORY_PARAMETERS),
      RoleName: roleName ?? '',
      DirectoryRevision: directoryRevision(directoryValues(ctx)),
    });
  },
};
