/**
 * Threat-detection product (IOA + Identity Protection): in each Region, two EventBridge rules on the default bus
 * forward CloudTrail management events to CrowdStrike's event bus, through an EventBridge role that exists once
 * per account (created by the home-Region stack, referenced by name elsewhere).
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
  RULE_NAME_PREFIX_PATTERN,
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
 * Builds the newest version, v1.1.0: the bus and the home Region come from the Falcon directory in the launching
 * account, and the home-Region stack creates the role by comparing Regions, so a hand launch needs no input.
 * v1.0.0 (every value a parameter, `CreateEventBridgeRole` chosen by the caller) is published from its snapshot.
 */
export class ThreatDetectionProduct extends FalconProductStack {
  constructor(scope: Construct, id: string, props: ProductStackProps = {}) {
    super(scope, id, props);
    const params = new ProductParameters(this);

    params.group('CrowdStrike event bus (from the Falcon directory in this account)');
    const csAccount = directoryParameter(params, 'CrowdStrikeAccountId', 'eventBusAccountId');
    const busName = directoryParameter(params, 'CrowdStrikeEventBusName', 'eventBusName');
    const directoryBusRegion = directoryParameter(params, 'CrowdStrikeEventBusRegion', 'eventBusRegion');
    const homeRegion = directoryParameter(params, 'HomeRegion', 'homeRegion');
    const busRegionOverride = params.add('CrowdStrikeEventBusRegionOverride', {
      label: 'CrowdStrike event bus Region override (optional)',
      description: 'Leave empty for the directory\'s bus Region. Set it only when CrowdStrike support says so.',
      type: 'String',
      default: '',
      allowedPattern: `^$|${BUS_REGION_OVERRIDE_PATTERN}`,
      constraintDescription: 'empty, or a Region code such as us-east-1',
    });

    params.group('Rules and role');
    const roleName = params.add('EventBridgeRoleName', {
      label: 'EventBridge role name',
      description: `Role EventBridge uses to put events on the CrowdStrike bus. Must start with ${EVENTBRIDGE_ROLE_PREFIX}.`,
      type: 'String',
      default: DEFAULT_EVENTBRIDGE_ROLE_NAME,
      allowedPattern: `^${EVENTBRIDGE_ROLE_PREFIX}[\\w+=,.@-]{0,${64 - EVENTBRIDGE_ROLE_PREFIX.length}}$`,
      constraintDescription: `starts with ${EVENTBRIDGE_ROLE_PREFIX}; at most 64 characters`,
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
    // IAM is global: the stack in the home Region creates the role, every other Region's rules use it by name.
    const createHere = new CfnCondition(this, 'CreateEventBridgeRoleHere', {
      expression: Fn.conditionEquals(Aws.REGION, homeRegion.valueAsString),
    });

    const role = new CfnRole(this, 'EventBridgeRole', {
      roleName: roleName.valueAsString,
      description: 'CrowdStrike Falcon: EventBridge puts CloudTrail events on the CrowdStrike event bus (IOA)',
      assumeRolePolicyDocument: new PolicyDocument({
        statements: [
          new PolicyStatement({
            actions: ['sts:AssumeRole'],
            principals: [new ServicePrincipal('events.amazonaws.com')],
            // Only this account's rules may use the role (confused-deputy protection).
            conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
          }),
        ],
      }).toJSON(),
      policies: [
        {
          policyName: 'put-events-to-crowdstrike',
          policyDocument: new PolicyDocument({
            statements: [
              new PolicyStatement({
                actions: ['events:PutEvents'],
                // One role serves every Region. Commercial rules all target one bus; in GovCloud each Region has
                // its own CrowdStrike bus of the same name. Pinned to CrowdStrike's account and the bus name.
                resources: [
                  `arn:${Aws.PARTITION}:events:*:${csAccount.valueAsString}:event-bus/${busName.valueAsString}`,
                ],
              }),
            ],
          }).toJSON(),
        },
      ],
    });
    role.cfnOptions.condition = createHere;
    applyBoundary(role);

    // The home-Region rules reference the role itself, so they wait for it; elsewhere it is addressed by name.
    const roleArn = Fn.conditionIf(
      createHere.logicalId,
      role.attrArn,
      `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${roleName.valueAsString}`,
    ).toString();

    const rule = (logicalId: string, suffix: string, description: string, eventPattern: object) =>
      new CfnRule(this, logicalId, {
        name: `${rulePrefix.valueAsString}-${suffix}`,
        description,
        eventPattern,
        state: 'ENABLED',
        targets: [{ id: TARGET_ID, arn: busArn, roleArn }],
      });
    rule('IoaRule', 'cloudtrail-ioa', 'CrowdStrike Falcon IOA: mutating CloudTrail events', IOA_EVENT_PATTERN);
    rule(
      'ReadOnlyRule',
      'cloudtrail-readonly',
      'CrowdStrike Falcon IOA and Identity Protection: read-only CloudTrail events',
      READ_ONLY_EVENT_PATTERN,
    );

    new CfnOutput(this, 'CrowdStrikeEventBusArn', { value: busArn, description: 'Where this Region sends events' });
  }
}
