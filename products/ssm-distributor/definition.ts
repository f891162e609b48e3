/** Registry entry for the ssm-distributor product (State Manager association of CrowdStrike's Distributor package). */
import { BOUNDARY_LAUNCH_ROLE_VERSION } from '../kit/product-boundary';
import { RETIRED_FREE_BOUNDARY, RETIRED_FREE_FORM } from '../kit/retired-versions';
import { z } from 'zod';
import type { ProductDefinition } from '../../vocabulary';
import {
  assertSamePartition,
  permissionsBoundaryPolicyName,
  secretArn,
  secretArnInRegion,
  sensorSecretInDirectory,
  withBoundary,
} from '../kit/definition-helpers';
import {
  credentialsSecretOverride,
  directoryParameterNames,
  directoryRevision,
  directoryValues,
  type DirectoryKey,
} from '../directory/entries';

/**
 * Regions where CrowdStrike publishes the `FalconSensor-CrowdStrike` Distributor package and the
 * `CrowdStrike-FalconSensorDeploy` automation document (CrowdStrike/aws-ssm-distributor, official-package FAQ).
 * The lifecycle core skips other Regions with this reason instead of provisioning a product that cannot run.
 */
export const DISTRIBUTOR_REGIONS: readonly string[] = [
  'af-south-1', 'ap-east-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ca-central-1', 'ca-west-1',
  'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'il-central-1', 'me-central-1', 'me-south-1', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
];

/** `$DEFAULT`, `$LATEST`, or version 3 or later: versions 1 and 2 run on the retired Python 3.7 runtime. */
export const DOCUMENT_VERSION_PATTERN = '^(\\$DEFAULT|\\$LATEST|[3-9]|[1-9][0-9]+)$';
/** State Manager's own limits for MaxErrors and MaxConcurrency (a count or a percentage). */
export const MAX_ERRORS_PATTERN = '^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$';
export const MAX_CONCURRENCY_PATTERN = '^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$';
export const SCHEDULE_PATTERN = '^(cron|rate)\\([^()]{1,250}\\)$';
export const TAG_KEY_PATTERN = '^[\\w.:/=+@ -]{1,128}$';
export const TAG_VALUE_PATTERN = '^[\\w.:/=+@ -]{1,256}$';

/** A sensor version as the Distributor package names them, e.g. 7.04.17600; empty installs CrowdStrike's N-1. */
export const PACKAGE_VERSION_PATTERN = '^[0-9]+\\.[0-9]+\\.[0-9]+$';
/** One Falcon sensor grouping tag: letters, digits, /, _ and - (the installers take them comma-separated). */
export const SENSOR_TAG_PATTERN = '^[A-Za-z0-9/_-]{1,128}$';
export const PROXY_HOST_PATTERN = '^[A-Za-z0-9.-]{1,253}$';
/** What the installer-parameter template parameters accept: one line without shell metacharacters (` $ ; | & < >). */
export const INSTALLER_PARAMS_PATTERN = '^[^\\r\\n`$;|&<>]{0,1024}$';

/** Versions published before the installer options (v1.3.0 added them). */
const WITHOUT_INSTALLER_OPTIONS: ReadonlySet<string> = new Set(['v1.0.0', 'v1.1.0', 'v1.2.0']);

const DEFAULTS = {
  Action: 'Install',
  DocumentVersion: '$DEFAULT',
  ScheduleExpression: 'rate(1 day)',
  MaxErrors: '10%',
  MaxConcurrency: '20%',
  ApplyOnlyAtCronInterval: 'false',
} as const;

const pattern = (source: string, message: string) => z.string().regex(new RegExp(source), message);

const directoryEntries = (version: string): readonly DirectoryKey[] => (version === 'v1.0.0' ? [] : ['sensorDownloadSecretArn']);

export const SSM_DISTRIBUTOR: ProductDefinition<'ssm-distributor'> = {
  id: 'ssm-distributor',
  assignable: true,
  displayName: 'CrowdStrike Falcon - sensor deployment (SSM Distributor)',
  description:
    'A State Manager association that runs CrowdStrike\'s CrowdStrike-FalconSensorDeploy automation on a schedule, ' +
    'installing (or uninstalling) the Falcon sensor on this Region\'s SSM-managed instances.',
  regionScope: 'per-region',
  supportedRegions: DISTRIBUTOR_REGIONS,
  versions: [
    {
      name: 'v1.0.0',
      description: 'Association with a least-privilege automation role; credential from a secret ARN.',
      minimumLaunchRole: 'v1.1.0',
      retired: RETIRED_FREE_FORM,
    },
    {
      name: 'v1.1.0',
      description:
        'Same association and role; the sensor-download secret comes from the Falcon directory in this account ' +
        '(it can still be overridden), so nothing needs typing when launched by hand.',
      minimumLaunchRole: 'v1.3.0',
      retired: RETIRED_FREE_BOUNDARY,
    },
    {
      name: 'v1.2.0',
      description: 'Same association and role; the role carries the product boundary the launch role enforces (no boundary parameter).',
      minimumLaunchRole: BOUNDARY_LAUNCH_ROLE_VERSION,
    },
    {
      name: 'v1.3.0',
      description:
        'Same association, role and boundary; adds the installer options of CrowdStrike\'s automation document: the Linux and Windows sensor versions ' +
        'and installer parameters (sensor grouping tags, proxy), empty by default.',
      minimumLaunchRole: BOUNDARY_LAUNCH_ROLE_VERSION,
    },
  ],
  unsupportedReason: (partition) =>
    partition === 'aws-us-gov'
      ? 'CrowdStrike does not publish the Falcon Distributor package or its automation document in AWS GovCloud'
      : undefined,
  assignmentParameters: z
    .object({
      credentialsSecretArn: secretArn('credentialsSecretArn')
        .optional()
        .describe(
          'Secret holding {"ClientId","ClientSecret","Cloud"} of a Falcon API client with Sensor Download and ' +
            'Installation Tokens read scopes only; replicated to every assigned Region and readable by the ' +
            'organisation. Required for v1.0.0; from v1.1.0 defaults to portfolio.selfService.sensorDownloadSecretArn',
        ),
      action: z.enum(['Install', 'Uninstall']).optional(),
      documentVersion: pattern(DOCUMENT_VERSION_PATTERN, '$DEFAULT, $LATEST, or a version number of 3 or more').optional(),
      scheduleExpression: pattern(SCHEDULE_PATTERN, 'a State Manager cron(...) or rate(...) expression').optional(),
      maxErrors: pattern(MAX_ERRORS_PATTERN, 'a count such as 10 or a percentage such as 10%').optional(),
      maxConcurrency: pattern(MAX_CONCURRENCY_PATTERN, 'a count of at least 1 or a percentage such as 20%').optional(),
      applyOnlyAtCronInterval: z.boolean().optional(),
      targetTagKey: pattern(TAG_KEY_PATTERN, 'an EC2 tag key').optional(),
      targetTagValues: z.array(pattern(TAG_VALUE_PATTERN, 'an EC2 tag value without commas')).min(1).max(50).optional(),
      sensorTags: z
        .array(pattern(SENSOR_TAG_PATTERN, 'a sensor grouping tag: letters, digits, /, _ and -'))
        .min(1)
        .max(50)
        .optional()
        .describe('Falcon sensor grouping tags set at install (v1.3.0 and newer)'),
      proxy: z
        .object({
          host: pattern(PROXY_HOST_PATTERN, 'a host name or IP address'),
          port: z.number().int().min(1).max(65535),
        })
        .strict()
        .optional()
        .describe('The proxy the sensor connects through, set at install (v1.3.0 and newer)'),
      linuxPackageVersion: pattern(PACKAGE_VERSION_PATTERN, 'a sensor version such as 7.04.17600').optional(),
      windowsPackageVersion: pattern(PACKAGE_VERSION_PATTERN, 'a sensor version such as 7.04.17600').optional(),
      permissionsBoundaryPolicyName,
    })
    .strict()
    .refine((p) => (p.targetTagKey === undefined) === (p.targetTagValues === undefined), {
      message: 'give targetTagKey and targetTagValues together, or neither to target every managed instance',
    }),
  directoryEntries,
  manifestChecks: sensorSecretInDirectory('ssm-distributor', directoryEntries),
  templateParameters: (ctx) => {
    if (!DISTRIBUTOR_REGIONS.includes(ctx.region)) {
      throw new Error(`the Falcon Distributor package is not published in ${ctx.region}`);
    }
    const a = ctx.assignment;
    const str = (key: string, fallback: string) => (typeof a[key] === 'string' ? (a[key] as string) : fallback);
    const options = {
      Action: str('action', DEFAULTS.Action),
      DocumentVersion: str('documentVersion', DEFAULTS.DocumentVersion),
      ScheduleExpression: str('scheduleExpression', DEFAULTS.ScheduleExpression),
      MaxErrors: str('maxErrors', DEFAULTS.MaxErrors),
      MaxConcurrency: str('maxConcurrency', DEFAULTS.MaxConcurrency),
      ApplyOnlyAtCronInterval:
        typeof a.applyOnlyAtCronInterval === 'boolean' ? String(a.applyOnlyAtCronInterval) : DEFAULTS.ApplyOnlyAtCronInterval,
      TargetTagKey: str('targetTagKey', ''),
      TargetTagValues: Array.isArray(a.targetTagValues) ? a.targetTagValues.join(',') : '',
    };
    const installer = installerOptions(a);
    const legacy = WITHOUT_INSTALLER_OPTIONS.has(ctx.version);
    if (legacy && Object.values(installer).some((v) => v !== '')) {
      throw new Error(
        `ssm-distributor ${ctx.version} has no installer options: sensorTags, proxy and the package versions need ` +
          'v1.3.0 or newer',
      );
    }
    if (ctx.version !== 'v1.0.0') {
      // First, so a missing registration reads as MissingRegistrationError (the core waits for the hub).
      const revision = directoryRevision(directoryValues(ctx));
      return withBoundary(ctx, {
        ...directoryParameterNames({ SensorDownloadSecretArn: 'sensorDownloadSecretArn' }),
        CredentialsSecretArn: credentialsSecretOverride(ctx, 'ssm-distributor'),
        ...options,
        ...(legacy ? {} : installer),
        DirectoryRevision: revision,
      });
    }
    const arn = ctx.assignment.credentialsSecretArn;
    if (typeof arn !== 'string') throw new Error('ssm-distributor needs credentialsSecretArn in its assignment');
    assertSamePartition(arn, ctx, 'credentialsSecretArn');
    return withBoundary(ctx, {
      CredentialsSecretArn: secretArnInRegion(arn, ctx.region),
      ...options,
    });
  },
};

export const SSM_DISTRIBUTOR_DEFAULTS = DEFAULTS;

/**
 * The four installer parameters of CrowdStrike's `CrowdStrike-FalconSensorDeploy` document, from the assignment.
 * Parameter names and the option syntax per platform (Linux `--tags="…" --aph=<host> --app=<port>`, Windows
 * `GROUPING_TAGS="…" APP_PROXYNAME=<host> APP_PROXYPORT=<port>`) as github.com/CrowdStrike/aws-ssm-distributor
 * documents them (official-package/README.md and official-package/aws-organizations/ssm-association-stackset.yml @
 * 2b59c589ec2e56b250771dbce22427e5fb4dd2f2). Empty values leave CrowdStrike's defaults (N-1 sensor, no options).
 */
export function installerOptions(a: Readonly<Record<string, unknown>>): Record<string, string> {
  const tags = Array.isArray(a.sensorTags) ? (a.sensorTags as string[]).join(',') : '';
  const proxy = a.proxy as { host: string; port: number } | undefined;
  const linux = [tags ? `--tags="${tags}"` : '', proxy ? `--aph=${proxy.host} --app=${proxy.port}` : ''];
  const windows = [tags ? `GROUPING_TAGS="${tags}"` : '', proxy ? `APP_PROXYNAME=${proxy.host} APP_PROXYPORT=${proxy.port}` : ''];
  const joined = (parts: string[]) => parts.filter((part) => part !== '').join(' ');
  return {
    LinuxPackageVersion: typeof a.linuxPackageVersion === 'string' ? a.linuxPackageVersion : '',
    LinuxInstallerParams: joined(linux),
    WindowsPackageVersion: typeof a.windowsPackageVersion === 'string' ? a.windowsPackageVersion : '',
    WindowsInstallerParams: joined(windows),
  };
}
