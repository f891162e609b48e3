/** Registry entry for the sensor-management product (Falcon 1Click sensor installation). */
import { BOUNDARY_LAUNCH_ROLE_VERSION } from '../kit/product-boundary';
import { RETIRED_FREE_BOUNDARY, RETIRED_FREE_FORM } from '../kit/retired-versions';
import { z } from 'zod';
import {
  type FalconCloud,
  MissingRegistrationError,
  crossPartitionFalcon,
  isGovFalconCloud,
  type ProductDefinition,
} from '../../vocabulary';
import {
  assertSamePartition,
  permissionsBoundaryPolicyName,
  secretArn,
  secretArnInRegion,
  sensorSecretInDirectory,
  withBoundary,
} from '../kit/definition-helpers';
import { FALCON_ADDRESS_PATTERN, GOVCLOUD_FALCON_ADDRESS, ORCHESTRATOR_CODE } from './orchestrator-code';
import { ORCHESTRATOR_CODE_LAUNCH_ROLE_VERSION } from '../kit/orchestrator-code-launch-role';
import {
  type DirectoryKey,
  credentialsSecretOverride,
  directoryParameterNames,
  directoryRevision,
  directoryValues,
} from '../directory/entries';

/**
 * CloudWatch Logs retention values (days) of at least one year: the ones Logs accepts that also satisfy the
 * Control Tower proactive control CT.CLOUDWATCH.PR.2, so the product launches in OUs that enforce it.
 */
export const LOG_RETENTION_DAYS = [365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
export const DEFAULT_LOG_RETENTION_DAYS = 365;

/** v1.1.0's parameters read from the Falcon directory, by template logical ID. */
export const SENSOR_MANAGEMENT_DIRECTORY_PARAMETERS = {
  CrowdStrikeAccountId: 'crowdStrikeAccountId',
  CrowdStrikeRoleName: 'crowdStrikeRoleName',
  ExternalId: 'externalId',
  FalconCloud: 'falconCloud',
  SensorDownloadSecretArn: 'sensorDownloadSecretArn',
} as const satisfies Record<string, DirectoryKey>;
const SENSOR_MANAGEMENT_DIRECTORY_ENTRIES: DirectoryKey[] = Object.values(SENSOR_MANAGEMENT_DIRECTORY_PARAMETERS);

const directoryEntries = (version: string): readonly DirectoryKey[] =>
  version === 'v1.0.0' ? [] : SENSOR_MANAGEMENT_DIRECTORY_ENTRIES;

export const SENSOR_MANAGEMENT: ProductDefinition<'sensor-management'> = {
  id: 'sensor-management',
  assignable: true,
  displayName: 'CrowdStrike Falcon - sensor management (1Click)',
  description:
    'Lets Falcon install sensors on this account\'s SSM-managed instances: CrowdStrike\'s published orchestrator ' +
    'function, the role Falcon assumes to invoke it, and an API credential read from a Secrets Manager secret.',
  regionScope: 'home-only',
  versions: [
    {
      name: 'v1.0.0',
      description: 'Orchestrator from CrowdStrike\'s artifact; credential from a secret ARN; 1-year log retention.',
      minimumLaunchRole: 'v1.1.0',
      retired: RETIRED_FREE_FORM,
    },
    {
      name: 'v1.1.0',
      description:
        'Same orchestrator and roles; the CrowdStrike values, the Falcon cloud and the sensor-download secret come ' +
        'from the Falcon directory in this account (the secret can still be overridden), so nothing needs typing.',
      minimumLaunchRole: 'v1.3.0',
      retired: RETIRED_FREE_BOUNDARY,
    },
    {
      name: 'v1.2.0',
      description: 'Same orchestrator and roles; both roles carry the product boundary the launch role enforces (no boundary parameter).',
      minimumLaunchRole: BOUNDARY_LAUNCH_ROLE_VERSION,
    },
    {
      name: 'v1.3.0',
      description:
        'Same roles and boundary; the orchestrator code from CrowdStrike\'s current regional buckets, and for GovCloud Falcon ' +
        'tenants the Falcon address the orchestrator authenticates against (CS_ADDRESS).',
      minimumLaunchRole: ORCHESTRATOR_CODE_LAUNCH_ROLE_VERSION,
    },
  ],
  unsupportedReason: crossPartitionFalcon,
  assignmentParameters: z
    .object({
      credentialsSecretArn: secretArn('credentialsSecretArn')
        .optional()
        .describe(
          'Secret holding {"ClientId","ClientSecret"} of a Falcon API client with Sensor Download and ' +
            'Installation Tokens read scopes only; replicated to the home Region and readable by the organisation. ' +
            'Required for v1.0.0; from v1.1.0 defaults to portfolio.selfService.sensorDownloadSecretArn',
        ),
      logRetentionDays: z.literal(LOG_RETENTION_DAYS).optional(),
      falconAddress: z
        .string()
        .regex(new RegExp(FALCON_ADDRESS_PATTERN), 'falconAddress must be host:port, e.g. az.laggar.gcw.crowdstrike.com:443')
        .optional()
        .describe(
          'GovCloud Falcon only (v1.3.0 and newer): the Falcon address the orchestrator authenticates against; ' +
            'required for us-gov-2, defaults to CrowdStrike\'s address for us-gov-1',
        ),
      permissionsBoundaryPolicyName,
    })
    .strict(),
  directoryEntries,
  manifestChecks: sensorSecretInDirectory('sensor-management', directoryEntries),
  templateParameters: (ctx) => {
    const reg = ctx.registration;
    if (!reg) throw new MissingRegistrationError('sensor-management');
    const address = ctx.assignment.falconAddress;
    const legacy = !takesFalconAddress(ctx.version);
    if (legacy && address !== undefined) {
      throw new Error(`sensor-management ${ctx.version} takes no falconAddress: it needs v1.3.0 or newer`);
    }
    if (ctx.version !== 'v1.0.0') {
      const retentionDays = ctx.assignment.logRetentionDays;
      return withBoundary(ctx, {
        ...directoryParameterNames(SENSOR_MANAGEMENT_DIRECTORY_PARAMETERS),
        CredentialsSecretArn: credentialsSecretOverride(ctx, 'sensor-management'),
        LogRetentionDays: String(typeof retentionDays === 'number' ? retentionDays : DEFAULT_LOG_RETENTION_DAYS),
        ...(legacy ? {} : { FalconAddress: falconAddressFor(ctx.org.falconCloud, ctx.region, address) }),
        DirectoryRevision: directoryRevision(directoryValues(ctx)),
      });
    }
    const arn = ctx.assignment.credentialsSecretArn;
    if (typeof arn !== 'string') throw new Error('sensor-management needs credentialsSecretArn in its assignment');
    assertSamePartition(arn, ctx, 'credentialsSecretArn');
    const retention = ctx.assignment.logRetentionDays;
    return withBoundary(ctx, {
      CrowdStrikeAccountId: reg.crowdStrikeAccountId,
      CrowdStrikeRoleName: reg.intermediateRoleName,
      ExternalId: reg.externalId,
      FalconCloud: ctx.org.falconCloud,
      CredentialsSecretArn: secretArnInRegion(arn, ctx.region),
      LogRetentionDays: String(typeof retention === 'number' ? retention : DEFAULT_LOG_RETENTION_DAYS),
    });
  },
};

/** Versions before v1.3.0 read the orchestrator code from the former bucket and take no Falcon address. */
const WITHOUT_FALCON_ADDRESS: ReadonlySet<string> = new Set(['v1.0.0', 'v1.1.0', 'v1.2.0']);

/** Whether a version has the `FalconAddress` parameter (and runs only where CrowdStrike publishes its code). */
export function takesFalconAddress(version: string): boolean {
  return !WITHOUT_FALCON_ADDRESS.has(version);
}

/**
 * v1.3.0's `FalconAddress` parameter: the assignment's address, else '' (the template then uses CrowdStrike's address
 * for us-gov-1, and none for commercial tenants, which need none). Throws, with the reason, where the launch could
 * not work: a Region without CrowdStrike's orchestrator code, or a us-gov-2 tenant without an address.
 */
export function falconAddressFor(cloud: FalconCloud, region: string, address: unknown): string {
  if (!ORCHESTRATOR_CODE[region]) {
    throw new Error(`CrowdStrike publishes no 1Click orchestrator code in ${region} (sensor-management runs in the home Region)`);
  }
  if (typeof address === 'string') return address;
  if (isGovFalconCloud(cloud) && !GOVCLOUD_FALCON_ADDRESS[cloud]) {
    throw new Error(
      `sensor-management needs falconAddress for Falcon cloud ${cloud}: CrowdStrike publishes no default address for ` +
        'it; ask CrowdStrike support for the host:port the 1Click orchestrator authenticates against',
    );
  }
  return '';
}
