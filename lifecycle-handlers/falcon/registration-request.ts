/**
 * What the organisation registration custom resource asks Falcon for: its properties (set by the FalconHub stack
 * from the manifest) and the request bodies built from them. Feature flags follow the manifest; a feature this
 * package does not deliver is registered as off.
 */
import type {
  RegistrationAWSAccountExtV2,
  RegistrationAWSAccountPatch,
  RestAWSAccountPatchExtV1,
  RestCloudAWSAccountCreateExtV1,
} from 'crowdstrike-falcon';
import type { CspmAwsAccount } from './wire-types';

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
  readonly Dspm: string;
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
  readonly dspm: boolean;
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
    dspm: flag('Dspm', props.Dspm),
    identityProtection: flag('IdentityProtection', props.IdentityProtection),
  };
}

export function registrationPhysicalId(settings: Pick<RegistrationSettings, 'organizationId'>): string {
  return `falcon-organization-registration-${settings.organizationId}`;
}

/**
 * POST body of a new registration: the organisation (through its management account, `is_master`), or one member
 * account for the broker. The SDK's model marks `iam_role_arn` required, but the API makes it optional: without
 * it Falcon chooses the reader role name and returns it, which is what the products use.
 */
export function cspmCreateRequest(
  s: RegistrationSettings,
  accountId: string = s.managementAccountId,
): RegistrationAWSAccountExtV2 {
  const body: Omit<RegistrationAWSAccountExtV2, 'iamRoleArn'> = {
    accountId,
    organizationId: s.organizationId,
    isMaster: accountId === s.managementAccountId,
    accountType: s.accountType,
    behaviorAssessmentEnabled: s.behaviorAssessment,
    sensorManagementEnabled: s.sensorManagement,
    dspmEnabled: s.dspm,
    // Control Tower already runs an organisation trail; Falcon must not create another.
    useExistingCloudtrail: true,
    cloudtrailRegion: s.homeRegion,
  };
  return body as RegistrationAWSAccountExtV2;
}

/** PATCH body of an existing registration: same role, feature flags as the manifest says now. */
export function cspmPatchRequest(s: RegistrationSettings, existing: CspmAwsAccount): RegistrationAWSAccountPatch {
  if (!existing.iam_role_arn) throw new Error("Falcon's existing registration has no iam_role_arn to keep");
  return {
    accountId: existing.account_id ?? s.managementAccountId,
    iamRoleArn: existing.iam_role_arn,
    behaviorAssessmentEnabled: s.behaviorAssessment,
    sensorManagementEnabled: s.sensorManagement,
    dspmEnabled: s.dspm,
    vulnerabilityScanningEnabled: false,
    cloudtrailRegion: s.homeRegion,
  };
}

const IDENTITY_PROTECTION = [{ product: 'idp', features: ['default'] }];

export function identityProtectionCreateRequest(s: RegistrationSettings): RestCloudAWSAccountCreateExtV1 {
  return {
    accountId: s.managementAccountId,
    organizationId: s.organizationId,
    isMaster: true,
    accountType: s.accountType,
    useExistingCloudtrail: true,
    products: IDENTITY_PROTECTION,
  };
}

export function identityProtectionPatchRequest(s: RegistrationSettings): RestAWSAccountPatchExtV1 {
  return { accountId: s.managementAccountId, organizationId: s.organizationId, products: IDENTITY_PROTECTION };
}
