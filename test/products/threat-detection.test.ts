/**
 * The threat-detection product in its versions: v1.0.0 to v1.2.0 from their committed snapshots (what existing
 * provisioned products run: one role, created in the home Region), v1.3.0 as the class builds it (a role per Region,
 * allowed only that Region's CrowdStrike bus, under the product boundary). Templates are evaluated with the registry's
 * templateParameters; the directory-reading versions also with no input at all (a hand launch).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DIRECTORY_REVISION_DEFAULT,
  directoryRevision,
  directoryValues,
} from '../../products/directory/entries';
import {
  THREAT_DETECTION,
  THREAT_DETECTION_BUS_PARAMETERS,
  THREAT_DETECTION_DIRECTORY_PARAMETERS,
} from '../../products/threat-detection/definition';
import { SSM_STRING_PARAMETER_TYPE } from '../../products/kit/directory-parameters';
import { MissingRegistrationError } from '../../vocabulary';
import { IOA_EVENT_PATTERN, READ_ONLY_EVENT_PATTERN, TARGET_ID } from '../../products/threat-detection/template';
import { type ContextOptions, contextFor } from './contexts';
import {
  evaluator,
  fakeDirectory,
  type Json,
  resource,
  resourcesOfType,
  snapshotTemplate,
  statementsOf,
  stripBoundaries,
  synthesizeProducts,
} from './product-templates';
import { expectDirectoryDefaults, expectLaunchableWithoutInput } from './directory-contract';

const GOV_BUSES =
  'arn:aws-us-gov:events:us-gov-west-1:358431324613:event-bus/cs-gov-bus,' +
  'arn:aws-us-gov:events:us-gov-east-1:358431324613:event-bus/cs-gov-bus';

/** The account and Region CloudFormation runs the stack in, as the pseudo parameters of that launch. */
function pseudoOf(options: ContextOptions): Record<string, string> {
  const ctx = contextFor(options);
  return { Partition: ctx.org.partition, Region: ctx.region, AccountId: ctx.accountId };
}

/** The template's evaluator for the automated launch of `version` in the account and Region of `options`. */
function automated(template: Json, version: string, options: ContextOptions) {
  const ctx = contextFor({ ...options, version });
  return evaluator(template, THREAT_DETECTION.templateParameters(ctx), pseudoOf(options), fakeDirectory(ctx));
}

/** What CloudFormation creates: the role (or null where its condition is false), the rules and the bus output. */
function created(template: Json, e: ReturnType<typeof evaluator>): Json {
  const role = resource(template, 'EventBridgeRole');
  return {
    role: role.Condition === undefined || e.condition(role.Condition) ? e.evaluate(role.Properties) : null,
    rules: resourcesOfType(template, 'AWS::Events::Rule').map((r) => e.evaluate(r.Properties)),
    busArn: e.evaluate(template.Outputs.CrowdStrikeEventBusArn.Value),
  };
}

const PARTITION_CASES = [
  {
    name: 'commercial → commercial: every Region sends to CrowdStrike\'s bus in us-east-1',
    options: { region: 'eu-west-1' } as ContextOptions,
    busArn: 'arn:aws:events:us-east-1:292230061137:event-bus/cs-tenant-bus',
    roleArn: 'arn:aws:iam::222222222222:role/CrowdStrikeEventBridgeFalconCatalog',
    regionalRoleArn: 'arn:aws:iam::222222222222:role/CrowdStrikeEventBridgeFalconCatalog-eu-west-1',
  },
  {
    name: 'GovCloud → GovCloud: each Region sends to the CrowdStrike bus in its own Region',
    options: { partition: 'aws-us-gov', cloud: 'us-gov-1', region: 'us-gov-east-1', eventBusName: GOV_BUSES } as ContextOptions,
    busArn: 'arn:aws-us-gov:events:us-gov-east-1:358431324613:event-bus/cs-gov-bus',
    roleArn: 'arn:aws-us-gov:iam::222222222222:role/CrowdStrikeEventBridgeFalconCatalog',
    regionalRoleArn: 'arn:aws-us-gov:iam::222222222222:role/CrowdStrikeEventBridgeFalconCatalog-us-gov-east-1',
  },
];

/** Assertions that hold for every version, evaluated with that version's automated parameters. */
function describeForwarding(version: string, load: () => Json) {
  it(`${version}: pins CrowdStrike's two event patterns`, () => {
    const template = load();
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

  for (const c of PARTITION_CASES) {
    it(`${version}: targets the right bus with the EventBridge role: ${c.name}`, () => {
      const template = load();
      const { evaluate } = automated(template, version, c.options);
      for (const rule of resourcesOfType(template, 'AWS::Events::Rule')) {
        const [target] = evaluate(rule.Properties.Targets) as Json[];
        expect(target).toEqual({ Id: TARGET_ID, Arn: c.busArn, RoleArn: version === 'v1.3.0' ? c.regionalRoleArn : c.roleArn });
      }
    });
  }

  it(`${version}: names the rules from the cs- prefix parameter, so two installations can coexist`, () => {
    const template = load();
    const { evaluate } = automated(template, version, { assignment: { ruleNamePrefix: 'cs-second' } });
    expect(resourcesOfType(template, 'AWS::Events::Rule').map((r) => evaluate(r.Properties.Name))).toEqual([
      'cs-second-cloudtrail-ioa',
      'cs-second-cloudtrail-readonly',
    ]);
    expect(template.Parameters.RuleNamePrefix.AllowedPattern).toBe('^cs-[a-z0-9-]{1,34}$');
  });
}

/** v1.0.0 to v1.2.0: one role per account, created by the home-Region stack, used by name elsewhere. */
function describeSharedRole(version: string, load: () => Json) {
  it(`${version}: creates the EventBridge role in the home Region only; there the rules wait for it`, () => {
    const template = load();
    const role = resource(template, 'EventBridgeRole');
    expect(role.Condition).toBe('CreateEventBridgeRoleHere');
    expect(automated(template, version, { region: 'us-east-1' }).condition('CreateEventBridgeRoleHere')).toBe(true);
    expect(automated(template, version, { region: 'us-west-2' }).condition('CreateEventBridgeRoleHere')).toBe(false);
    const gov = { partition: 'aws-us-gov', eventBusName: GOV_BUSES } as const;
    expect(automated(template, version, { ...gov, region: 'us-gov-west-1' }).condition('CreateEventBridgeRoleHere')).toBe(true);
    expect(automated(template, version, { ...gov, region: 'us-gov-east-1' }).condition('CreateEventBridgeRoleHere')).toBe(false);
    const roleArn = resource(template, 'IoaRule').Properties.Targets[0].RoleArn;
    expect(roleArn['Fn::If'][0]).toBe('CreateEventBridgeRoleHere');
    expect(roleArn['Fn::If'][1]).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^EventBridgeRole/), 'Arn'] });
  });

  it(`${version}: lets only EventBridge of this account assume the role, to put events on the CrowdStrike bus only`, () => {
    const template = load();
    const role = resource(template, 'EventBridgeRole');
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    const { evaluate } = automated(template, version, {});
    expect(evaluate(statementsOf(role))).toEqual([
      { Action: 'events:PutEvents', Effect: 'Allow', Resource: 'arn:aws:events:*:292230061137:event-bus/cs-tenant-bus' },
    ]);
  });

}

describe('threat-detection v1.0.0 (published snapshot)', () => {
  let template: Json;
  beforeAll(() => {
    template = snapshotTemplate('threat-detection', 'v1.0.0');
  });
  describeForwarding('v1.0.0', () => template);
  describeSharedRole('v1.0.0', () => template);

  it('takes the bus and CreateEventBridgeRole as plain parameters', () => {
    expect(template.Conditions.CreateEventBridgeRoleHere).toEqual({ 'Fn::Equals': [{ Ref: 'CreateEventBridgeRole' }, 'true'] });
    expect(Object.values(template.Parameters as Json).map((p) => p.Type)).not.toContain(SSM_STRING_PARAMETER_TYPE);
  });
});

describe('threat-detection v1.1.0 (published snapshot: bus and home Region from the directory)', () => {
  let template: Json;
  let v1: Json;
  beforeAll(() => {
    template = snapshotTemplate('threat-detection', 'v1.1.0');
    v1 = snapshotTemplate('threat-detection', 'v1.0.0');
  });
  describeForwarding('v1.1.0', () => template);
  describeSharedRole('v1.1.0', () => template);

  it('was followed by v1.2.0 (published): the same template with the product boundary on every role', () => {
    expect(stripBoundaries(snapshotTemplate('threat-detection', 'v1.2.0'))).toEqual(stripBoundaries(template));
  });

  it('reads the bus account, name and Region and the home Region from the directory, pre-filled', () => {
    expectDirectoryDefaults(template, THREAT_DETECTION_DIRECTORY_PARAMETERS);
    expect(Object.keys(template.Parameters)).toEqual([
      'CrowdStrikeAccountId', 'CrowdStrikeEventBusName', 'CrowdStrikeEventBusRegion', 'HomeRegion',
      'CrowdStrikeEventBusRegionOverride', 'EventBridgeRoleName', 'RuleNamePrefix', 'PermissionsBoundaryPolicyName',
      'DirectoryRevision',
    ]);
  });

  it('decides where the role goes by comparing Regions, not by a parameter', () => {
    expect(template.Conditions.CreateEventBridgeRoleHere).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, { Ref: 'HomeRegion' }] });
    expect(template.Parameters.CreateEventBridgeRole).toBeUndefined();
  });

  it('keeps the role name, rule prefix and boundary parameters of v1.0.0; the bus Region override is optional', () => {
    for (const name of ['EventBridgeRoleName', 'RuleNamePrefix', 'PermissionsBoundaryPolicyName']) {
      expect(template.Parameters[name], name).toEqual(v1.Parameters[name]);
    }
    const override = template.Parameters.CrowdStrikeEventBusRegionOverride as Json;
    expect(override).toMatchObject({ Type: 'String', Default: '' });
    const pattern = new RegExp(override.AllowedPattern);
    expect(['', 'us-west-2', 'us-gov-east-1'].every((r) => pattern.test(r))).toBe(true);
    expect(pattern.test('nowhere')).toBe(false);
    expect(template.Parameters.DirectoryRevision).toMatchObject({ Type: 'String', Default: DIRECTORY_REVISION_DEFAULT });
    expect(template.Outputs.DirectoryRevisionInUse.Value).toEqual({ Ref: 'DirectoryRevision' });
  });

  it('labels, describes and defaults every parameter, so the launch form needs no input', () => {
    expectLaunchableWithoutInput(template);
  });

  const launches: { name: string; options: ContextOptions }[] = [
    { name: 'commercial, home Region', options: { region: 'us-east-1' } },
    { name: 'commercial, other Region', options: { region: 'eu-west-1' } },
    { name: 'commercial, bus ARN from the registration', options: { region: 'us-west-2', eventBusName: 'arn:aws:events:us-east-2:123456789012:event-bus/cs-other' } },
    { name: 'GovCloud, home Region', options: { partition: 'aws-us-gov', region: 'us-gov-west-1', eventBusName: GOV_BUSES } },
    { name: 'GovCloud, other Region', options: { partition: 'aws-us-gov', region: 'us-gov-east-1', eventBusName: GOV_BUSES } },
    { name: 'GovCloud, bus names with their Region', options: { partition: 'aws-us-gov', cloud: 'us-gov-2', region: 'us-gov-east-1', eventBusName: 'cs-us-gov-west-1, cs-us-gov-east-1' } },
    { name: 'GovCloud, one bare bus name', options: { partition: 'aws-us-gov', region: 'us-gov-east-1', eventBusName: 'cs-gov-bus' } },
  ];
  const assigned: { name: string; options: ContextOptions }[] = [
    { name: 'bus Region override', options: { region: 'eu-west-1', assignment: { crowdStrikeEventBusRegion: 'us-west-2' } } },
    {
      name: 'role name, rule prefix and boundary',
      options: {
        region: 'us-east-1',
        assignment: { eventBridgeRoleName: 'CrowdStrikeEventBridgeSecond', ruleNamePrefix: 'cs-second', permissionsBoundaryPolicyName: 'Boundary' },
      },
    },
  ];

  for (const { name, options } of [...launches, ...assigned]) {
    it(`creates what v1.0.0 creates for the automated launch (${name})`, () => {
      const now = created(template, automated(template, 'v1.1.0', options));
      expect(now).toEqual(created(v1, automated(v1, 'v1.0.0', options)));
      expect(now.rules).toHaveLength(2);
    });
  }

  it('applies the assignment\'s bus Region override', () => {
    const { busArn } = created(template, automated(template, 'v1.1.0', assigned[0].options));
    expect(busArn).toBe('arn:aws:events:us-west-2:292230061137:event-bus/cs-tenant-bus');
  });

  for (const { name, options } of launches) {
    it(`a hand launch with only the defaults creates what the automated launch creates (${name})`, () => {
      const ctx = contextFor({ ...options, version: 'v1.1.0' });
      const byHand = evaluator(template, {}, pseudoOf(options), fakeDirectory(ctx));
      expect(created(template, byHand)).toEqual(created(template, automated(template, 'v1.1.0', options)));
      expect(byHand.evaluate(template.Outputs.DirectoryRevisionInUse.Value)).toBe(DIRECTORY_REVISION_DEFAULT);
    });
  }

  it('fails the launch, rather than guess, where the directory has no event bus (IOA not registered)', () => {
    const ctx = contextFor({ version: 'v1.1.0', eventBusName: null });
    const byHand = evaluator(template, {}, pseudoOf({}), fakeDirectory(ctx));
    expect(() => created(template, byHand)).toThrow(/event-bus-account-id does not exist/);
  });
});

describe('threat-detection v1.2.0 (published snapshot: v1.1.0 with the product boundary)', () => {
  let template: Json;
  beforeAll(() => {
    template = snapshotTemplate('threat-detection', 'v1.2.0');
  });
  describeForwarding('v1.2.0', () => template);
  describeSharedRole('v1.2.0', () => template);
});

describe('threat-detection v1.3.0 (the class: a role per Region, for that Region\'s bus)', () => {
  const GOV_LIST =
    'arn:aws-us-gov:events:us-gov-west-1:358431324613:event-bus/cs-west,' +
    'arn:aws-us-gov:events:us-gov-east-1:358431324613:event-bus/cs-east';
  let template: Json;
  beforeAll(() => {
    template = synthesizeProducts().template('threat-detection');
  });
  describeForwarding('v1.3.0', () => template);

  it('is the locked v1.2.0 snapshot', () => {
    expect(template).toEqual(snapshotTemplate('threat-detection', 'v1.3.0'));
  });

  it('reads only this Region\'s bus from the directory, pre-filled; no home Region, no role switch', () => {
    expectDirectoryDefaults(template, THREAT_DETECTION_BUS_PARAMETERS);
    expect(Object.keys(template.Parameters)).toEqual([
      'CrowdStrikeAccountId', 'CrowdStrikeEventBusName', 'CrowdStrikeEventBusRegion', 'CrowdStrikeEventBusRegionOverride',
      'EventBridgeRoleName', 'RuleNamePrefix', 'DirectoryRevision',
    ]);
    expect(resource(template, 'EventBridgeRole').Condition).toBeUndefined();
    expectLaunchableWithoutInput(template);
  });

  const roleIn = (options: ContextOptions) => {
    const e = automated(template, 'v1.3.0', options);
    return { role: e.evaluate(resource(template, 'EventBridgeRole').Properties) as Json, e };
  };

  it('creates in each GovCloud Region a role allowed to put events only on that Region\'s CrowdStrike bus', () => {
    for (const [region, bus] of [['us-gov-west-1', 'cs-west'], ['us-gov-east-1', 'cs-east']]) {
      const { role } = roleIn({ partition: 'aws-us-gov', region, eventBusName: GOV_LIST });
      expect(role.RoleName).toBe(`CrowdStrikeEventBridgeFalconCatalog-${region}`);
      expect(role.Policies[0].PolicyDocument.Statement).toEqual([
        { Action: 'events:PutEvents', Effect: 'Allow', Resource: `arn:aws-us-gov:events:${region}:358431324613:event-bus/${bus}` },
      ]);
    }
  });

  it('lets only this stack\'s rules, in this account and Region, assume the role', () => {
    const { role } = roleIn({ region: 'eu-west-1', assignment: { ruleNamePrefix: 'cs-second' } });
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': '222222222222' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:events:eu-west-1:222222222222:rule/cs-second-*' },
        },
      },
    ]);
    expect(role.Policies[0].PolicyDocument.Statement[0].Resource).toBe('arn:aws:events:us-east-1:292230061137:event-bus/cs-tenant-bus');
    const roleArn = resource(template, 'IoaRule').Properties.Targets[0].RoleArn;
    expect(roleArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^EventBridgeRole/), 'Arn'] });
  });

  it('keeps every Region name within IAM\'s 64 characters: the role name parameter stops at 48', () => {
    const pattern = new RegExp(template.Parameters.EventBridgeRoleName.AllowedPattern);
    expect(pattern.test('CrowdStrikeEventBridge'.padEnd(48, 'x'))).toBe(true);
    expect(pattern.test('CrowdStrikeEventBridge'.padEnd(49, 'x'))).toBe(false);
    expect(`${'x'.repeat(48)}-ap-southeast-5`.length).toBeLessThanOrEqual(64);
    const long = contextFor({ version: 'v1.3.0', assignment: { eventBridgeRoleName: 'CrowdStrikeEventBridge'.padEnd(50, 'x') } });
    expect(() => THREAT_DETECTION.templateParameters(long)).toThrow(/longer than 48 characters: from v1.3.0 the role is named/);
  });

  const launches: { name: string; options: ContextOptions }[] = [
    { name: 'commercial, home Region', options: { region: 'us-east-1' } },
    { name: 'commercial, other Region', options: { region: 'eu-west-1' } },
    { name: 'GovCloud, west', options: { partition: 'aws-us-gov', region: 'us-gov-west-1', eventBusName: GOV_LIST } },
    { name: 'GovCloud, east', options: { partition: 'aws-us-gov', region: 'us-gov-east-1', eventBusName: GOV_LIST } },
  ];
  for (const { name, options } of launches) {
    it(`sends the same events to the same bus as v1.2.0, through a role under the product boundary (${name})`, () => {
      const v12 = snapshotTemplate('threat-detection', 'v1.2.0');
      const withoutRole = (rules: Json[]) => rules.map((r) => ({ ...r, Targets: r.Targets.map(({ RoleArn: _r, ...t }: Json) => t) }));
      const now = created(template, automated(template, 'v1.3.0', options));
      expect(withoutRole(now.rules)).toEqual(withoutRole(created(v12, automated(v12, 'v1.2.0', options)).rules));
      expect(now.role).not.toBeNull();
      expect(now.role.PermissionsBoundary).toMatch(/^arn:aws(-us-gov)?:iam::222222222222:policy\/falcon-catalog\/FalconCatalogProductBoundary$/);
    });

    it(`a hand launch with only the defaults creates what the automated launch creates (v1.3.0, ${name})`, () => {
      const ctx = contextFor({ ...options, version: 'v1.3.0' });
      const byHand = evaluator(template, {}, pseudoOf(options), fakeDirectory(ctx));
      expect(created(template, byHand)).toEqual(created(template, automated(template, 'v1.3.0', options)));
    });
  }

  it('fails the launch, rather than guess, where the directory has no event bus', () => {
    const ctx = contextFor({ version: 'v1.3.0', eventBusName: null });
    const byHand = evaluator(template, {}, pseudoOf({}), fakeDirectory(ctx));
    expect(() => created(template, byHand)).toThrow(/SSM parameter \/falcon-catalog\/directory\/event-bus-[a-z-]+ does not exist/);
  });
});

describe('threat-detection templateParameters', () => {
  it('v1.0.0, commercial → commercial, home Region: creates the role; bus Region us-east-1 from a bare bus name', () => {
    expect(THREAT_DETECTION.templateParameters(contextFor({ isHomeRegion: true }))).toEqual({
      CrowdStrikeAccountId: '292230061137',
      CrowdStrikeEventBusName: 'cs-tenant-bus',
      CrowdStrikeEventBusRegion: 'us-east-1',
      CreateEventBridgeRole: 'true',
      EventBridgeRoleName: 'CrowdStrikeEventBridgeFalconCatalog',
      RuleNamePrefix: 'cs-falcon-catalog',
    });
  });

  it('v1.0.0, commercial → commercial: a full bus ARN from the registration gives its own Region and account', () => {
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

  it('GovCloud → GovCloud: each Region takes its own bus from the list, never another Region\'s', () => {
    const ctx = (region: string, eventBusName: string, version = 'v1.0.0') =>
      contextFor({ partition: 'aws-us-gov', cloud: 'us-gov-2', region, eventBusName, version });
    const arns =
      'arn:aws-us-gov:events:us-gov-west-1:358431324613:event-bus/cs-west,' +
      'arn:aws-us-gov:events:us-gov-east-1:358431324613:event-bus/cs-east';
    expect(THREAT_DETECTION.templateParameters(ctx('us-gov-east-1', arns))).toMatchObject({
      CrowdStrikeAccountId: '358431324613',
      CrowdStrikeEventBusName: 'cs-east',
      CrowdStrikeEventBusRegion: 'us-gov-east-1',
    });
    expect(THREAT_DETECTION.templateParameters(ctx('us-gov-west-1', arns))).toMatchObject({ CrowdStrikeEventBusName: 'cs-west' });
    // Names that carry their Region are matched on it, as CrowdStrike's Terraform module does.
    expect(THREAT_DETECTION.templateParameters(ctx('us-gov-west-1', 'cs-us-gov-east-1, cs-us-gov-west-1'))).toMatchObject({
      CrowdStrikeEventBusName: 'cs-us-gov-west-1',
      CrowdStrikeEventBusRegion: 'us-gov-west-1',
    });
    // One bare name is CrowdStrike's bus name in every Region.
    expect(THREAT_DETECTION.templateParameters(ctx('us-gov-east-1', 'cs-gov-bus'))).toMatchObject({
      CrowdStrikeEventBusName: 'cs-gov-bus',
      CrowdStrikeEventBusRegion: 'us-gov-east-1',
    });
  });

  it('GovCloud → GovCloud: a list with no bus for this Region blocks it with the reason, in every version', () => {
    for (const version of ['v1.0.0', 'v1.1.0', 'v1.2.0', 'v1.3.0']) {
      const ctx = contextFor({ partition: 'aws-us-gov', region: 'us-gov-east-1', eventBusName: 'cs-gov-a, cs-gov-b', version });
      expect(() => THREAT_DETECTION.templateParameters(ctx)).toThrow(
        'the Falcon registration lists 2 CrowdStrike event buses (cs-gov-a, cs-gov-b) but none for us-gov-east-1',
      );
      // The directory leaves the optional bus entries out instead of failing every product of the Region.
      expect(directoryValues(ctx)).not.toHaveProperty('eventBusName');
    }
  });

  it('v1.1.0: every directory parameter by its SSM name, the override, defaults and the directory revision', () => {
    const ctx = contextFor({ version: 'v1.1.0', region: 'eu-west-1' });
    expect(THREAT_DETECTION.templateParameters(ctx)).toEqual({
      CrowdStrikeAccountId: '/falcon-catalog/directory/event-bus-account-id',
      CrowdStrikeEventBusName: '/falcon-catalog/directory/event-bus-name',
      CrowdStrikeEventBusRegion: '/falcon-catalog/directory/event-bus-region',
      HomeRegion: '/falcon-catalog/directory/home-region',
      CrowdStrikeEventBusRegionOverride: '',
      EventBridgeRoleName: 'CrowdStrikeEventBridgeFalconCatalog',
      RuleNamePrefix: 'cs-falcon-catalog',
      DirectoryRevision: directoryRevision(directoryValues(ctx)),
    });
    const options = assignedOptions();
    expect(THREAT_DETECTION.templateParameters(contextFor({ ...options, version: 'v1.1.0' }))).toMatchObject({
      CrowdStrikeEventBusRegionOverride: 'us-west-2',
      EventBridgeRoleName: 'CrowdStrikeEventBridgeSecond',
      RuleNamePrefix: 'cs-second',
      PermissionsBoundaryPolicyName: 'Boundary',
    });
  });

  it('v1.1.0: the revision follows the Region\'s bus (GovCloud), so each Region\'s stack re-reads its own', () => {
    const ctx = (region: string) => contextFor({ version: 'v1.1.0', partition: 'aws-us-gov', region, eventBusName: 'cs-us-gov-west-1, cs-us-gov-east-1' });
    const west = THREAT_DETECTION.templateParameters(ctx('us-gov-west-1'));
    expect(west.DirectoryRevision).toBe(directoryRevision(directoryValues(ctx('us-gov-west-1'))));
    expect(west.DirectoryRevision).not.toBe(THREAT_DETECTION.templateParameters(ctx('us-gov-east-1')).DirectoryRevision);
  });

  it('v1.2.0: the parameters of v1.1.0', () => {
    const ctx = contextFor({ version: 'v1.2.0', region: 'eu-west-1' });
    expect(THREAT_DETECTION.templateParameters(ctx)).toEqual(THREAT_DETECTION.templateParameters({ ...ctx, version: 'v1.1.0' }));
  });

  it('v1.3.0: this Region\'s bus by its SSM names, no home Region; the rest as v1.2.0', () => {
    const ctx = contextFor({ version: 'v1.3.0', region: 'eu-west-1' });
    const { HomeRegion: _home, ...v12 } = THREAT_DETECTION.templateParameters({ ...ctx, version: 'v1.2.0' });
    expect(THREAT_DETECTION.templateParameters(ctx)).toEqual(v12);
  });

  it('v1.1.0 and newer: every value fits the template parameter it is passed to', () => {
    for (const version of ['v1.1.0', 'v1.2.0', 'v1.3.0']) {
      const template = snapshotTemplate('threat-detection', version);
      const params = THREAT_DETECTION.templateParameters(contextFor({ ...assignedOptions(), version }));
      expect(Object.keys(params).sort(), version).toEqual(Object.keys(template.Parameters).sort());
      for (const [name, value] of Object.entries(params)) {
        const declared = template.Parameters[name] as Json;
        if (declared.AllowedPattern) expect(value, `${version} ${name}`).toMatch(new RegExp(declared.AllowedPattern));
      }
    }
  });

  it('commercial AWS with GovCloud Falcon, and GovCloud AWS with commercial Falcon, are refused with the reason', () => {
    expect(THREAT_DETECTION.unsupportedReason('aws', 'us-gov-1')).toMatch(/plaintext Lambda environment variable/);
    expect(THREAT_DETECTION.unsupportedReason('aws-us-gov', 'us-1')).toMatch(/commercial Falcon tenant/);
    expect(THREAT_DETECTION.unsupportedReason('aws', 'eu-1')).toBeUndefined();
    expect(THREAT_DETECTION.unsupportedReason('aws-us-gov', 'us-gov-2')).toBeUndefined();
    for (const version of ['v1.0.0', 'v1.1.0', 'v1.2.0', 'v1.3.0']) {
      expect(() => THREAT_DETECTION.templateParameters(contextFor({ version, cloud: 'us-gov-1' }))).toThrow(/not available/);
      expect(() =>
        THREAT_DETECTION.templateParameters(contextFor({ version, partition: 'aws-us-gov', cloud: 'us-1' })),
      ).toThrow(/not available.*commercial Falcon tenant/);
    }
  });

  it('needs the registration and its event bus, in every version', () => {
    for (const version of ['v1.0.0', 'v1.1.0', 'v1.2.0', 'v1.3.0']) {
      expect(() => THREAT_DETECTION.templateParameters(contextFor({ version, registration: null }))).toThrow(MissingRegistrationError);
      expect(() => THREAT_DETECTION.templateParameters(contextFor({ version, registration: null }))).toThrow(/hub stack first/);
      expect(() => THREAT_DETECTION.templateParameters(contextFor({ version, eventBusName: null }))).toThrow(/no event bus/);
    }
  });

  it('lists the directory entries each version reads', () => {
    expect(THREAT_DETECTION.directoryEntries?.('v1.0.0')).toEqual([]);
    expect(THREAT_DETECTION.directoryEntries?.('v1.1.0')).toEqual(['eventBusAccountId', 'eventBusName', 'eventBusRegion', 'homeRegion']);
    expect(THREAT_DETECTION.directoryEntries?.('v1.2.0')).toEqual(THREAT_DETECTION.directoryEntries?.('v1.1.0'));
    expect(THREAT_DETECTION.directoryEntries?.('v1.3.0')).toEqual(['eventBusAccountId', 'eventBusName', 'eventBusRegion']);
    expect(THREAT_DETECTION.versions.map((v) => v.name)).toEqual(['v1.0.0', 'v1.1.0', 'v1.2.0', 'v1.3.0']);
  });

  it('accepts only known assignment parameters, with the name prefixes the launch role is scoped to', () => {
    const schema = THREAT_DETECTION.assignmentParameters;
    expect(schema.safeParse({ eventBridgeRoleName: 'CrowdStrikeEventBridgeSecond' }).success).toBe(true);
    expect(schema.safeParse({ eventBridgeRoleName: 'MyRole' }).success).toBe(false);
    expect(schema.safeParse({ ruleNamePrefix: 'my-rules' }).success).toBe(false);
    expect(schema.safeParse({ unknownKey: 1 }).success).toBe(false);
  });
});

function assignedOptions(): ContextOptions {
  return {
    region: 'us-east-1',
    assignment: {
      crowdStrikeEventBusRegion: 'us-west-2',
      eventBridgeRoleName: 'CrowdStrikeEventBridgeSecond',
      ruleNamePrefix: 'cs-second',
      permissionsBoundaryPolicyName: 'Boundary',
    },
  };
}
