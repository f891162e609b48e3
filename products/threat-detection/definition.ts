/** Registry entry for the threat-detection product (IOA + Identity Protection event forwarding). */
import { BOUNDARY_LAUNCH_ROLE_VERSION } from '../kit/product-boundary';
import { RETIRED_FREE_BOUNDARY, RETIRED_FREE_FORM } from '../kit/retired-versions';
import { z } from 'zod';
import { MissingRegistrationError, type ProductDefinition } from '../../vocabulary';
import { GLOBAL_EVENTS_REGION, eventBusTarget, forwardingPlan } from '../kit/ioa-forwarding';
import { assignedString, permissionsBoundaryPolicyName, prefixedRoleName, withBoundary } from '../kit/definition-helpers';
import { type DirectoryKey, directoryParameterNames, directoryRevision, directoryValues } from '../directory/entries';

/** The EventBridge role's name prefix; the launch role may pass only roles with it, and only to EventBridge. */
export const EVENTBRIDGE_ROLE_PREFIX = 'CrowdStrikeEventBridge';
export const DEFAULT_EVENTBRIDGE_ROLE_NAME = 'CrowdStrikeEventBridgeFalconCatalog';
/** Rule names start with `cs-`, CrowdStrike's convention; the launch role may manage only `rule/cs-*`. */
export const DEFAULT_RULE_NAME_PREFIX = 'cs-falcon-catalog';
export const RULE_NAME_PREFIX_PATTERN = '^cs-[a-z0-9-]{1,34}$';

/** v1.3.0's parameters read from the Falcon directory, by template logical ID: this Region's CrowdStrike bus. */
export const THREAT_DETECTION_BUS_PARAMETERS = {
  CrowdStrikeAccountId: 'eventBusAccountId',
  CrowdStrikeEventBusName: 'eventBusName',
  CrowdStrikeEventBusRegion: 'eventBusRegion',
} as const satisfies Record<string, DirectoryKey>;

/**
 * v1.1.0's and v1.2.0's parameters read from the Falcon directory: the bus, and the home Region that decided where the
 * one shared role went.
 */
export const THREAT_DETECTION_DIRECTORY_PARAMETERS = {
  ...THREAT_DETECTION_BUS_PARAMETERS,
  HomeRegion: 'homeRegion',
} as const satisfies Record<string, DirectoryKey>;

/**
 * From v1.3.0 each Region has its own EventBridge role, `<EventBridgeRoleName>-<Region>`: the name leaves room for
 * the longest Region code (15 characters with the dash) within IAM's 64.
 */
export const REGIONAL_ROLE_BASE_MAX_LENGTH = 48;

/** Directory-reading versions whose stacks share one EventBridge role, created by the home-Region stack. */
const SHARED_ROLE_VERSIONS: ReadonlySet<string> = new Set(['v1.1.0', 'v1.2.0']);

/**
 * The bus-Region override's AllowedPattern as the published templates declare it (stricter about the first letters
 * than the vocabulary's Region shape); the manifest checks the same pattern, so the template never refuses what
 * validation accepted. A new template version can use the vocabulary's REGION_PATTERN.
 */
export const BUS_REGION_OVERRIDE_PATTERN = '^(us|eu|ap|sa|ca|me|af|il|mx)(-gov)?-[a-z]+-\\d$';

export const THREAT_DETECTION: ProductDefinition<'threat-detection'> = {
  id: 'threat-detection',
  assignable: true,
  displayName: 'CrowdStrike Falcon - threat detection (IOA and Identity Protection)',
  description:
    'EventBridge rules that forward this Region\'s CloudTrail management events to CrowdStrike Falcon for ' +
    'Indicators of Attack and Identity Protection, through an EventBridge role that may put events only on ' +
    'CrowdStrike\'s bus.',
  regionScope: 'per-region',
  versions: [
    {
      name: 'v1.0.0',
      description: 'IOA and read-only CloudTrail rules to the CrowdStrike event bus; role in the home Region only.',
      minimumLaunchRole: 'v1.1.0',
      retired: RETIRED_FREE_FORM,
    },
    {
      name: 'v1.1.0',
      description:
        'Same rules and role; the CrowdStrike bus and the home Region come from the Falcon directory in this ' +
        'account, so nothing needs typing when launched by hand, in any Region.',
      minimumLaunchRole: 'v1.3.0',
      retired: RETIRED_FREE_BOUNDARY,
    },
    {
      name: 'v1.2.0',
      description: 'Same rules and role; the role carries the product boundary the launch role enforces (no boundary parameter).',
      minimumLaunchRole: BOUNDARY_LAUNCH_ROLE_VERSION,
    },
    {
      name: 'v1.3.0',
      description:
        'Same rules and boundary; each Region has its own EventBridge role (<name>-<Region>) that may put events only ' +
        'on the CrowdStrike bus of that Region, so GovCloud Regions reach their own buses, and no Region waits for ' +
        'another.',
      minimumLaunchRole: BOUNDARY_LAUNCH_ROLE_VERSION,
    },
  ],
  requiredRegions: (partition) => [
    {
      region: GLOBAL_EVENTS_REGION[partition],
      reason:
        `AWS delivers the CloudTrail events of IAM, STS, AWS Organizations and console sign-in to EventBridge only in ` +
        `${GLOBAL_EVENTS_REGION[partition]}, so without rules there IOA and Identity Protection miss every identity event`,
    },
  ],
  unsupportedReason: (partition, cloud) => {
    const plan = forwardingPlan(partition, cloud);
    return plan.mode === 'refused' ? plan.reason : undefined;
  },
  assignmentParameters: z
    .object({
      eventBridgeRoleName: prefixedRoleName('eventBridgeRoleName', EVENTBRIDGE_ROLE_PREFIX).optional(),
      ruleNamePrefix: z
        .string()
        .regex(new RegExp(RULE_NAME_PREFIX_PATTERN), 'ruleNamePrefix must start with cs- (lower case, at most 37 characters)')
        .optional(),
      crowdStrikeEventBusRegion: z
        .string()
        .regex(new RegExp(BUS_REGION_OVERRIDE_PATTERN), 'a Region code such as us-east-1')
        .optional()
        .describe('Override the Region of the CrowdStrike event bus; only when CrowdStrike support says so'),
      permissionsBoundaryPolicyName,
    })
    .strict(),
  directoryEntries: (version) => {
    if (version === 'v1.0.0') return [];
    return Object.values(SHARED_ROLE_VERSIONS.has(version) ? THREAT_DETECTION_DIRECTORY_PARAMETERS : THREAT_DETECTION_BUS_PARAMETERS);
  },
  templateParameters: (ctx) => {
    const reg = ctx.registration;
    if (!reg) throw new MissingRegistrationError('threat-detection');
    const plan = forwardingPlan(ctx.org.partition, ctx.org.falconCloud);
    if (plan.mode === 'refused') throw new Error(`threat-detection is not available: ${plan.reason}`);
    if (!reg.eventBusName) {
      throw new Error('the Falcon registration returned no event bus for IOA; re-run the hub registration with IOA enabled');
    }
    const override = ctx.assignment.crowdStrikeEventBusRegion;
    // Every version: this Region's bus must be known (a GovCloud list may name none for it); the reason is thrown.
    const bus = eventBusTarget(
      plan.mode,
      reg.eventBusName,
      reg.crowdStrikeAccountId,
      ctx.region,
      typeof override === 'string' ? override : undefined,
    );
    const roleName = assignedString(ctx, 'eventBridgeRoleName', DEFAULT_EVENTBRIDGE_ROLE_NAME);
    if (ctx.version !== 'v1.0.0') {
      const sharedRole = SHARED_ROLE_VERSIONS.has(ctx.version);
      if (!sharedRole && roleName.length > REGIONAL_ROLE_BASE_MAX_LENGTH) {
        throw new Error(
          `eventBridgeRoleName ${roleName} is longer than ${REGIONAL_ROLE_BASE_MAX_LENGTH} characters: from v1.3.0 the ` +
            'role is named <eventBridgeRoleName>-<Region>, which IAM limits to 64',
        );
      }
      return withBoundary(ctx, {
        ...directoryParameterNames(sharedRole ? THREAT_DETECTION_DIRECTORY_PARAMETERS : THREAT_DETECTION_BUS_PARAMETERS),
        CrowdStrikeEventBusRegionOverride: typeof override === 'string' ? override : '',
        EventBridgeRoleName: roleName,
        RuleNamePrefix: assignedString(ctx, 'ruleNamePrefix', DEFAULT_RULE_NAME_PREFIX),
        DirectoryRevision: directoryRevision(directoryValues(ctx)),
      });
    }
    return withBoundary(ctx, {
      CrowdStrikeAccountId: bus.accountId,
      CrowdStrikeEventBusName: bus.name,
      CrowdStrikeEventBusRegion: bus.region,
      // IAM is global: the home-Region stack creates the role, every other Region's rules use it by name.
      CreateEventBridgeRole: ctx.isHomeRegion ? 'true' : 'false',
      EventBridgeRoleName: roleName,
      RuleNamePrefix: assignedString(ctx, 'ruleNamePrefix', DEFAULT_RULE_NAME_PREFIX),
    });
  },
};
