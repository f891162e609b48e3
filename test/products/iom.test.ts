/**
 * The IOM product in its versions: v1.0.0 to v1.2.0 from their committed snapshots (what existing provisioned
 * products run), v1.3.0 as the class builds it (CrowdStrike's current read list minus the data reads, held against
 * the facts in products/iom/read-policy.ts by iom-read-policy.test.ts). Each is evaluated with the registry's
 * templateParameters, and the directory-reading versions also with no input at all (a hand launch).
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DIRECTORY_REVISION_DEFAULT,
  directoryRevision,
  directoryValues,
} from '../../products/directory/entries';
import { IOM, IOM_DIRECTORY_PARAMETERS } from '../../products/iom/definition';
import { IOM_EXCLUDED_DATA_READS } from '../../products/iom/read-policy';
import { MissingRegistrationError } from '../../vocabulary';
import { type ContextOptions, contextFor, REGISTRATION } from './contexts';
import { stripBoundaries, evaluator, fakeDirectory, type Json, resource, snapshotTemplate, synthesizeProducts } from './product-templates';
import { expectDirectoryDefaults, expectLaunchableWithoutInput } from './directory-contract';

const PSEUDO = { Partition: 'aws', Region: 'us-east-1', AccountId: '222222222222' };
const GOV_PSEUDO = { Partition: 'aws-us-gov', Region: 'us-gov-west-1', AccountId: '222222222222' };

/** The reader role of `template` as CloudFormation would create it for the automated launch of `options`. */
function automatedRole(template: Json, version: string, options: ContextOptions, pseudo: Record<string, string>): Json {
  const ctx = contextFor({ ...options, version });
  const { evaluate } = evaluator(template, IOM.templateParameters(ctx), pseudo, fakeDirectory(ctx));
  return evaluate(resource(template, 'ReaderRole').Properties) as Json;
}

/** SecurityAudit (partition-aware) and inline Allow statements: no wildcard action, none of the excluded data reads. */
function expectReadsWithoutData(role: Json, apiGatewayPaths = ['/restapis/*', '/apis/*']) {
  expect(role.Properties.ManagedPolicyArns).toEqual([
    { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/SecurityAudit']] },
  ]);
  const statements = role.Properties.Policies[0].PolicyDocument.Statement as Json[];
  const actions = statements.flatMap((s) => [s.Action].flat());
  for (const excluded of Object.keys(IOM_EXCLUDED_DATA_READS)) expect(actions).not.toContain(excluded);
  for (const action of actions) expect(action, 'no wildcard actions').not.toMatch(/\*/);
  expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
  const apigw = statements.find((s) => s.Action === 'apigateway:GET');
  expect([apigw?.Resource].flat()).toEqual(
    apiGatewayPaths.map((p) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:apigateway:*::${p}`]] })),
  );
}

/**
 * Assertions that hold for the reader role in every version: who may assume it and what it may read. `load` gives
 * the template loaded by the calling suite's beforeAll (registered first, so it has run).
 */
function describeRolePermissions(version: string, load: () => Json) {
  let template: Json;
  let role: Json;

  beforeAll(() => {
    template = load();
    role = resource(template, 'ReaderRole');
  });

  it(`${version}: is trusted only by the CrowdStrike role named in the parameters, with the external-id condition`, () => {
    const statements = role.Properties.AssumeRolePolicyDocument.Statement as Json[];
    expect(statements).toHaveLength(1);
    const [trust] = statements;
    expect(trust.Action).toBe('sts:AssumeRole');
    expect(trust.Condition).toEqual({ StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } });
    expect(trust.Principal).toEqual({
      AWS: {
        'Fn::Join': [
          '',
          ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'CrowdStrikeAccountId' }, ':role/', { Ref: 'CrowdStrikeRoleName' }],
        ],
      },
    });
    expect(JSON.stringify(trust.Principal)).not.toContain('"*"');
  });

  it(`${version}: attaches the partition-aware SecurityAudit policy and read-only actions, none that reads data`, () => {
    expectReadsWithoutData(role);
  });

  it(`${version}: applies the permissions boundary only when one is named`, () => {
    expect(template.Conditions.HasPermissionsBoundary).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'PermissionsBoundaryPolicyName' }, ''] }],
    });
    expect(role.Properties.PermissionsBoundary).toEqual({
      'Fn::If': [
        'HasPermissionsBoundary',
        {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':policy/', { Ref: 'PermissionsBoundaryPolicyName' }],
          ],
        },
        { Ref: 'AWS::NoValue' },
      ],
    });
    expect(template.Parameters.PermissionsBoundaryPolicyName).toMatchObject({
      Type: 'String',
      Default: '',
      AllowedPattern: '^$|^[\\w+=,.@-]{1,128}$',
    });
  });
}

describe('IOM v1.0.0 (published snapshot)', () => {
  let template: Json;
  beforeAll(() => {
    template = snapshotTemplate('iom', 'v1.0.0');
  });

  describeRolePermissions('v1.0.0', () => template);

  it('rejects nonsense at launch: role names must carry the CrowdStrike prefix the launch role is scoped to', () => {
    const t = Template.fromJSON(template);
    t.hasParameter('RoleName', { AllowedPattern: '^CrowdStrike[\\w+=,.@-]{0,53}$', Default: 'CrowdStrikeCSPMReader' });
    t.hasParameter('CrowdStrikeAccountId', { AllowedPattern: '^\\d{12}$' });
    t.hasParameter('ExternalId', { AllowedPattern: Match.stringLikeRegexp('1224') });
    expect(template.Metadata['AWS::CloudFormation::Interface'].ParameterLabels.ExternalId.default).toBe('External ID');
  });

  it('creates the role the registration expects, trusted by the registration\'s role with its external ID', () => {
    const role = automatedRole(template, 'v1.0.0', {}, PSEUDO);
    expect(role.RoleName).toBe(REGISTRATION.readerRoleName);
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::292230061137:role/CrowdStrikeCSPMConnector' },
        Condition: { StringEquals: { 'sts:ExternalId': REGISTRATION.externalId } },
      },
    ]);
    expect(role.PermissionsBoundary).toBeUndefined();
  });
});

describe('IOM v1.1.0 (published snapshot: Falcon values from the directory)', () => {
  let template: Json;
  beforeAll(() => {
    template = snapshotTemplate('iom', 'v1.1.0');
  });

  describeRolePermissions('v1.1.0', () => template);

  it('was followed by v1.2.0: the same template with the product boundary on every role', () => {
    expect(stripBoundaries(snapshotTemplate('iom', 'v1.2.0'))).toEqual(stripBoundaries(template));
  });

  it('reads the CrowdStrike account, role, external ID and reader role name from the directory, pre-filled', () => {
    expectDirectoryDefaults(template, IOM_DIRECTORY_PARAMETERS);
    expect(Object.keys(template.Parameters)).toEqual([
      'CrowdStrikeAccountId', 'CrowdStrikeRoleName', 'ExternalId', 'ReaderRoleName', 'RoleName',
      'PermissionsBoundaryPolicyName', 'DirectoryRevision',
    ]);
  });

  it('takes an optional role name override, empty by default, still held to the CrowdStrike prefix', () => {
    const t = Template.fromJSON(template);
    t.hasParameter('RoleName', { Type: 'String', Default: '', AllowedPattern: '^$|^CrowdStrike[\\w+=,.@-]{0,53}$' });
    t.hasParameter('DirectoryRevision', { Type: 'String', Default: DIRECTORY_REVISION_DEFAULT });
    const pattern = new RegExp(template.Parameters.RoleName.AllowedPattern);
    expect(pattern.test('')).toBe(true);
    expect(pattern.test('CrowdStrikeReaderSecond')).toBe(true);
    expect(pattern.test('MyReader')).toBe(false);
    expect(template.Outputs.DirectoryRevisionInUse.Value).toEqual({ Ref: 'DirectoryRevision' });
  });

  it('labels and defaults every parameter, so the launch form needs no input', () => {
    expectLaunchableWithoutInput(template);
  });

  it('grants exactly what v1.0.0 grants: same trust shape, managed policy, inline policy and boundary', () => {
    const v1 = resource(snapshotTemplate('iom', 'v1.0.0'), 'ReaderRole').Properties;
    const v11 = resource(template, 'ReaderRole').Properties;
    for (const key of ['AssumeRolePolicyDocument', 'ManagedPolicyArns', 'Policies', 'PermissionsBoundary', 'MaxSessionDuration']) {
      expect(v11[key], key).toEqual(v1[key]);
    }
  });

  it('names the role from the directory unless the assignment overrides it', () => {
    expect(automatedRole(template, 'v1.1.0', {}, PSEUDO).RoleName).toBe(REGISTRATION.readerRoleName);
    const override = automatedRole(template, 'v1.1.0', { assignment: { roleName: 'CrowdStrikeReaderSecond' } }, PSEUDO);
    expect(override.RoleName).toBe('CrowdStrikeReaderSecond');
  });

  const launches: { name: string; options: ContextOptions; pseudo: Record<string, string> }[] = [
    { name: 'commercial', options: {}, pseudo: PSEUDO },
    { name: 'commercial, with a boundary and a role name', options: { assignment: { roleName: 'CrowdStrikeR2', permissionsBoundaryPolicyName: 'Boundary' } }, pseudo: PSEUDO },
    { name: 'GovCloud', options: { partition: 'aws-us-gov' }, pseudo: GOV_PSEUDO },
  ];
  for (const { name, options, pseudo } of launches) {
    it(`creates the same role as v1.0.0 for the automated launch (${name})`, () => {
      expect(automatedRole(template, 'v1.1.0', options, pseudo)).toEqual(
        automatedRole(snapshotTemplate('iom', 'v1.0.0'), 'v1.0.0', options, pseudo),
      );
    });
  }

  for (const { name, options, pseudo } of launches.filter((l) => !l.options.assignment)) {
    it(`a hand launch with only the defaults creates the same role as the automated launch (${name})`, () => {
      const ctx = contextFor({ ...options, version: 'v1.1.0' });
      const byHand = evaluator(template, {}, pseudo, fakeDirectory(ctx));
      const role = byHand.evaluate(resource(template, 'ReaderRole').Properties) as Json;
      expect(role).toEqual(automatedRole(template, 'v1.1.0', options, pseudo));
      expect(role.AssumeRolePolicyDocument.Statement[0].Principal.AWS).toBe(
        `arn:${pseudo.Partition}:iam::${REGISTRATION.crowdStrikeAccountId}:role/${REGISTRATION.intermediateRoleName}`,
      );
      expect(byHand.evaluate(template.Outputs.DirectoryRevisionInUse.Value)).toBe(DIRECTORY_REVISION_DEFAULT);
    });
  }

  it('fails the launch, rather than guess, in an account without the directory', () => {
    const { evaluate } = evaluator(template, {}, PSEUDO, {});
    expect(() => evaluate(resource(template, 'ReaderRole').Properties)).toThrow(/does not exist/);
  });
});

describe('iom templateParameters', () => {
  it('v1.0.0: the registration\'s values, exactly as before the directory', () => {
    expect(IOM.templateParameters(contextFor({}))).toEqual({
      CrowdStrikeAccountId: REGISTRATION.crowdStrikeAccountId,
      CrowdStrikeRoleName: REGISTRATION.intermediateRoleName,
      ExternalId: REGISTRATION.externalId,
      RoleName: REGISTRATION.readerRoleName,
    });
    expect(
      IOM.templateParameters(
        contextFor({ assignment: { roleName: 'CrowdStrikeR2', permissionsBoundaryPolicyName: 'Boundary' } }),
      ),
    ).toMatchObject({ RoleName: 'CrowdStrikeR2', PermissionsBoundaryPolicyName: 'Boundary' });
  });

  it('v1.1.0: every directory parameter by its SSM name, the override, and the directory revision', () => {
    const ctx = contextFor({ version: 'v1.1.0' });
    expect(IOM.templateParameters(ctx)).toEqual({
      CrowdStrikeAccountId: '/falcon-catalog/directory/crowdstrike-account-id',
      CrowdStrikeRoleName: '/falcon-catalog/directory/crowdstrike-role-name',
      ExternalId: '/falcon-catalog/directory/external-id',
      ReaderRoleName: '/falcon-catalog/directory/reader-role-name',
      RoleName: '',
      DirectoryRevision: directoryRevision(directoryValues(ctx)),
    });
    expect(
      IOM.templateParameters(
        contextFor({ version: 'v1.1.0', assignment: { roleName: 'CrowdStrikeR2', permissionsBoundaryPolicyName: 'Boundary' } }),
      ),
    ).toMatchObject({ RoleName: 'CrowdStrikeR2', PermissionsBoundaryPolicyName: 'Boundary' });
  });

  it('v1.1.0: a new Falcon registration changes the revision, so the core updates the stack', () => {
    const before = IOM.templateParameters(contextFor({ version: 'v1.1.0' }));
    const after = IOM.templateParameters(
      contextFor({ version: 'v1.1.0', registration: { ...REGISTRATION, externalId: 'ext-rotated-0000' } }),
    );
    expect(after.DirectoryRevision).not.toBe(before.DirectoryRevision);
    expect({ ...after, DirectoryRevision: '' }).toEqual({ ...before, DirectoryRevision: '' });
  });

  it('v1.1.0: every value fits the template parameter it is passed to', () => {
    const template = snapshotTemplate('iom', 'v1.1.0');
    const params = IOM.templateParameters(
      contextFor({ version: 'v1.1.0', assignment: { roleName: 'CrowdStrikeR2', permissionsBoundaryPolicyName: 'B' } }),
    );
    for (const [name, value] of Object.entries(params)) {
      const declared = template.Parameters[name] as Json;
      expect(declared, `${name} is declared`).toBeDefined();
      if (declared.AllowedPattern) expect(value, name).toMatch(new RegExp(declared.AllowedPattern));
    }
  });

  it('needs the registration in both versions', () => {
    for (const version of ['v1.0.0', 'v1.1.0']) {
      expect(() => IOM.templateParameters(contextFor({ version, registration: null }))).toThrow(MissingRegistrationError);
    }
  });

  it('lists the directory entries v1.1.0 reads, and none for v1.0.0', () => {
    expect(IOM.directoryEntries?.('v1.0.0')).toEqual([]);
    expect(IOM.directoryEntries?.('v1.1.0')).toEqual(['crowdStrikeAccountId', 'crowdStrikeRoleName', 'externalId', 'readerRoleName']);
    expect(IOM.versions.map((v) => v.name)).toEqual(['v1.0.0', 'v1.1.0', 'v1.2.0', 'v1.3.0']);
    for (const version of ['v1.2.0', 'v1.3.0']) {
      expect(IOM.directoryEntries?.(version)).toEqual(IOM.directoryEntries?.('v1.1.0'));
    }
  });
});

describe('IOM v1.3.0 (the class: CrowdStrike\'s current reads, without data reads)', () => {
  let template: Json;
  let v12: Json;
  beforeAll(() => {
    template = synthesizeProducts().template('iom');
    v12 = snapshotTemplate('iom', 'v1.2.0');
  });

  it('is the locked v1.3.0 snapshot', () => {
    expect(template).toEqual(snapshotTemplate('iom', 'v1.3.0'));
  });

  it('changes only the inline reads: same parameters, trust, managed policy and product boundary as v1.2.0', () => {
    expect(template.Parameters).toEqual(v12.Parameters);
    const { Policies: reads, ...role } = resource(template, 'ReaderRole').Properties;
    const { Policies: oldReads, ...oldRole } = resource(v12, 'ReaderRole').Properties;
    expect(role).toEqual(oldRole);
    expect(role.PermissionsBoundary).toBeDefined();
    expect(reads).not.toEqual(oldReads);
  });

  it('grants SecurityAudit and read-only actions, none that reads data; API Gateway reads on REST APIs only', () => {
    expectReadsWithoutData(resource(template, 'ReaderRole'), ['/restapis/*']);
  });

  const launches: { name: string; options: ContextOptions; pseudo: Record<string, string> }[] = [
    { name: 'commercial', options: {}, pseudo: PSEUDO },
    { name: 'commercial, with a role name', options: { assignment: { roleName: 'CrowdStrikeR2' } }, pseudo: PSEUDO },
    { name: 'GovCloud', options: { partition: 'aws-us-gov' }, pseudo: GOV_PSEUDO },
  ];
  for (const { name, options, pseudo } of launches) {
    it(`creates the role v1.2.0 creates for the automated launch, apart from the reads (${name})`, () => {
      const { Policies: _reads, ...role } = automatedRole(template, 'v1.3.0', options, pseudo);
      const { Policies: _oldReads, ...old } = automatedRole(v12, 'v1.2.0', options, pseudo);
      expect(role).toEqual(old);
      expect(role.RoleName).toBe(options.assignment?.roleName ?? REGISTRATION.readerRoleName);
    });
  }

  it('a hand launch with only the defaults creates the same role as the automated launch', () => {
    const ctx = contextFor({ version: 'v1.3.0' });
    const byHand = evaluator(template, {}, PSEUDO, fakeDirectory(ctx));
    expect(byHand.evaluate(resource(template, 'ReaderRole').Properties)).toEqual(automatedRole(template, 'v1.3.0', {}, PSEUDO));
  });

  it('fails the launch, rather than guess, in an account without the directory', () => {
    const { evaluate } = evaluator(template, {}, PSEUDO, {});
    expect(() => evaluate(resource(template, 'ReaderRole').Properties)).toThrow(/does not exist/);
  });
});
