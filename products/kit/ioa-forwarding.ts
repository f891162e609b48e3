/**
 * Where a member account's CloudTrail events go for IOA and Identity Protection, per partition pair
 * (as aws-ia/cfn-abi-crowdstrike-fcs maps them). Pure, so every case is unit-tested without synthesizing a template.
 *
 * - commercial AWS, commercial Falcon: every Region's rules target CrowdStrike's one commercial bus. The
 *   registration names the bus; its Region is us-east-1 unless the registration returns a full bus ARN (then
 *   that ARN's Region). EventBridge delivers cross-Region to another account's bus, so no per-Region bus is needed.
 * - GovCloud AWS, GovCloud Falcon: CrowdStrike runs a bus in each GovCloud Region and the API returns them as a
 *   comma-separated list; each Region's rules target the bus in their own Region (same name), falling back to the
 *   first entry's name when the list names no bus in that Region.
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

function parseEntry(entry: string): { region?: string; accountId?: string; name: string } {
  const match = BUS_ARN.exec(entry.trim());
  if (match) return { region: match[2], accountId: match[3], name: match[4] };
  return { name: entry.trim() };
}

/**
 * The CrowdStrike bus that rules in `ruleRegion` target.
 * `registered` is what the registration returned: a name, a bus ARN, or (GovCloud) a comma-separated list of them.
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
    const entry = entries.find((e) => e.region === ruleRegion) ?? entries[0];
    return { accountId: entry.accountId ?? crowdStrikeAccountId, region: regionOverride ?? ruleRegion, name: entry.name };
  }
  const [entry] = entries;
  return {
    accountId: entry.accountId ?? crowdStrikeAccountId,
    region: regionOverride ?? entry.region ?? COMMERCIAL_EVENT_BUS_REGION,
    name: entry.name,
  };
}
