/**
 * Registry entry for the composite `falcon-baseline` product: the one product an Account Factory Customization
 * (AFC) blueprint can name, because AFC allows a single blueprint per account. It provisions the individual Falcon
 * products from the shared portfolio inside the member account, each pinned to the version listed here.
 *
 * Its template is manifest-independent (a published version must synthesize the same for every organisation):
 * the Falcon-derived values are fetched from the hub broker at deploy time, for the caller's own account.
 */
import { z } from 'zod';
import type { ProductDefinition } from '../../vocabulary';

export const BASELINE_PRODUCT_ID = 'falcon-baseline';

/** Tag on every provisioned product the baseline creates; the lifecycle core leaves such products alone. */
export const MANAGED_BY_TAG = 'falcon-catalog:managed-by';
export const MANAGED_BY_BLUEPRINT = 'blueprint';
/** The parameters function's name: also its Lambda role session name, which the hub broker admits. */
export const BASELINE_FUNCTION_NAME = 'falcon-baseline-parameters';

/** One Falcon product inside a baseline version, pinned to one of its published versions. */
export interface BaselineComponent {
  readonly productId: string;
  readonly version: string;
  /** Prefix of the custom-resource attributes that carry its parameters (`Iom` → `IomExternalId`). */
  readonly attributePrefix: string;
  /** Created once per account: only in the home Region (IAM roles are global). */
  readonly homeRegionOnly: boolean;
  /** The template's parameters, exactly as the pinned version declares them (a test compares the snapshot). */
  readonly parameterKeys: readonly string[];
  /** Keys the hub may leave out; the baseline then passes an empty string, the template's own default. */
  readonly optionalKeys: readonly string[];
  /** Name of the `Enable<Product>` parameter; absent for the launch role, which every other product needs. */
  readonly enableParameter?: string;
}

const BOUNDARY = 'PermissionsBoundaryPolicyName';

/** Composition of baseline v1.0.0. A new baseline version gets a new list; this one never changes. */
export const BASELINE_V1_COMPONENTS: readonly BaselineComponent[] = [
  {
    productId: 'launch-role',
    version: 'v1.1.0',
    attributePrefix: 'LaunchRole',
    homeRegionOnly: true,
    parameterKeys: ['LaunchRoleName', BOUNDARY],
    optionalKeys: [BOUNDARY],
  },
  {
    productId: 'iom',
    version: 'v1.0.0',
    attributePrefix: 'Iom',
    homeRegionOnly: true,
    parameterKeys: ['CrowdStrikeAccountId', 'CrowdStrikeRoleName', 'ExternalId', 'RoleName', BOUNDARY],
    optionalKeys: [BOUNDARY],
    enableParameter: 'EnableIom',
  },
  {
    productId: 'threat-detection',
    version: 'v1.0.0',
    attributePrefix: 'ThreatDetection',
    homeRegionOnly: false,
    parameterKeys: [
      'CrowdStrikeAccountId', 'CrowdStrikeEventBusName', 'CrowdStrikeEventBusRegion', 'CreateEventBridgeRole',
      'EventBridgeRoleName', 'RuleNamePrefix', BOUNDARY,
    ],
    optionalKeys: [BOUNDARY],
    enableParameter: 'EnableThreatDetection',
  },
  {
    productId: 'sensor-management',
    version: 'v1.0.0',
    attributePrefix: 'SensorManagement',
    homeRegionOnly: true,
    parameterKeys: [
      'CrowdStrikeAccountId', 'CrowdStrikeRoleName', 'ExternalId', 'FalconCloud', 'CredentialsSecretArn',
      'LogRetentionDays', BOUNDARY,
    ],
    optionalKeys: [BOUNDARY],
    enableParameter: 'EnableSensorManagement',
  },
  {
    productId: 'ssm-distributor',
    version: 'v1.0.0',
    attributePrefix: 'SsmDistributor',
    homeRegionOnly: false,
    parameterKeys: [
      'CredentialsSecretArn', 'Action', 'DocumentVersion', 'ScheduleExpression', 'ApplyOnlyAtCronInterval',
      'MaxErrors', 'MaxConcurrency', 'TargetTagKey', 'TargetTagValues', BOUNDARY,
    ],
    optionalKeys: [BOUNDARY],
    enableParameter: 'EnableSsmDistributor',
  },
  {
    productId: 'eks-protection',
    version: 'v1.0.0',
    attributePrefix: 'EksProtection',
    homeRegionOnly: false,
    parameterKeys: [
      'HubAccountId', 'HubRegion', 'HubEventBusName', 'HubClusterHandlerRoleName', 'HubInstallerRoleName',
      'CreateAccountResources', 'ExecutionRoleName', 'EventBridgeRoleName', BOUNDARY,
    ],
    optionalKeys: [BOUNDARY],
    enableParameter: 'EnableEksProtection',
  },
];

/** Every product any baseline version can provision: what the broker's `product-parameters` action serves. */
export const BASELINE_PRODUCT_IDS: readonly string[] = BASELINE_V1_COMPONENTS.map((c) => c.productId);
/** The products a manifest's `blueprint.products` may configure (the launch role is always included). */
export const BLUEPRINT_CONFIGURABLE_PRODUCT_IDS = BASELINE_PRODUCT_IDS.filter((id) => id !== 'launch-role');

export const FALCON_BASELINE: ProductDefinition<'falcon-baseline'> = {
  id: BASELINE_PRODUCT_ID,
  assignable: false,
  displayName: 'CrowdStrike Falcon - baseline (Account Factory blueprint)',
  description:
    'Every Falcon feature for this account in one product, usable as an AWS Control Tower Account Factory ' +
    'blueprint: provisions the launch role first, then each enabled Falcon product from the shared portfolio, ' +
    'with the Falcon values fetched from the organisation\'s Falcon hub for this account. Nothing to type but ' +
    'the hub broker URL, the home Region and which features to enable.',
  regionScope: 'per-region',
  versions: [
    {
      name: 'v1.0.0',
      description:
        'launch-role v1.1.0, iom, threat-detection, sensor-management, ssm-distributor and eks-protection v1.0.0, ' +
        'each behind an Enable parameter; parameters from the hub broker.',
    },
  ],
  unsupportedReason: () => undefined,
  assignmentParameters: z.object({}).strict(),
  templateParameters: () => {
    // Not an assignable product: Account Factory or an account owner launches it, never the lifecycle core.
    throw new Error(`${BASELINE_PRODUCT_ID} is launched by Account Factory or by account owners, not by the lifecycle core`);
  },
};

/**
 * The roles Control Tower creates to deploy a blueprint (`AWSControlTower-BlueprintExecution-bp-xxxx`, one per
 * blueprint, in each member account). The portfolio associates this pattern so they have a launch path to the
 * products the baseline provisions.
 */
export function blueprintExecutionPattern(partition: string): string {
  return `arn:${partition}:iam:::role/AWSControlTower-BlueprintExecution-*`;
}

/** The IAM_PATTERN principals the portfolio associates: the manifest's, plus the blueprint roles when enabled. */
export function portfolioPrincipalPatterns(manifest: {
  readonly organization: { readonly partition: string };
  readonly portfolio: { readonly principals: readonly string[] };
  readonly blueprint?: { readonly enabled: boolean };
}): string[] {
  const listed = [...manifest.portfolio.principals];
  if (!manifest.blueprint?.enabled) return listed;
  const pattern = blueprintExecutionPattern(manifest.organization.partition);
  return listed.includes(pattern) ? listed : [...listed, pattern];
}
