import { beforeAll, describe, expect, it } from 'vitest';
import { THREAT_DETECTION } from '../../products/definitions/threat-detection';
import { IOA_EVENT_PATTERN, READ_ONLY_EVENT_PATTERN, TARGET_ID } from '../../products/threat-detection';
import { Json, evaluator, resource, resourcesOfType, statementsOf, synthesizeProducts } from './product-templates';
import { contextFor, REGISTRATION } from './contexts';

describe('threat-detection product template', () => {
  let template: Json;

  beforeAll(() => {
    template = synthesizeProducts().template('threat-detection');
  });

  it('pins CrowdStrike\'s two event patterns', () => {
    const rules = resourcesOfType(template, 'AWS::Events::Rule');
    expect(rules).toHaveLength(2);
    expect(resource(template, 'IoaRule').Properties.EventPattern).toEqual({
      source: [{ prefix: 'aws.' }],
      'detail-type': [{ suffix: 'via CloudTrail' }],
      detail: {
        eventName: [
          { 'anything-but': ['InvokeExecution', 'Invoke', 'UploadPart', 'PutObject', 'InitiateReplication', 'Publish'] },
        ],
        readOnly: [false],
      },
    });
    expect(resource(template, 'ReadOnlyRule').Properties.EventPattern).toEqual({
      source: [{ prefix: 'aws.' }],
      'detail-type': [{ suffix: 'via CloudTrail' }],
      detail: { readOnly: [true] },
      $or: [
        {
          detail: {
            eventName: [
              {
                'anything-but': [
                  'GetObject', 'Encrypt', 'Decrypt', 'HeadObject', 'ListObjects', 'GenerateDataKey', 'Sign',
                  'AssumeRole', 'GetObjectTagging', 'GetObjectAcl',
                ],
              },
            ],
          },
        },
        { detail: { eventName: ['AssumeRole'], userIdentity: { type: [{ 'anything-but': ['AWSService'] }] } } },
      ],
    });
    expect([IOA_EVENT_PATTERN, READ_ONLY_EVENT_PATTERN]).toEqual(rules.map((r) => r.Properties.EventPattern));
  });

  const partitionCases = [
    {
      name: 'commercial → commercial: every Region sends to CrowdStrike\'s bus in us-east-1',
      ctx: contextFor({ region: 'eu-west-1', isHomeRegion: false }),
      pseudo: { Partition: 'aws', Region: 'eu-west-1', AccountId: '222222222222' },
      busArn: 'arn:aws:events:us-east-1:292230061137:event-bus/cs-tenant-bus',
      roleArn: 'arn:aws:iam::222222222222:role/CrowdStrikeEventBridgeFalconCatalog',
    },
    {
      name: 'GovCloud → GovCloud: each Region sends to the CrowdStrike bus in its own Region',
      ctx: contextFor({
        partition: 'aws-us-gov',
        cloud: 'us-gov-1',
        region: 'us-gov-east-1',
        isHomeRegion: false,
        eventBusName:
          'arn:aws-us-gov:events:us-gov-west-1:358431324613:event-bus/cs-gov-bus,' +
          'arn:aws-us-gov:events:us-gov-east-1:358431324613:event-bus/cs-gov-bus',
      }),
      pseudo: { Partition: 'aws-us-gov', Region: 'us-gov-east-1', AccountId: '222222222222' },
      busArn: 'arn:aws-us-gov:events:us-gov-east-1:358431324613:event-bus/cs-gov-bus',
      roleArn: 'arn:aws-us-gov:iam::222222222222:role/CrowdStrikeEventBridgeFalconCatalog',
    },
  ];

  for (const c of partitionCases) {
    it(`targets the right bus with the EventBridge role: ${c.name}`, () => {
      const { evaluate } = evaluator(template, THREAT_DETECTION.templateParameters(c.ctx), c.pseudo);
      for (const rule of resourcesOfType(template, 'AWS::Events::Rule')) {
        const [target] = evaluate(rule.Properties.Targets) as Json[];
        expect(target).toEqual({ Id: TARGET_ID, Arn: c.busArn, RoleArn: c.roleArn });
      }
    });
  }

  it('creates the EventBridge role only where CreateEventBridgeRole is true (the home Region)', () => {
    const role = resource(template, 'EventBridgeRole');
    expect(role.Condition).toBe('CreateEventBridgeRoleHere');
    const home = evaluator(template, THREAT_DETECTION.templateParameters(contextFor({ isHomeRegion: true })), {});
    const other = evaluator(template, THREAT_DETECTION.templateParameters(contextFor({ isHomeRegion: false })), {});
    expect(home.condition('CreateEventBridgeRoleHere')).toBe(true);
    expect(other.condition('CreateEventBridgeRoleHere')).toBe(false);
    // In the home Region the rules reference the role resource, so CloudFormation creates it first.
    const roleArn = resource(template, 'IoaRule').Properties.Targets[0].RoleArn;
    expect(roleArn['Fn::If'][0]).toBe('CreateEventBridgeRoleHere');
    expect(roleArn['Fn::If'][1]).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^EventBridgeRole/), 'Arn'] });
  });

  it('lets only EventBridge of this account assume the role, to put events on the CrowdStrike bus only', () => {
    const role = resource(template, 'EventBridgeRole');
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    const { evaluate } = evaluator(template, THREAT_DETECTION.templateParameters(contextFor({})), {
      Partition: 'aws',
    });
    expect(evaluate(statementsOf(role))).toEqual([
      { Action: 'events:PutEvents', Effect: 'Allow', Resource: 'arn:aws:events:*:292230061137:event-bus/cs-tenant-bus' },
    ]);
  });

  it('names the rules from the cs- prefix parameter, so two installations can coexist', () => {
    const { evaluate } = evaluator(
      template,
      THREAT_DETECTION.templateParameters(contextFor({ assignment: { ruleNamePrefix: 'cs-second' } })),
      {},
    );
    expect(resourcesOfType(template, 'AWS::Events::Rule').map((r) => evaluate(r.Properties.Name))).toEqual([
      'cs-second-cloudtrail-ioa',
      'cs-second-cloudtrail-readonly',
    ]);
    expect(template.Parameters.RuleNamePrefix.AllowedPattern).toBe('^cs-[a-z0-9-]{1,34}$');
  });
});

describe('threat-detection templateParameters', () => {
  it('commercial → commercial, home Region: creates the role; bus Region us-east-1 from a bare bus name', () => {
    expect(THREAT_DETECTION.templateParameters(contextFor({ isHomeRegion: true }))).toEqual({
      CrowdStrikeAccountId: REGISTRATION.crowdStrikeAccountId,
      CrowdStrikeEventBusName: 'cs-tenant-bus',
      CrowdStrikeEventBusRegion: 'us-east-1',
      CreateEventBridgeRole: 'true',
      EventBridgeRoleName: 'CrowdStrikeEventBridgeFalconCatalog',
      RuleNamePrefix: 'cs-falcon-catalog',
    });
  });

  it('commercial → commercial: a full bus ARN from the registration gives its own Region and account', () => {
    const params = THREAT_DETECTION.templateParameters(
      contextFor({ region: 'us-west-2', eventBusName: 'arn:aws:events:us-east-2:123456789012:event-bus/cs-other' }),
    );
    expect(params).toMatchObject({
      CrowdStrikeAccountId: '123456789012',
      CrowdStrikeEventBusName: 'cs-other',
      CrowdStrikeEventBusRegion: 'us-east-2',
      CreateEventBridgeRole: 'false',
    });
  });

  it('GovCloud → GovCloud: parses the comma-separated list and uses this Region\'s bus', () => {
    const ctx = (region: string, eventBusName: string) =>
      contextFor({ partition: 'aws-us-gov', cloud: 'us-gov-2', region, eventBusName });
    expect(THREAT_DETECTION.templateParameters(ctx('us-gov-west-1', 'cs-gov-a, cs-gov-b'))).toMatchObject({
      CrowdStrikeEventBusName: 'cs-gov-a',
      CrowdStrikeEventBusRegion: 'us-gov-west-1',
    });
    const arns =
      'arn:aws-us-gov:events:us-gov-west-1:358431324613:event-bus/cs-west,' +
      'arn:aws-us-gov:events:us-gov-east-1:358431324613:event-bus/cs-east';
    expect(THREAT_DETECTION.templateParameters(ctx('us-gov-east-1', arns))).toMatchObject({
      CrowdStrikeAccountId: '358431324613',
      CrowdStrikeEventBusName: 'cs-east',
      CrowdStrikeEventBusRegion: 'us-gov-east-1',
    });
  });

  it('commercial AWS with GovCloud Falcon, and GovCloud AWS with commercial Falcon, are refused with the reason', () => {
    expect(THREAT_DETECTION.unsupportedReason('aws', 'us-gov-1')).toMatch(/plaintext Lambda environment variable/);
    expect(THREAT_DETECTION.unsupportedReason('aws-us-gov', 'us-1')).toMatch(/commercial Falcon tenant/);
    expect(THREAT_DETECTION.unsupportedReason('aws', 'eu-1')).toBeUndefined();
    expect(THREAT_DETECTION.unsupportedReason('aws-us-gov', 'us-gov-2')).toBeUndefined();
    expect(() => THREAT_DETECTION.templateParameters(contextFor({ cloud: 'us-gov-1' }))).toThrow(/not available/);
  });

  it('needs the registration and its event bus', () => {
    expect(() => THREAT_DETECTION.templateParameters(contextFor({ registration: null }))).toThrow(/hub stack first/);
    expect(() => THREAT_DETECTION.templateParameters(contextFor({ eventBusName: null }))).toThrow(/no event bus/);
  });

  it('accepts only known assignment parameters, with the name prefixes the launch role is scoped to', () => {
    const schema = THREAT_DETECTION.assignmentParameters;
    expect(schema.safeParse({ eventBridgeRoleName: 'CrowdStrikeEventBridgeSecond' }).success).toBe(true);
    expect(schema.safeParse({ eventBridgeRoleName: 'MyRole' }).success).toBe(false);
    expect(schema.safeParse({ ruleNamePrefix: 'my-rules' }).success).toBe(false);
    expect(schema.safeParse({ unknownKey: 1 }).success).toBe(false);
  });
});
