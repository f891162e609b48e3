/**
 * What the organisation registration custom resource asks Falcon for: its properties (set by the FalconHub stack
 * from the manifest) and the request bodies of Falcon's cloud registration API
 * (`/cloud-security-registration-aws/entities/account/v1`), the API CrowdStrike's own Terraform provider uses.
 *
 * The manifest owns only the features this package delivers (below). Every other feature of the registration
 * (DSPM, vulnerability scanning, anything enabled in the Falcon console) is never named in a request, so an update
 * cannot switch it off.
 */
import type { RestAWSAccountPatchExtV1, RestAccountProductRequestExtV1, RestCloudAWSAccountCreateExtV1 } from 'crowdstrike-falcon';

/** Custom resource properties. CloudFormation passes every value as a string. */
export interface RegistrationResourceProperties {
  readonly OrganizationId: string;
  /** The organisation's management account: Falcon registers the organisation through it (`is_master`). */
  readonly ManagementAccountId: string;
  readonly FalconCloud: string;
  readonly Partition: string;
  /** Control Tower home Region: where the organisation trail and Falcon's event forwarding live. */
  readonly HomeRegion: string;
  /** IOA (threat detection) enabled in the manifest. */
  readonly BehaviorAssessment: string;
  readonly SensorManagement: string;
  readonly IdentityProtection: string;
}

export interface RegistrationSettings {
  readonly organizationId: string;
  readonly managementAccountId: string;
  readonly falconCloud: string;
  readonly accountType: 'commercial' | 'gov';
  readonly homeRegion: string;
  readonly behaviorAssessment: boolean;
  readonly sensorManagement: boolean;
  readonly identityProtection: boolean;
}

function flag(name: string, value: string | undefined): boolean {
  if (value === 'true') return true;
  if (value === 'false' || value === undefined) return false;
  throw new Error(`registration property ${name} must be "true" or "false", not "${value}"`);
}

function required(props: Partial<RegistrationResourceProperties>, name: keyof RegistrationResourceProperties): string {
  const value = props[name];
  if (!value) throw new Error(`registration property ${name} is missing`);
  return value;
}

export function registrationSettings(props: Partial<RegistrationResourceProperties>): RegistrationSettings {
  return {
    organizationId: required(props, 'OrganizationId'),
    managementAccountId: required(props, 'ManagementAccountId'),
    falconCloud: required(props, 'FalconCloud'),
    accountType: required(props, 'Partition') === 'aws-us-gov' ? 'gov' : 'commercial',
    homeRegion: required(props, 'HomeRegion'),
    behaviorAssessment: flag('BehaviorAssessment', props.BehaviorAssessment),
    sensorManagement: flag('SensorManagement', props.SensorManagement),
    identityProtection: flag('IdentityProtection', props.IdentityProtection),
  };
}

export function registrationPhysicalId(settings: Pick<RegistrationSettings, 'organizationId'>): string {
  return `falcon-organization-registration-${settings.organizationId}`;
}

/**
 * The features this package delivers, and so the only ones the manifest owns. Product and feature names as
 * CrowdStrike's provider sends them (github.com/CrowdStrike/terraform-provider-crowdstrike,
 * internal/fcs/cloud_aws_account.go @ 6355f146f30ea42d07616d2b0ee8714cd6c3cea8: `cspm` with `iom`, `ioa`,
 * `sensormgmt`; `idp` with `default`).
 */
const OWNED_FEATURES: readonly { product: string; feature: string; on: (s: RegistrationSettings) => boolean }[] = [
  { product: 'cspm', feature: 'iom', on: () => true },
  { product: 'cspm', feature: 'ioa', on: (s) => s.behaviorAssessment },
  { product: 'cspm', feature: 'sensormgmt', on: (s) => s.sensorManagement },
  { product: 'idp', feature: 'default', on: (s) => s.identityProtection },
];

export type OwnedFeature = { readonly product: string; readonly feature: string };

function grouped(features: readonly OwnedFeature[]): RestAccountProductRequestExtV1[] {
  const byProduct = new Map<string, string[]>();
  for (const { product, feature } of features) byProduct.set(product, [...(byProduct.get(product) ?? []), feature]);
  return [...byProduct].map(([product, list]) => ({ product, features: list }));
}

/** The owned features the settings switch on (IOM always). */
export function enabledFeatures(s: RegistrationSettings): OwnedFeature[] {
  return OWNED_FEATURES.filter((f) => f.on(s)).map(({ product, feature }) => ({ product, feature }));
}

/** Owned features that `previous` had on and `current` has off: the only ones an update switches off. */
export function featuresTurnedOff(current: RegistrationSettings, previous: RegistrationSettings | undefined): OwnedFeature[] {
  if (!previous) return [];
  return OWNED_FEATURES.filter((f) => f.on(previous) && !f.on(current)).map(({ product, feature }) => ({ product, feature }));
}

/** CloudTrail events reach Falcon (csp_events) when IOA or Identity Protection is on, as CrowdStrike's provider sets it. */
const needsCloudEvents = (s: RegistrationSettings) => s.behaviorAssessment || s.identityProtection;

/**
 * POST body of a new registration: the organisation (through its management account, `is_master`), or one member
 * account for the broker (its CSPM features only: Identity Protection is registered for the organisation). Without
 * `iam_role_arn`, Falcon chooses the reader role name and returns it, which is what the products use.
 */
export function registrationCreateRequest(
  s: RegistrationSettings,
  accountId: string = s.managementAccountId,
): RestCloudAWSAccountCreateExtV1 {
  const isMaster = accountId === s.managementAccountId;
  const features = enabledFeatures(s).filter((f) => isMaster || f.product === 'cspm');
  return {
    accountId,
    organizationId: s.organizationId,
    isMaster,
    accountType: s.accountType,
    // Control Tower already runs an organisation trail; Falcon must not create another.
    useExistingCloudtrail: true,
    cloudtrailRegion: s.homeRegion,
    products: grouped(features),
    ...(needsCloudEvents(s) ? { cspEvents: true } : {}),
  };
}

/**
 * PATCH body of an existing registration: the owned features that are on (Falcon adds them; those already on stay
 * on), and in `disable_products` only the owned features the manifest turned off since `previous` (the settings of
 * the last deployment). Nothing else: a feature someone enabled in the Falcon console stays as it is.
 */
export function registrationPatchRequest(
  s: RegistrationSettings,
  previous: RegistrationSettings | undefined,
): RestAWSAccountPatchExtV1 {
  const off = featuresTurnedOff(s, previous);
  return {
    accountId: s.managementAccountId,
    useExistingCloudtrail: true,
    cloudtrailRegion: s.homeRegion,
    products: grouped(enabledFeatures(s)),
    ...(off.length > 0 ? { disableProducts: grouped(off) } : {}),
    ...(needsCloudEvents(s) ? { cspEvents: true } : {}),
  };
}
