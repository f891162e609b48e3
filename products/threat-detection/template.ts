/**
 * Threat-detection product (IOA + Identity Protection): in each Region, two EventBridge rules on the default bus
 * forward CloudTrail management events to CrowdStrike's event bus of that Region, through that Region's own
 * EventBridge role (v1.3.0; v1.0.0 to v1.2.0 shared one role, created by the home-Region stack).
 *
 * Event patterns are CrowdStrike's (as in aws-ia/cfn-abi-crowdstrike-fcs). Rule names are `<prefix>-cloudtrail-*` instead of the
 * reference's fixed `cs-cloudtrail-events-*-rule`: a prefix parameter lets a second installation (or CrowdStrike's
 * own onboarding template) coexist in one account and Region, while the required `cs-` start keeps the names
 * inside what the launch role may manage. Identity Protection uses the same events; it needs nothing more here.
 */
import { FalconProductStack } from '../kit/falcon-product-stack';
import { Aws, CfnCondition, CfnOutput, Fn } from 'aws-cdk-lib';
import { CfnRule } from 'aws-cdk-lib/aws-events';
import { CfnRole, PolicyDocument, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ProductStackProps } from 'aws-cdk-lib/aws-servicecatalog';
import { Construct } from 'constructs';
import {
  BUS_REGION_OVERRIDE_PATTERN,
  DEFAULT_EVENTBRIDGE_ROLE_NAME,
  DEFAULT_RULE_NAME_PREFIX,
  EVENTBRIDGE_ROLE_PREFIX,
  REGIONAL_ROLE_BASE_MAX_LENGTH,
  RULE_NAME_PREFIX_PATTERN,
  THREAT_DETECTION_BUS_PARAMETERS,
} from './definition';
import { directoryParameter, directoryRevisionParameter } from '../kit/directory-parameters';
import { ProductParameters, productBoundary } from '../kit/product-parameters';

/** Mutating calls, minus high-volume data-plane writes that carry no attack signal. */
export const IOA_EVENT_PATTERN = {
  source: [{ prefix: 'aws.' }],
  'detail-type': [{ suffix: 'via CloudTrail' }],
  detail: {
    eventName: [{ 'anything-but': ['InvokeExecution', 'Invoke', 'UploadPart', 'PutObject', 'InitiateReplication', 'Publish'] }],
    readOnly: [false],
  },
};

/** Read-only calls, minus the noisiest data reads; role assumptions count unless AWS services make them. */
export const READ_ONLY_EVENT_PATTERN = {
  source: [{ prefix: 'aws.' }],
  'detail-type': [{ suffix: 'via CloudTrail' }],
  detail: { readOnly: [true] },
  $or: [
    {
      detail: {
        eventName: [
          {
            'anything-but': [
              'GetObject', 'Encrypt', 'Decrypt', 'HeadObject', 'ListObjects', 'GenerateDataKey', 'Sign', 'AssumeRole',
              'GetObjectTagging', 'GetObjectAcl',
            ],
          },
        ],
      },
    },
    { detail: { eventName: ['AssumeRole'], userIdentity: { type: [{ 'anything-but': ['AWSService'] }] } } },
  ],
};

export const TARGET_ID = 'CrowdStrikeCentralizeEvents';

/**
 * Builds the newest version, v1.3.0: this Region's bus comes from the Falcon directory in the launching account (so
 * a hand launch needs no input), and the stack creates its own EventBridge role, `<EventBridgeRoleName>-<Region>`,
 * allowed to put events on exactly that bus and usable only by this stack's rules. In GovCloud each Region thus
 * reaches its own CrowdStrike bus, and no Region's stack depends on another's. v1.0.0 to v1.2.0 (one role, created
 * in the home Region) are published from their snapshots.
 */
export class ThreatDetectionProduct extends FalconProductStack {
  constructor(scope: Construct, id: string, props: ProductStackProps = {}) {
    super(scope, id, props);
    const params = new ProductParameters(this);

    params.group('CrowdStrike event bus of this Region (from the Falcon directory in this account)');
    const [csAccount, busName, directoryBusRegion] = Object.entries(THREAT_DETECTION_BUS_PARAMETERS).map(([logicalId, key]) =>
      directoryParameter(params, logicalId, key),
    );
    const busRegionOverride = params.add('CrowdStrikeEventBusRegionOverride', {
      label: 'CrowdStrike event bus Region override (optional)',
      description: 'Leave empty for the directory\'s bus Region. Set it only when CrowdStrike support says so.',
      type: 'String',
      default: '',
      allowedPattern: `^$|${BUS_REGION_OVERRIDE_PATTERN}`,
      constraintDescription: 'empty, or a Region code such as us-east-1',
    });

    params.group('Rules and role');
    const baseMax = REGIONAL_ROLE_BASE_MAX_LENGTH - EVENTBRIDGE_ROLE_PREFIX.length;
    const roleName = params.add('EventBridgeRoleName', {
      label: 'EventBridge role name',
      description:
        `Role EventBridge uses to put events on the CrowdStrike bus; the stack names it <this>-<Region>. Must start ` +
        `with ${EVENTBRIDGE_ROLE_PREFIX}, at most ${REGIONAL_ROLE_BASE_MAX_LENGTH} characters.`,
      type: 'String',
      default: DEFAULT_EVENTBRIDGE_ROLE_NAME,
      allowedPattern: `^${EVENTBRIDGE_ROLE_PREFIX}[\\w+=,.@-]{0,${baseMax}}$`,
      constraintDescription: `starts with ${EVENTBRIDGE_ROLE_PREFIX}; at most ${REGIONAL_ROLE_BASE_MAX_LENGTH} characters`,
    });
    const rulePrefix = params.add('RuleNamePrefix', {
      label: 'Rule name prefix',
      description: 'Start of both rule names; must start with cs-. Change it only to run two installations side by side.',
      type: 'String',
      default: DEFAULT_RULE_NAME_PREFIX,
      allowedPattern: RULE_NAME_PREFIX_PATTERN,
      constraintDescription: 'cs- followed by lower-case letters, digits and dashes; at most 37 characters',
    });
    const applyBoundary = productBoundary();
    directoryRevisionParameter(this, params);
    params.writeInterface();

    const hasOverride = new CfnCondition(this, 'HasEventBusRegionOverride', {
      expression: Fn.conditionNot(Fn.conditionEquals(busRegionOverride.valueAsString, '')),
    });
    const busRegion = Fn.conditionIf(
      hasOverride.logicalId,
      busRegionOverride.valueAsString,
      directoryBusRegion.valueAsString,
    ).toString();
    const busArn = `arn:${Aws.PARTITION}:events:${busRegion}:${csAccount.valueAsString}:event-bus/${busName.valueAsString}`;

    const role = new CfnRole(this, 'EventBridgeRole', {
      roleName: `${roleName.valueAsString}-${Aws.REGION}`,
      description: 'CrowdStrike Falcon: EventBridge puts this Region\'s CloudTrail events on the CrowdStrike event bus (IOA)',
      assumeRolePolicyDocument: new PolicyDocument({
        statements: [
          new PolicyStatement({
            actions: ['sts:AssumeRole'],
            principals: [new ServicePrincipal('events.amazonaws.com')],
            // Only this stack's rules may use the role (confused-deputy protection).
            conditions: {
              StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
              ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:rule/${rulePrefix.valueAsString}-*` },
            },
          }),
        ],
      }).toJSON(),
      policies: [
        {
          policyName: 'put-events-to-crowdstrike',
          policyDocument: new PolicyDocument({
            statements: [new PolicyStatement({ actions: ['events:PutEvents'], resources: [busArn] })],
          }).toJSON(),
        },
      ],
    });
    applyBoundary(role);

    const rule = (logicalId: string, suffix: string, description: string, eventPattern: object) =>
      new CfnRule(this, logicalId, {
        name: `${rulePrefix.valueAsString}-${suffix}`,
        description,
        eventPattern,
        state: 'ENABLED',
        targets: [{ id: TARGET_ID, arn: busArn, roleArn: role.attrArn }],
      });
    rule('IoaRule', 'cloudtrail-ioa', 'CrowdStrike Falcon IOA: mutating CloudTrail events', IOA_EVENT_PATTERN);
    rule(
      'ReadOnlyRule',
      'cloudtrail-readonly',
      'CrowdStrike Falcon IOA and Identity Protection: read-only CloudTrail events',
      READ_ONLY_EVENT_PATTERN,
    );

    new CfnOutput(this, 'CrowdStrikeEventBusArn', { value: busArn, description: 'Where this Region sends events' });
    new CfnOutput(this, 'EventBridgeRoleArn', { value: role.attrArn, description: 'This Region\'s forwarding role' });
  }
}
