/**
 * Registry entry for the `ecr-connections` product: connects the account's Amazon ECR registries to Falcon
 * container-security registry assessment. Metadata and names only (no CDK): the template is in
 * `products/ecr-connections/template.ts`, the custom resource in `lifecycle-handlers/ecr-connection/`.
 *
 * Home-only: the product creates one IAM role (global) and one custom resource that asks the hub broker to connect
 * the registry of every Region it is given. One stack per account keeps the role, its external ID and the list of
 * connected Regions together, so adding or dropping a Region is an update of one resource, not a stack per Region.
 */
import { BOUNDARY_LAUNCH_ROLE_VERSION } from '../kit/product-boundary';
import { RETIRED_FREE_BOUNDARY, RETIRED_FREE_FORM } from '../kit/retired-versions';
import { z } from 'zod';
import { MissingRegistrationError, REGION_PATTERN, type ParameterContext, type ProductDefinition } from '../../vocabulary';
import { ecrUnsupportedReason } from './principal';
import { assignedString, permissionsBoundaryPolicyName, prefixedRoleName, withBoundary } from '../kit/definition-helpers';
import { type DirectoryKey, directoryParameterNames, directoryRevision, directoryValues } from '../directory/entries';

export const ECR_CONNECTIONS_PRODUCT_ID = 'ecr-connections';

/** The role CrowdStrike assumes; must start with CrowdStrike, the prefix the launch role may manage. */
export const ECR_ROLE_PREFIX = 'CrowdStrike';
export const DEFAULT_ECR_ROLE_NAME = 'CrowdStrikeECRConnectionRole';
/** The custom resource's function and its execution role (fixed names: the launch role is scoped to them). */
export const ECR_FUNCTION_NAME = 'falcon-ecr-connections';
export const ECR_FUNCTION_ROLE_NAME = 'CrowdStrikeEcrConnectionsFunction';
/** SecureString holding the role's external ID, written once by the custom resource and read back on update. */
export const ECR_EXTERNAL_ID_PARAMETER = '/falcon-catalog/ecr-connections/external-id';

/** v1.1.0's parameters read from the Falcon directory, by template logical ID. */
export const ECR_DIRECTORY_PARAMETERS = {
  FalconBrokerUrl: 'brokerUrl',
  FalconCloud: 'falconCloud',
} as const satisfies Record<string, DirectoryKey>;

/** A comma-separated list of Region codes, as the template's Regions parameter takes it. */
const REGION_CODE = REGION_PATTERN.slice(1, -1);
export const REGION_LIST_PATTERN = `^${REGION_CODE}(,${REGION_CODE}){0,29}$`;

/** The Regions the assignment names (home when it names none), each checked against the governed Regions. */
export function ecrRegions(ctx: ParameterContext): string[] {
  const { homeRegion, governedRegions } = ctx.org;
  const regions = [...new Set(ctx.assignmentRegions ?? [homeRegion])];
  const ungoverned = regions.filter((r) => !governedRegions.includes(r));
  if (ungoverned.length > 0) {
    throw new Error(
      `ecr-connections: ${ungoverned.join(', ')} not in organization.governedRegions (${governedRegions.join(', ')})`,
    );
  }
  return regions;
}

export const ECR_CONNECTIONS: ProductDefinition<'ecr-connections'> = {
  id: ECR_CONNECTIONS_PRODUCT_ID,
  assignable: true,
  displayName: 'CrowdStrike Falcon - ECR registry connections',
  description:
    'Read-only IAM role that CrowdStrike\'s registry assessment assumes (with an external ID generated in this ' +
    'account), and a connection of this account\'s Amazon ECR registry in each assigned Region to Falcon ' +
    'container image assessment, made through the organisation\'s Falcon hub broker.',
  regionScope: 'home-only',
  versions: [
    {
      name: 'v1.0.0',
      description:
        'Registry assessment role with ECR read-only rights and a random external ID kept in SSM; one Falcon ' +
        'registry connection per assigned Region, updated as Regions are added or dropped.',
      minimumLaunchRole: 'v1.2.0',
      retired: RETIRED_FREE_FORM,
    },
    {
      name: 'v1.1.0',
      description:
        'Same role and connections; the broker URL and Falcon cloud come from the Falcon directory in this account ' +
        'and the Regions default to the launch Region, so nothing needs typing when launched by hand.',
      minimumLaunchRole: 'v1.3.0',
      retired: RETIRED_FREE_BOUNDARY,
    },
    {
      name: 'v1.2.0',
      description: 'Same role and connections; the role carries the product boundary the launch role enforces (no boundary parameter).',
      minimumLaunchRole: BOUNDARY_LAUNCH_ROLE_VERSION,
    },
  ],
  unsupportedReason: ecrUnsupportedReason,
  assignmentParameters: z
    .object({
      roleName: prefixedRoleName('roleName', ECR_ROLE_PREFIX).optional(),
      permissionsBoundaryPolicyName,
    })
    .strict(),
  directoryEntries: (version) => (version === 'v1.0.0' ? [] : Object.values(ECR_DIRECTORY_PARAMETERS)),
  templateParameters: (ctx) => {
    const reg = ctx.registration;
    if (!reg) throw new MissingRegistrationError(ECR_CONNECTIONS_PRODUCT_ID);
    if (!reg.brokerUrl) {
      throw new Error(
        'ecr-connections needs the Falcon hub broker URL (SSM /falcon-catalog/broker/url in the hub), which is not ' +
          'published: deploy the FalconHub stack first',
      );
    }
    if (ctx.version !== 'v1.0.0') {
      return withBoundary(ctx, {
        ...directoryParameterNames(ECR_DIRECTORY_PARAMETERS),
        Regions: ecrRegions(ctx).join(','),
        RoleName: assignedString(ctx, 'roleName', DEFAULT_ECR_ROLE_NAME),
        DirectoryRevision: directoryRevision(directoryValues(ctx)),
      });
    }
    return withBoundary(ctx, {
      FalconBrokerUrl: reg.brokerUrl,
      Regions: ecrRegions(ctx).join(','),
      FalconCloud: ctx.org.falconCloud,
      RoleName: assignedString(ctx, 'roleName', DEFAULT_ECR_ROLE_NAME),
    });
  },
};
