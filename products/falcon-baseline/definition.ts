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
import { DIRECTORY_PRODUCT_ID } from '../directory/entries';

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
  /**
   * Name of the `Enable<Product>` parameter; absent for what every other product needs (the launch role, and from
   * v1.1.0 the Falcon directory).
   */
  readonly enableParameter?: string;
  /**
   * The pinned version takes its Falcon values from the Falcon directory of its Region (SSM-typed parameters that
   * CloudFormation resolves at launch), so it is provisioned after the baseline's directory product.
   */
  readonly readsDirectory?: boolean;
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

const DIRECTORY_REVISION = 'DirectoryRevision';

/**
 * Composition of baseline v1.1.0: the current versions, none retired. Launch role v1.4.0 creates the product
 * boundary that every role of the v1.2.0 products carries; the Falcon directory (provisioned in every Region the
 * stack runs in, before the products) holds the values their SSM-typed parameters read. The keys are those of each
 * version's published snapshot; the broker serves the directory-typed ones as the SSM parameter names, as the
 * lifecycle core does.
 */
export const BASELINE_V1_1_COMPONENTS: readonly BaselineComponent[] = [
  {
    productId: 'launch-role',
    version: 'v1.4.0',
    attributePrefix: 'LaunchRole',
    homeRegionOnly: true,
    parameterKeys: ['LaunchRoleName', BOUNDARY],
    optionalKeys: [BOUNDARY],
  },
  {
    productId: DIRECTORY_PRODUCT_ID,
    version: 'v1.0.0',
    attributePrefix: 'Directory',
    homeRegionOnly: false,
    parameterKeys: [
      'HomeRegion', 'HubAccountId', 'FalconCloud', 'CrowdStrikeAccountId', 'CrowdStrikeRoleName', 'ExternalId',
      'ReaderRoleName', 'BrokerUrl', 'EventBusAccountId', 'EventBusName', 'EventBusRegion', 'SensorDownloadSecretArn',
    ],
    optionalKeys: [],
  },
  {
    productId: 'iom',
    version: 'v1.2.0',
    attributePrefix: 'Iom',
    homeRegionOnly: true,
    parameterKeys: ['CrowdStrikeAccountId', 'CrowdStrikeRoleName', 'ExternalId', 'ReaderRoleName', 'RoleName', DIRECTORY_REVISION],
    optionalKeys: [],
    enableParameter: 'EnableIom',
    readsDirectory: true,
  },
  {
    productId: 'threat-detection',
    version: 'v1.2.0',
    attributePrefix: 'ThreatDetection',
    homeRegionOnly: false,
    parameterKeys: [
      'CrowdStrikeAccountId', 'CrowdStrikeEventBusName', 'CrowdStrikeEventBusRegion', 'HomeRegion',
      'CrowdStrikeEventBusRegionOverride', 'EventBridgeRoleName', 'RuleNamePrefix', DIRECTORY_REVISION,
    ],
    optionalKeys: [],
    enableParameter: 'EnableThreatDetection',
    readsDirectory: true,
  },
  {
    productId: 'sensor-management',
    version: 'v1.2.0',
    attributePrefix: 'SensorManagement',
    homeRegionOnly: true,
    parameterKeys: [
      'CrowdStrikeAccountId', 'CrowdStrikeRoleName', 'ExternalId', 'FalconCloud', 'SensorDownloadSecretArn',
      'CredentialsSecretArn', 'LogRetentionDays', DIRECTORY_REVISION,
    ],
    optionalKeys: [],
    enableParameter: 'EnableSensorManagement',
    readsDirectory: true,
  },
  {
    productId: 'ssm-distributor',
    version: 'v1.2.0',
    attributePrefix: 'SsmDistributor',
    homeRegionOnly: false,
    parameterKeys: [
      'SensorDownloadSecretArn', 'CredentialsSecretArn', 'Action', 'DocumentVersion', 'ScheduleExpression',
      'ApplyOnlyAtCronInterval', 'MaxErrors', 'MaxConcurrency', 'TargetTagKey', 'TargetTagValues', DIRECTORY_REVISION,
    ],
    optionalKeys: [],
    enableParameter: 'EnableSsmDistributor',
    readsDirectory: true,
  },
  {
    productId: 'eks-protection',
    version: 'v1.2.0',
    attributePrefix: 'EksProtection',
    homeRegionOnly: false,
    parameterKeys: [
      'HubAccountId', 'HubRegion', 'HubEventBusName', 'HubClusterHandlerRoleName', 'HubInstallerRoleName',
      'ExecutionRoleName', 'EventBridgeRoleName', 'FargatePodRoleName', DIRECTORY_REVISION,
    ],
    optionalKeys: [],
    enableParameter: 'EnableEksProtection',
    readsDirectory: true,
  },
];

/** Each baseline version's composition, oldest first; the last is what the template builds. Published lists never change. */
export const BASELINE_COMPONENTS_BY_VERSION: ReadonlyArray<{ readonly version: string; readonly components: readonly BaselineComponent[] }> = [
  { version: 'v1.0.0', components: BASELINE_V1_COMPONENTS },
  { version: 'v1.1.0', components: BASELINE_V1_1_COMPONENTS },
];

const NEWEST = BASELINE_COMPONENTS_BY_VERSION[BASELINE_COMPONENTS_BY_VERSION.length - 1];
/** The baseline version Account Factory should launch: the newest, the one the template builds. */
export const NEWEST_BASELINE_VERSION = NEWEST.version;
export const NEWEST_BASELINE_COMPONENTS = NEWEST.components;

/** The composition of one baseline version, or undefined for a version the package never shipped. */
export function baselineComponents(version: string): readonly BaselineComponent[] | undefined {
  return BASELINE_COMPONENTS_BY_VERSION.find((v) => v.version === version)?.components;
}

/**
 * Every product any baseline version can provision: what the broker's `product-parameters` action serves. Accounts
 * stay on an older baseline version until Account Factory updates them, and their stacks still ask.
 */
export const BASELINE_PRODUCT_IDS: readonly string[] = [
  ...new Set(BASELINE_COMPONENTS_BY_VERSION.flatMap((v) => v.components.map((c) => c.productId))),
];
/** Whether some baseline version pins `version` of `productId`: the only versions the broker computes parameters for. */
export function baselinePins(productId: string, version: string): boolean {
  return BASELINE_COMPONENTS_BY_VERSION.some((v) => v.components.some((c) => c.productId === productId && c.version === version));
}
/** Products every baseline provisions without asking the manifest (no `Enable` parameter). */
const ALWAYS_PROVISIONED = ['launch-role', DIRECTORY_PRODUCT_ID];
/** The products a manifest's `blueprint.products` may configure (the launch role and directory are always included). */
export const BLUEPRINT_CONFIGURABLE_PRODUCT_IDS = BASELINE_PRODUCT_IDS.filter((id) => !ALWAYS_PROVISIONED.includes(id));

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
      retired:
        'Retired: provisions product versions that are retired themselves (free-form parameters, no product ' +
        'boundary), which Service Catalog no longer launches. Update accounts to the newest baseline version.',
    },
    {
      name: 'v1.1.0',
      description:
        'launch-role v1.4.0 (creates the product boundary), the Falcon directory v1.0.0 in each Region the stack ' +
        'runs in, and iom, threat-detection, sensor-management, ssm-distributor and eks-protection v1.2.0 (every ' +
        'role under that boundary), each behind an Enable parameter; parameters from the hub broker.',
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
