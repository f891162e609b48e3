/**
 * The Falcon directory: the organisation's non-secret Falcon coordinates, published as SSM String parameters in
 * each prepared member account and Region by the internal `falcon-directory` product.
 *
 * Why: a product template is published once for every organisation (locked versions), so it cannot carry this
 * organisation's CrowdStrike account, external ID or hub broker URL, and an account owner launching a product by
 * hand cannot know them. Product versions that read the directory declare those parameters with the CloudFormation
 * type `AWS::SSM::Parameter::Value<String>` and a default naming the directory entry, so the launch form is
 * pre-filled and CloudFormation reads the value in the launching account at launch time. Nothing here is a
 * credential: the Falcon API client stays in the hub secret (docs/decisions.md#secrets-stay-in-the-hub).
 *
 * Pure and CDK-free: the registry, the lifecycle core and the product templates all read it.
 */
import { createHash } from 'node:crypto';
import { MissingRegistrationError, REGION_PATTERN, type ParameterContext } from '../../vocabulary';
import { eventBusTarget, forwardingPlan } from '../kit/ioa-forwarding';
import { SECRET_ARN_PATTERN, assertSamePartition, secretArnInRegion } from '../kit/definition-helpers';

/** Provisioned as `falcon-directory` (the core names provisioned products `falcon-<product ID>`). */
export const DIRECTORY_PRODUCT_ID = 'directory';
/** Every directory entry lives under this path; the launch role's SSM rights are scoped to it. */
export const DIRECTORY_PATH = '/falcon-catalog/directory';

export interface DirectoryEntry {
  /** The `falcon-directory` template parameter that carries the value (PascalCase). */
  readonly templateParameter: string;
  /** The SSM parameter name in the member account. */
  readonly parameterName: string;
  readonly label: string;
  readonly description: string;
  /** CloudFormation AllowedPattern for the value. */
  readonly pattern: string;
  /** Optional entries are written only when the hub has them (the event bus needs IOA; the broker URL the hub). */
  readonly optional: boolean;
}

const entry = (
  templateParameter: string,
  key: string,
  label: string,
  description: string,
  pattern: string,
  optional = false,
): DirectoryEntry => ({ templateParameter, parameterName: `${DIRECTORY_PATH}/${key}`, label, description, pattern, optional });

/** In template-parameter order; the keys of `DIRECTORY` are what consumers name. */
export const DIRECTORY = {
  homeRegion: entry('HomeRegion', 'home-region', 'Control Tower home Region', 'Where account-wide (IAM) resources are created.', REGION_PATTERN),
  hubAccountId: entry('HubAccountId', 'hub-account-id', 'Falcon hub account', 'The account that runs the Falcon hub (broker, EKS hub).', '^\\d{12}$'),
  falconCloud: entry('FalconCloud', 'falcon-cloud', 'Falcon cloud', 'The organisation\'s Falcon cloud.', '^(us-1|us-2|eu-1|us-gov-1|us-gov-2)$'),
  crowdStrikeAccountId: entry('CrowdStrikeAccountId', 'crowdstrike-account-id', 'CrowdStrike AWS account ID', 'From the organisation\'s Falcon registration.', '^\\d{12}$'),
  crowdStrikeRoleName: entry('CrowdStrikeRoleName', 'crowdstrike-role-name', 'CrowdStrike intermediate role name', 'From the organisation\'s Falcon registration.', '^[\\w+=,.@-]{1,64}$'),
  externalId: entry('ExternalId', 'external-id', 'External ID', 'From the organisation\'s Falcon registration; presented by Falcon when it assumes the roles this account gives it.', '^[\\w+=,.@:/-]{2,1224}$'),
  readerRoleName: entry('ReaderRoleName', 'reader-role-name', 'IOM reader role name', 'The reader role name the Falcon registration expects.', '^[\\w+=,.@-]{1,64}$'),
  brokerUrl: entry('BrokerUrl', 'broker-url', 'Falcon hub broker URL', 'Function URL of the hub broker (IAM-authenticated, organisation only).', '^https://[a-z0-9.-]+(:\\d+)?/?$', true),
  eventBusAccountId: entry('EventBusAccountId', 'event-bus-account-id', 'CrowdStrike event bus account', 'Owner of the CrowdStrike bus this Region forwards IOA events to.', '^\\d{12}$', true),
  eventBusName: entry('EventBusName', 'event-bus-name', 'CrowdStrike event bus name', 'The CrowdStrike bus this Region forwards IOA events to.', '^[\\w.\\-/]{1,256}$', true),
  eventBusRegion: entry('EventBusRegion', 'event-bus-region', 'CrowdStrike event bus Region', 'The Region of the CrowdStrike bus this Region forwards to.', REGION_PATTERN, true),
  sensorDownloadSecretArn: entry('SensorDownloadSecretArn', 'sensor-download-secret-arn', 'Sensor-download client secret', 'Secrets Manager secret of the narrowly scoped sensor-download API client, in this Region (never the hub credential).', SECRET_ARN_PATTERN, true),
} as const satisfies Record<string, DirectoryEntry>;

export type DirectoryKey = keyof typeof DIRECTORY;
export const DIRECTORY_KEYS = Object.keys(DIRECTORY) as DirectoryKey[];

export type DirectoryValues = Partial<Record<DirectoryKey, string>>;

/**
 * The directory for one account and Region: the same in every account of the organisation except the event bus,
 * which depends on the Region (GovCloud runs a bus per Region). Throws MissingRegistrationError before the hub has
 * registered the organisation with Falcon.
 */
export function directoryValues(ctx: Pick<ParameterContext, 'org' | 'region' | 'registration'>): DirectoryValues {
  const reg = ctx.registration;
  if (!reg) throw new MissingRegistrationError(DIRECTORY_PRODUCT_ID);
  const { org } = ctx;
  const cloud = org.falconCloud;
  const values: DirectoryValues = {
    homeRegion: org.homeRegion,
    hubAccountId: org.hubAccountId,
    falconCloud: cloud,
    crowdStrikeAccountId: reg.crowdStrikeAccountId,
    crowdStrikeRoleName: reg.intermediateRoleName,
    externalId: reg.externalId,
    readerRoleName: reg.readerRoleName,
  };
  if (reg.brokerUrl) values.brokerUrl = reg.brokerUrl;
  const secret = org.sensorDownloadSecretArn;
  if (secret) values.sensorDownloadSecretArn = secretArnInRegion(secret, ctx.region);
  const plan = forwardingPlan(org.partition, cloud);
  const bus = reg.eventBusName && plan.mode !== 'refused' ? busFor(plan.mode, reg.eventBusName, reg.crowdStrikeAccountId, ctx.region) : undefined;
  if (bus) {
    values.eventBusAccountId = bus.accountId;
    values.eventBusName = bus.name;
    values.eventBusRegion = bus.region;
  }
  return values;
}

/**
 * This Region's CrowdStrike bus, or undefined when the registration names none for it (a GovCloud list without this
 * Region): the entries are optional, and threat-detection refuses such a Region with the reason itself.
 */
function busFor(...args: Parameters<typeof eventBusTarget>): ReturnType<typeof eventBusTarget> | undefined {
  try {
    return eventBusTarget(...args);
  } catch {
    return undefined;
  }
}

/** The `falcon-directory` template parameters: every entry, empty for an optional entry the hub lacks. */
export function directoryTemplateParameters(values: DirectoryValues): Record<string, string> {
  return Object.fromEntries(DIRECTORY_KEYS.map((key) => [DIRECTORY[key].templateParameter, values[key] ?? '']));
}

/**
 * A short digest of the directory. Products that read the directory take it as their `DirectoryRevision`
 * parameter: CloudFormation resolves SSM-typed parameters only when a stack is created or updated, so a changed
 * directory (a new Falcon registration) must change a parameter for the lifecycle core to update those stacks.
 */
export function directoryRevision(values: DirectoryValues): string {
  const canonical = JSON.stringify(DIRECTORY_KEYS.map((key) => [key, values[key] ?? '']));
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

/** Consumers' `DirectoryRevision` default when launched by hand (any value works: it only forces re-reads). */
export const DIRECTORY_REVISION_DEFAULT = 'launched-by-hand';
export const DIRECTORY_REVISION_PATTERN = '^[\\w-]{1,64}$';

/**
 * What the lifecycle core passes for a version's directory-typed parameters: the entry's SSM parameter name (the
 * template default), spelled out. Leaving them out is not safe: on an update from a version that took the values
 * themselves, Service Catalog could keep the old literal value, which CloudFormation would then look up as an SSM
 * parameter name.
 */
export function directoryParameterNames(byLogicalId: Readonly<Record<string, DirectoryKey>>): Record<string, string> {
  return Object.fromEntries(Object.entries(byLogicalId).map(([logicalId, key]) => [logicalId, DIRECTORY[key].parameterName]));
}

/**
 * The `CredentialsSecretArn` value of sensor-management and ssm-distributor from v1.1.0: the assignment's secret
 * (in this Region) when it names one, else '' so the template uses the directory's sensor-download secret.
 *
 * The directory must have that secret either way: the template declares it as an SSM-typed parameter, which
 * CloudFormation resolves (and fails the launch on when missing) even when the override is used. The manifest
 * validator says so up front (manifest/cross-checks.ts); this throws the same clear reason, naming both places,
 * instead of letting the core start a launch that cannot succeed.
 */
export function credentialsSecretOverride(ctx: ParameterContext, productId: string): string {
  if (!ctx.org.sensorDownloadSecretArn) {
    throw new Error(
      `${productId} ${ctx.version} reads the sensor-download secret from the Falcon directory, which has none: set ` +
        'portfolio.selfService.sensorDownloadSecretArn (credentialsSecretArn in an assignment only overrides it), ' +
        'or pin the product to v1.0.0',
    );
  }
  const arn = ctx.assignment.credentialsSecretArn;
  if (typeof arn !== 'string') return '';
  assertSamePartition(arn, ctx, 'credentialsSecretArn');
  return secretArnInRegion(arn, ctx.region);
}
