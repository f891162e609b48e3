/**
 * Registry entry for the EKS Protection member product (metadata, no CDK): per Region, a rule that forwards EKS
 * cluster and Fargate-profile creation to the hub's event bus; once per account (home Region), the EventBridge
 * role and the execution role the hub assumes to inspect clusters and to grant its installer an access entry.
 */
import { BOUNDARY_LAUNCH_ROLE_VERSION } from '../kit/product-boundary';
import { RETIRED_FREE_BOUNDARY, RETIRED_FREE_FORM } from '../kit/retired-versions';
import { z } from 'zod';
import { permissionsBoundaryPolicyName, withBoundary } from '../kit/definition-helpers';
import {
  EKS_CLUSTER_HANDLER_ROLE_NAME,
  EKS_EVENTBRIDGE_ROLE_NAME,
  EKS_EXECUTION_ROLE_NAME,
  EKS_FARGATE_POD_ROLE_NAME,
  EKS_HUB_EVENT_BUS_NAME,
  EKS_INSTALLER_ROLE_NAME,
  EKS_PRODUCT_ID,
} from './names';
import { type DirectoryKey, directoryParameterNames, directoryRevision, directoryValues } from '../directory/entries';
import type { ProductDefinition } from '../../vocabulary';

/** v1.1.0's parameters read from the Falcon directory, by template logical ID. */
export const EKS_DIRECTORY_PARAMETERS = {
  HubAccountId: 'hubAccountId',
  HubRegion: 'homeRegion',
} as const satisfies Record<string, DirectoryKey>;

export const EKS_GOVCLOUD_REASON =
  'EKS Protection is not available in AWS GovCloud (aws-us-gov): CrowdStrike supports its EKS onboarding in ' +
  'commercial Regions only (the Falcon operator images, Helm charts and registry it installs from are not ' +
  'offered for GovCloud EKS)';

export const EKS_PROTECTION: ProductDefinition<'eks-protection'> = {
  id: EKS_PRODUCT_ID,
  assignable: true,
  displayName: 'CrowdStrike Falcon - EKS Protection',
  description:
    'Forwards EKS cluster and Fargate-profile creation in this Region to the Falcon hub, which installs the ' +
    'Falcon operator and sensor on the cluster; creates once per account the EventBridge role and the ' +
    'execution role the hub uses to inspect clusters and grant its installer a temporary access entry.',
  regionScope: 'per-region',
  versions: [
    {
      name: 'v1.0.0',
      description:
        'EKS CloudTrail rule to the hub bus; execution role trusted by the two hub roles only, access entries ' +
        'limited to the hub installer and the cluster-admin policy; no UpdateClusterConfig.',
      minimumLaunchRole: 'v1.1.0',
      retired: RETIRED_FREE_FORM,
    },
    {
      name: 'v1.1.0',
      description:
        'Same rule and roles; the hub account and Region come from the Falcon directory in this account and the ' +
        'names default to the package\'s, so nothing needs typing when launched by hand, in any Region.',
      minimumLaunchRole: 'v1.3.0',
      retired: RETIRED_FREE_BOUNDARY,
    },
    {
      name: 'v1.2.0',
      description:
        'As v1.1.0, plus Fargate-only clusters: a pod execution role (ECR pulls only) for the Falcon Fargate ' +
        'profiles the hub installer creates, and the execution role may create those profiles and pass that role. ' +
        'Every role carries the product boundary the launch role enforces (no boundary parameter).',
      minimumLaunchRole: BOUNDARY_LAUNCH_ROLE_VERSION,
    },
  ],
  unsupportedReason: (partition) => (partition === 'aws-us-gov' ? EKS_GOVCLOUD_REASON : undefined),
  assignmentParameters: z.object({ permissionsBoundaryPolicyName }).strict(),
  directoryEntries: (version) => (version === 'v1.0.0' ? [] : Object.values(EKS_DIRECTORY_PARAMETERS)),
  templateParameters: (ctx) => {
    if (ctx.version !== 'v1.0.0') {
      return withBoundary(ctx, {
        ...directoryParameterNames(EKS_DIRECTORY_PARAMETERS),
        HubEventBusName: EKS_HUB_EVENT_BUS_NAME,
        HubClusterHandlerRoleName: EKS_CLUSTER_HANDLER_ROLE_NAME,
        HubInstallerRoleName: EKS_INSTALLER_ROLE_NAME,
        ExecutionRoleName: EKS_EXECUTION_ROLE_NAME,
        EventBridgeRoleName: EKS_EVENTBRIDGE_ROLE_NAME,
        ...(ctx.version === 'v1.1.0' ? {} : { FargatePodRoleName: EKS_FARGATE_POD_ROLE_NAME }),
        DirectoryRevision: directoryRevision(directoryValues(ctx)),
      });
    }
    return withBoundary(ctx, {
      HubAccountId: ctx.org.hubAccountId,
      HubRegion: ctx.org.homeRegion,
      HubEventBusName: EKS_HUB_EVENT_BUS_NAME,
      HubClusterHandlerRoleName: EKS_CLUSTER_HANDLER_ROLE_NAME,
      HubInstallerRoleName: EKS_INSTALLER_ROLE_NAME,
      // IAM is global: the home-Region stack creates both roles; the other Regions' rules use them by name.
      CreateAccountResources: ctx.isHomeRegion ? 'true' : 'false',
      ExecutionRoleName: EKS_EXECUTION_ROLE_NAME,
      EventBridgeRoleName: EKS_EVENTBRIDGE_ROLE_NAME,
    });
  },
};
