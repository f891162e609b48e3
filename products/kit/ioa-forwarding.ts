/**
 * Where a member account's CloudTrail events go for IOA and Identity Protection, per partition pair
 * (as aws-ia/cfn-abi-crowdstrike-fcs maps them). Pure, so every case is unit-tested without synthesizing a template.
 *
 * - commercial AWS, commercial Falcon: every Region's rules target CrowdStrike's one commercial bus. The
 *   registration names the bus; its Region is us-east-1 unless the registration returns a full bus ARN (then
 *   that ARN's Region). EventBridge delivers cross-Region to another account's bus, so no per-Region bus is needed.
 * - GovCloud AWS, GovCloud Falcon: CrowdStrike runs a bus in each GovCloud Region and the API returns them as a
 *   comma-separated list, one per Region; each Region's rules target the bus of their own Region. A list that names
 *   no bus for a Region is an error with the reason, never the first bus of another Region.
 * - commercial AWS, GovCloud Falcon: refused. It needs CrowdStrike's forwarder function
 *   (`cs-horizon-ioa-lambda-<Region>/aws/aws-lambda-eventbridge.zip`), and that published artifact reads the Falcon
 *   API client ID and secret only from plaintext environment variables (`CS_CLIENT_ID`, `CS_CLIENT_SECRET`); it has
 *   no secret-reference mode, and rebuilding it is out of scope. docs/decisions.md#secrets-stay-in-the-hub forbids credentials in Lambda
 *   environments, so the product is not offered for this pair rather than shipped half-working.
 * - GovCloud AWS, commercial Falcon: refused; a commercial tenant cannot receive GovCloud events.
 */
import { GOV_FALCON_CLOUDS, type FalconCloud, type Partition } from '../../vocabulary';

/**
 * Where AWS delivers the CloudTrail events of its global services (IAM, STS, AWS Organizations, console sign-in) to
 * EventBridge, per partition: EventBridge receives CloudTrail events on each Region's own default bus, and those
 * services record their events in one Region only. Rules elsewhere never see them.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events
 * https://repost.aws/knowledge-center/eventbridge-rule-triggers-iam-single-region
 */
export const GLOBAL_EVENTS_REGION: Readonly<Record<Partition, string>> = {
  aws: 'us-east-1',
  'aws-us-gov': 'us-gov-west-1',
};

/** Region of CrowdStrike's commercial event bus when the registration returns only its name. */
export const COMMERCIAL_EVENT_BUS_REGION = 'us-east-1';

export type ForwardingMode = 'commercial-to-commercial' | 'govcloud-to-govcloud';

export type ForwardingPlan =
  | { readonly mode: ForwardingMode }
  | { readonly mode: 'refused'; readonly reason: string };

export function forwardingPlan(partition: Partition, cloud: FalconCloud): ForwardingPlan {
  const govFalcon = GOV_FALCON_CLOUDS.includes(cloud);
  if (partition === 'aws' && !govFalcon) return { mode: 'commercial-to-commercial' };
  if (partition === 'aws-us-gov' && govFalcon) return { mode: 'govcloud-to-govcloud' };
  if (partition === 'aws') {
    return {
      mode: 'refused',
      reason:
        'commercial AWS with a GovCloud Falcon tenant needs CrowdStrike\'s IOA forwarder function, whose published ' +
        'artifact takes the Falcon API client secret only as a plaintext Lambda environment variable; this package ' +
        'never puts a Falcon credential in a Lambda environment. IOM and sensor management still work for this pair',
    };
  }
  return {
    mode: 'refused',
    reason: `a commercial Falcon tenant (${cloud}) cannot receive events from AWS GovCloud (aws-us-gov) accounts`,
  };
}

export interface EventBusTarget {
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
}

const BUS_ARN = /^arn:(aws|aws-us-gov):events:([a-z0-9-]+):(\d{12}):event-bus\/([\w.\-/]+)$/;

interface BusEntry {
  readonly raw: string;
  readonly region?: string;
  readonly accountId?: string;
  readonly name: string;
}

function parseEntry(entry: string): BusEntry {
  const raw = entry.trim();
  const match = BUS_ARN.exec(raw);
  if (match) return { raw, region: match[2], accountId: match[3], name: match[4] };
  return { raw, name: raw };
}

/**
 * The GovCloud bus for `region`: the only one when the registration names one (a bare name is CrowdStrike's bus
 * name in every Region, as the reference system used it), else the entry whose ARN is in that Region or whose name
 * contains the Region code (what CrowdStrike's Terraform module matches on, modules/realtime-visibility/rules.tf).
 */
function govCloudEntry(entries: readonly BusEntry[], region: string): BusEntry {
  if (entries.length === 1) return entries[0];
  const mine = entries.filter((e) => (e.region ? e.region === region : e.raw.includes(region)));
  if (mine.length === 1) return mine[0];
  throw new Error(
    `the Falcon registration lists ${entries.length} CrowdStrike event buses (${entries.map((e) => e.raw).join(', ')}) ` +
      `but ${mine.length === 0 ? 'none' : 'more than one'} for ${region}, so IOA cannot forward that Region's events; ` +
      'ask CrowdStrike support which bus serves it',
  );
}

/**
 * The CrowdStrike bus that rules in `ruleRegion` target.
 * `registered` is what the registration returned: a name, a bus ARN, or (GovCloud) a comma-separated list of them,
 * one per Region. Throws, with the reason, when a GovCloud list names no bus for `ruleRegion`.
 */
export function eventBusTarget(
  mode: ForwardingMode,
  registered: string,
  crowdStrikeAccountId: string,
  ruleRegion: string,
  regionOverride?: string,
): EventBusTarget {
  const entries = registered
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')
    .map(parseEntry);
  if (entries.length === 0) throw new Error('the Falcon registration returned an empty event bus name');

  if (mode === 'govcloud-to-govcloud') {
    const entry = govCloudEntry(entries, ruleRegion);
    return { accountId: entry.accountId ?? crowdStrikeAccountId, region: regionOverride ?? entry.region ?? ruleRegion, name: entry.name };
  }
  const [entry] = entries;
  return {
    accountId: entry.accountId ?? crowdStrikeAccountId,
    region: regionOverride ?? entry.region ?? COMMERCIAL_EVENT_BUS_REGION,
    name: entry.name,
  };
}
