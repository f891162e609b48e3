/**
 * The ssm-distributor product in its versions: v1.0.0 to v1.2.0 from their committed snapshots (what existing
 * provisioned products run), v1.3.0 as the class builds it (v1.2.0 plus the installer options of CrowdStrike's
 * automation document). The same assertions run against all, evaluated with the registry's
 * templateParameters; the directory-reading versions also with no input at all (a hand launch).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DIRECTORY,
  DIRECTORY_REVISION_DEFAULT,
  directoryRevision,
  directoryValues,
} from '../../products/directory/entries';
import { SECRET_ARN_PATTERN } from '../../products/kit/definition-helpers';
import { DISTRIBUTOR_REGIONS, SSM_DISTRIBUTOR, installerOptions } from '../../products/ssm-distributor/definition';
import { SSM_STRING_PARAMETER_TYPE } from '../../products/kit/directory-parameters';
import { MissingRegistrationError } from '../../vocabulary';
import { type ContextOptions, contextFor } from './contexts';
import { Json, evaluator, fakeDirectory, resource, snapshotTemplate, statement, statementsOf, stripBoundaries, synthesizeProducts } from './product-templates';
import { expectLaunchableWithoutInput, expectRevisionFollowsDirectory } from './directory-contract';

const SECRET = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:falcon/distributor-Xy9Z01';
const SECRET_HERE = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:falcon/distributor-Xy9Z01';
/** The directory's sensor-download secret (portfolio.selfService), primary in another Region than eu-west-1. */
const DIRECTORY_SECRET = 'arn:aws:secretsmanager:us-east-1:999999999999:secret:falcon/sensor-download-ZyX987';
const DIRECTORY_SECRET_HERE = 'arn:aws:secretsmanager:eu-west-1:999999999999:secret:falcon/sensor-download-ZyX987';
const PSEUDO = { Partition: 'aws', Region: 'eu-west-1', AccountId: '222222222222' };

/** An eu-west-1 context with the directory's sensor-download secret (the manifest validator requires it for v1.1.0). */
function distributorContext(version: string, options: ContextOptions = {}) {
  return contextFor({ region: 'eu-west-1', sensorDownloadSecretArn: DIRECTORY_SECRET, ...options, version });
}

/** `value` as CloudFormation would compute it for the automated launch of `options`. */
function automated(template: Json, version: string, options: ContextOptions = {}) {
  const ctx = distributorContext(version, options);
  return evaluator(template, SSM_DISTRIBUTOR.templateParameters(ctx), PSEUDO, fakeDirectory(ctx)).evaluate;
}

/**
 * What holds in every version for the automated launch with an assignment secret: the association, its targeting,
 * and a least-privilege automation role. `load` gives the suite's template.
 */
function describeAssociation(version: string, load: () => Json) {
  let template: Json;
  const evaluate = (assignment: Record<string, unknown>, value: unknown) =>
    automated(template, version, { assignment: { credentialsSecretArn: SECRET, ...assignment } })(value);

  beforeAll(() => {
    template = load();
  });

  it(`${version}: associates CrowdStrike-FalconSensorDeploy with every managed instance by default, with rate controls`, () => {
    const association = resource(template, 'Association').Properties;
    expect(evaluate({}, association)).toEqual({
      Name: 'CrowdStrike-FalconSensorDeploy',
      AssociationName: 'crowdstrike-falcon-sensor-deploy',
      DocumentVersion: '$DEFAULT',
      AutomationTargetParameterName: 'InstanceIds',
      Targets: [{ Key: 'InstanceIds', Values: ['*'] }],
      ScheduleExpression: 'rate(1 day)',
      ApplyOnlyAtCronInterval: false,
      MaxErrors: '10%',
      MaxConcurrency: '20%',
      Parameters: {
        // The role this stack creates (its name carries the Region: IAM is global).
        AutomationAssumeRole: ['arn:aws:iam::222222222222:role/CrowdStrikeDistributor-eu-west-1'],
        Action: ['Install'],
        SecretStorageMethod: ['SecretsManager'],
        SecretsManagerSecretName: [SECRET_HERE],
        // v1.3.0: CrowdStrike's installer options, empty (the document's defaults) unless the assignment sets them.
        ...(version === 'v1.3.0'
          ? { LinuxPackageVersion: [''], LinuxInstallerParams: [''], WindowsPackageVersion: [''], WindowsInstallerParams: [''] }
          : {}),
      },
    });
  });

  it(`${version}: targets by tag when asked, and switches to Uninstall in place`, () => {
    const association = resource(template, 'Association').Properties;
    const tagged = evaluate(
      { targetTagKey: 'falcon', targetTagValues: ['yes', 'prod'], action: 'Uninstall', applyOnlyAtCronInterval: true },
      association,
    ) as Json;
    expect(tagged.Targets).toEqual([{ Key: 'tag:falcon', Values: ['yes', 'prod'] }]);
    expect(tagged.Parameters.Action).toEqual(['Uninstall']);
    expect(tagged.ApplyOnlyAtCronInterval).toBe(true);
  });

  it(`${version}: gives the automation role exactly what the document does, for this account and Region only`, () => {
    const role = resource(template, 'AutomationRole');
    expect(evaluate({}, role.Properties.RoleName)).toBe('CrowdStrikeDistributor-eu-west-1');
    expect(evaluate({}, role.Properties.AssumeRolePolicyDocument.Statement)).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'ssm.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': '222222222222' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:ssm:eu-west-1:222222222222:automation-execution/*' },
        },
      },
    ]);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(evaluate({}, statementsOf(role))).toEqual([
      {
        Sid: 'FindManagedInstances',
        Effect: 'Allow',
        Action: ['ssm:GetInventory', 'ssm:DescribeInstanceInformation'],
        Resource: '*',
      },
      { Sid: 'ResolveTagTargets', Effect: 'Allow', Action: 'tag:GetResources', Resource: '*' },
      {
        Sid: 'RunPackageInstaller',
        Effect: 'Allow',
        Action: 'ssm:SendCommand',
        Resource: [
          'arn:aws:ssm:eu-west-1::document/AWS-ConfigureAWSPackage',
          'arn:aws:ec2:eu-west-1:222222222222:instance/*',
          'arn:aws:ssm:eu-west-1:222222222222:managed-instance/*',
        ],
      },
      {
        Sid: 'FollowCommands',
        Effect: 'Allow',
        Action: ['ssm:ListCommands', 'ssm:ListCommandInvocations', 'ssm:GetCommandInvocation'],
        Resource: '*',
      },
      { Sid: 'ReadFalconCredential', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: SECRET_HERE },
      {
        Sid: 'DecryptFalconCredential',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: {
          StringEquals: {
            'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com',
            'kms:EncryptionContext:SecretARN': SECRET_HERE,
          },
        },
      },
    ]);
  });

  it(`${version}: creates no secret, so terminating leaves nothing behind but the shared secret it never owned`, () => {
    const types = Object.values(template.Resources as Json).map((r: Json) => r.Type).sort();
    expect(types).toEqual(['AWS::IAM::Role', 'AWS::SSM::Association']);
    for (const r of Object.values(template.Resources as Json)) expect((r as Json).DeletionPolicy).toBeUndefined();
  });

  it(`${version}: accepts document versions $DEFAULT, $LATEST and 3 or later only`, () => {
    const pattern = new RegExp(template.Parameters.DocumentVersion.AllowedPattern);
    for (const ok of ['$DEFAULT', '$LATEST', '3', '4', '12']) expect(pattern.test(ok), ok).toBe(true);
    for (const bad of ['1', '2', '0', '03', 'latest', '']) expect(pattern.test(bad), bad).toBe(false);
  });
}

describe('ssm-distributor v1.0.0 (published snapshot)', () => {
  let template: Json;
  beforeAll(() => {
    template = snapshotTemplate('ssm-distributor', 'v1.0.0');
  });

  describeAssociation('v1.0.0', () => template);

  it('takes the secret ARN as a required, constrained parameter', () => {
    expect(template.Parameters.CredentialsSecretArn).toMatchObject({ Type: 'String', AllowedPattern: SECRET_ARN_PATTERN });
    expect(template.Parameters.CredentialsSecretArn.Default).toBeUndefined();
  });
});

describe('ssm-distributor v1.1.0 (published snapshot: the secret from the directory)', () => {
  let template: Json;
  beforeAll(() => {
    template = snapshotTemplate('ssm-distributor', 'v1.1.0');
  });

  describeAssociation('v1.1.0', () => template);

  it('was followed by v1.2.0 (published): the same template with the product boundary on every role', () => {
    expect(stripBoundaries(snapshotTemplate('ssm-distributor', 'v1.2.0'))).toEqual(stripBoundaries(template));
  });

  it('reads the sensor-download secret from the directory, pre-filled, with an optional override', () => {
    expect(template.Parameters.SensorDownloadSecretArn).toMatchObject({
      Type: SSM_STRING_PARAMETER_TYPE,
      Default: DIRECTORY.sensorDownloadSecretArn.parameterName,
    });
    expect(template.Parameters.CredentialsSecretArn).toMatchObject({
      Type: 'String',
      Default: '',
      AllowedPattern: `^$|${SECRET_ARN_PATTERN}`,
    });
    const pattern = new RegExp(template.Parameters.CredentialsSecretArn.AllowedPattern);
    for (const ok of ['', SECRET]) expect(pattern.test(ok), ok).toBe(true);
    for (const bad of ['falcon/distributor', 'arn:aws:secretsmanager:us-east-1:111111111111:secret:x']) {
      expect(pattern.test(bad), bad).toBe(false);
    }
    expect(template.Conditions.HasCredentialsSecretArn).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'CredentialsSecretArn' }, ''] }],
    });
    expect(template.Parameters.DirectoryRevision).toMatchObject({ Type: 'String', Default: DIRECTORY_REVISION_DEFAULT });
    expect(template.Outputs.DirectoryRevisionInUse.Value).toEqual({ Ref: 'DirectoryRevision' });
  });

  it('keeps every v1.0.0 parameter other than the secret exactly as it was', () => {
    const v1 = snapshotTemplate('ssm-distributor', 'v1.0.0').Parameters as Json;
    const others = Object.keys(v1).filter((name) => name !== 'CredentialsSecretArn');
    for (const name of others) expect(template.Parameters[name], name).toEqual(v1[name]);
    expect(Object.keys(template.Parameters)).toEqual([
      'SensorDownloadSecretArn', 'CredentialsSecretArn', ...others, 'DirectoryRevision',
    ]);
  });

  it('labels and defaults every parameter, so the launch form needs no input', () => {
    expectLaunchableWithoutInput(template);
  });

  it('uses the chosen secret everywhere: the association and both IAM grants', () => {
    const uses = (evaluate: (v: unknown) => unknown) => {
      const role = resource(template, 'AutomationRole');
      return [
        (evaluate(resource(template, 'Association').Properties.Parameters) as Json).SecretsManagerSecretName[0],
        (evaluate(statement(role, 'ReadFalconCredential')) as Json).Resource,
        (evaluate(statement(role, 'DecryptFalconCredential')) as Json).Condition.StringEquals['kms:EncryptionContext:SecretARN'],
      ];
    };
    // The directory's secret (this Region's replica) unless the assignment names one.
    expect(uses(automated(template, 'v1.1.0'))).toEqual(Array(3).fill(DIRECTORY_SECRET_HERE));
    expect(uses(automated(template, 'v1.1.0', { assignment: { credentialsSecretArn: SECRET } }))).toEqual(Array(3).fill(SECRET_HERE));
    const ssm = fakeDirectory(distributorContext('v1.1.0'));
    expect(uses(evaluator(template, {}, PSEUDO, ssm).evaluate)).toEqual(Array(3).fill(DIRECTORY_SECRET_HERE));
    expect(uses(evaluator(template, { CredentialsSecretArn: SECRET_HERE }, PSEUDO, ssm).evaluate)).toEqual(Array(3).fill(SECRET_HERE));
  });

  for (const [name, assignment] of Object.entries({
    defaults: {},
    'tags, uninstall and rate controls': {
      targetTagKey: 'falcon', targetTagValues: ['yes', 'prod'], action: 'Uninstall', maxErrors: '5', maxConcurrency: '1',
      scheduleExpression: 'cron(0 3 ? * SUN *)', applyOnlyAtCronInterval: true, documentVersion: '$LATEST',
      permissionsBoundaryPolicyName: 'Boundary',
    },
  })) {
    it(`creates exactly the resources v1.0.0 creates for the same automated launch (${name})`, () => {
      const v1 = snapshotTemplate('ssm-distributor', 'v1.0.0');
      const options = { assignment: { credentialsSecretArn: SECRET, ...assignment } };
      expect(automated(template, 'v1.1.0', options)(template.Resources)).toEqual(automated(v1, 'v1.0.0', options)(v1.Resources));
    });
  }

  it('a hand launch with only the defaults creates what the automated launch creates', () => {
    const byHand = evaluator(template, {}, PSEUDO, fakeDirectory(distributorContext('v1.1.0')));
    expect(byHand.evaluate(template.Resources)).toEqual(automated(template, 'v1.1.0')(template.Resources));
    expect(byHand.evaluate(template.Outputs.DirectoryRevisionInUse.Value)).toBe(DIRECTORY_REVISION_DEFAULT);
  });

  it('fails the launch, rather than guess, without the directory\'s sensor-download secret, even with an override', () => {
    const association = resource(template, 'Association').Properties;
    expect(() => evaluator(template, {}, PSEUDO, {}).evaluate(association)).toThrow(/does not exist/);
    // CloudFormation resolves every SSM-typed parameter at launch, used or not, so the override does not help: hence
    // the manifest check (manifest/cross-checks.ts) and the error from templateParameters.
    const noSecret = fakeDirectory(contextFor({ region: 'eu-west-1', version: 'v1.1.0' }));
    const overridden = evaluator(template, { CredentialsSecretArn: SECRET_HERE }, PSEUDO, noSecret);
    expect((overridden.evaluate(association) as Json).Parameters.SecretsManagerSecretName).toEqual([SECRET_HERE]);
    expect(() => overridden.evaluate({ Ref: 'SensorDownloadSecretArn' })).toThrow(/sensor-download-secret-arn does not exist/);
  });
});

describe('ssm-distributor v1.3.0 (the class: CrowdStrike\'s installer options)', () => {
  let template: Json;
  beforeAll(() => {
    template = synthesizeProducts().template('ssm-distributor', 'eu-west-1');
  });

  describeAssociation('v1.3.0', () => template);

  it('is the locked v1.2.0 snapshot', () => {
    expect(template).toEqual(snapshotTemplate('ssm-distributor', 'v1.3.0'));
  });

  it('adds the document\'s four installer parameters to v1.2.0\'s, empty by default, one safe line each', () => {
    const v12 = snapshotTemplate('ssm-distributor', 'v1.2.0').Parameters as Json;
    const added = Object.keys(template.Parameters).filter((name) => !(name in v12));
    expect(added).toEqual(['LinuxPackageVersion', 'LinuxInstallerParams', 'WindowsPackageVersion', 'WindowsInstallerParams']);
    for (const name of Object.keys(v12)) expect(template.Parameters[name], name).toEqual(v12[name]);
    const version = new RegExp(template.Parameters.LinuxPackageVersion.AllowedPattern);
    expect(['', '7.04.17600'].every((v) => version.test(v))).toBe(true);
    expect(version.test('latest')).toBe(false);
    const params = new RegExp(template.Parameters.LinuxInstallerParams.AllowedPattern);
    expect(params.test('--tags="Prod,Web" --aph=proxy.example.com --app=8080')).toBe(true);
    for (const bad of ['--tags=x; rm -rf /', '$(id)', 'a\nb', '`id`']) expect(params.test(bad), bad).toBe(false);
    expectLaunchableWithoutInput(template);
  });

  it('passes sensor tags, a proxy and the sensor versions to the document in each installer\'s own syntax', () => {
    const assignment = {
      credentialsSecretArn: SECRET,
      sensorTags: ['Prod', 'Team/Web'],
      proxy: { host: 'proxy.example.com', port: 8080 },
      linuxPackageVersion: '7.04.17600',
      windowsPackageVersion: '7.05.17706',
    };
    const parameters = (automated(template, 'v1.3.0', { assignment })(resource(template, 'Association').Properties) as Json).Parameters;
    expect(parameters).toMatchObject({
      LinuxPackageVersion: ['7.04.17600'],
      LinuxInstallerParams: ['--tags="Prod,Team/Web" --aph=proxy.example.com --app=8080'],
      WindowsPackageVersion: ['7.05.17706'],
      WindowsInstallerParams: ['GROUPING_TAGS="Prod,Team/Web" APP_PROXYNAME=proxy.example.com APP_PROXYPORT=8080'],
    });
    for (const [name, value] of Object.entries(installerOptions(assignment))) {
      expect(value, name).toMatch(new RegExp(template.Parameters[name].AllowedPattern));
    }
    expect(installerOptions({ sensorTags: ['A'] })).toEqual({
      LinuxPackageVersion: '', LinuxInstallerParams: '--tags="A"', WindowsPackageVersion: '', WindowsInstallerParams: 'GROUPING_TAGS="A"',
    });
  });

  it('creates what v1.2.0 creates when no installer option is set, the role under the product boundary', () => {
    const v12 = snapshotTemplate('ssm-distributor', 'v1.2.0');
    const options = { assignment: { credentialsSecretArn: SECRET } };
    const now = automated(template, 'v1.3.0', options)(template.Resources) as Json;
    const before = automated(v12, 'v1.2.0', options)(v12.Resources) as Json;
    expect(now.AutomationRole.Properties.PermissionsBoundary).toBe(
      'arn:aws:iam::222222222222:policy/falcon-catalog/FalconCatalogProductBoundary',
    );
    const { LinuxPackageVersion, LinuxInstallerParams, WindowsPackageVersion, WindowsInstallerParams, ...rest } = now.Association.Properties.Parameters;
    expect([LinuxPackageVersion, LinuxInstallerParams, WindowsPackageVersion, WindowsInstallerParams]).toEqual([[''], [''], [''], ['']]);
    expect({ ...now, Association: { ...now.Association, Properties: { ...now.Association.Properties, Parameters: rest } } }).toEqual(before);
  });

  it('a hand launch with only the defaults creates what the automated launch creates', () => {
    const byHand = evaluator(template, {}, PSEUDO, fakeDirectory(distributorContext('v1.3.0')));
    expect(byHand.evaluate(template.Resources)).toEqual(automated(template, 'v1.3.0')(template.Resources));
  });

  it('refuses installer options for the versions that cannot carry them, and bad values up front', () => {
    for (const version of ['v1.0.0', 'v1.1.0', 'v1.2.0']) {
      expect(() =>
        SSM_DISTRIBUTOR.templateParameters(distributorContext(version, { assignment: { credentialsSecretArn: SECRET, sensorTags: ['Prod'] } })),
      ).toThrow(`ssm-distributor ${version} has no installer options: sensorTags, proxy and the package versions need v1.3.0 or newer`);
    }
    const schema = SSM_DISTRIBUTOR.assignmentParameters;
    expect(schema.safeParse({ sensorTags: ['Prod,Web'] }).success).toBe(false);
    expect(schema.safeParse({ sensorTags: ['a"b'] }).success).toBe(false);
    expect(schema.safeParse({ proxy: { host: 'proxy.example.com', port: 70000 } }).success).toBe(false);
    expect(schema.safeParse({ proxy: { host: 'proxy.example.com; id', port: 80 } }).success).toBe(false);
    expect(schema.safeParse({ linuxPackageVersion: 'latest' }).success).toBe(false);
    expect(schema.safeParse({ sensorTags: ['Prod'], proxy: { host: '10.0.0.1', port: 3128 }, windowsPackageVersion: '7.05.17706' }).success).toBe(true);
  });
});

describe('ssm-distributor registry entry', () => {
  it('lists the 29 Regions of the Distributor package and refuses others and GovCloud', () => {
    expect(new Set(DISTRIBUTOR_REGIONS).size).toBe(29);
    expect(SSM_DISTRIBUTOR.supportedRegions).toBe(DISTRIBUTOR_REGIONS);
    expect(SSM_DISTRIBUTOR.unsupportedReason('aws-us-gov', 'us-gov-1')).toMatch(/not publish .* GovCloud/);
    expect(SSM_DISTRIBUTOR.unsupportedReason('aws', 'us-gov-1')).toBeUndefined();
    for (const version of ['v1.0.0', 'v1.1.0']) {
      expect(() =>
        SSM_DISTRIBUTOR.templateParameters(distributorContext(version, { region: 'mx-central-1', assignment: { credentialsSecretArn: SECRET } })),
      ).toThrow(/not published in mx-central-1/);
    }
  });

  it('v1.0.0: computes the Region\'s secret replica and the defaults, exactly as before', () => {
    expect(SSM_DISTRIBUTOR.templateParameters(contextFor({ region: 'us-west-2', assignment: { credentialsSecretArn: SECRET } }))).toEqual({
      CredentialsSecretArn: 'arn:aws:secretsmanager:us-west-2:111111111111:secret:falcon/distributor-Xy9Z01',
      Action: 'Install',
      DocumentVersion: '$DEFAULT',
      ScheduleExpression: 'rate(1 day)',
      MaxErrors: '10%',
      MaxConcurrency: '20%',
      ApplyOnlyAtCronInterval: 'false',
      TargetTagKey: '',
      TargetTagValues: '',
    });
    // v1.0.0 needs no registration, and the directory's secret does not stand in for its required parameter.
    expect(() =>
      SSM_DISTRIBUTOR.templateParameters(contextFor({ registration: null, assignment: { credentialsSecretArn: SECRET } })),
    ).not.toThrow();
    expect(() => SSM_DISTRIBUTOR.templateParameters(distributorContext('v1.0.0'))).toThrow(/needs credentialsSecretArn/);
  });

  it('v1.1.0: the directory parameter by its SSM name, the override, the defaults and the directory revision', () => {
    const ctx = distributorContext('v1.1.0', { region: 'us-west-2' });
    expect(SSM_DISTRIBUTOR.templateParameters(ctx)).toEqual({
      SensorDownloadSecretArn: '/falcon-catalog/directory/sensor-download-secret-arn',
      CredentialsSecretArn: '',
      Action: 'Install',
      DocumentVersion: '$DEFAULT',
      ScheduleExpression: 'rate(1 day)',
      MaxErrors: '10%',
      MaxConcurrency: '20%',
      ApplyOnlyAtCronInterval: 'false',
      TargetTagKey: '',
      TargetTagValues: '',
      DirectoryRevision: directoryRevision(directoryValues(ctx)),
    });
    expect(
      SSM_DISTRIBUTOR.templateParameters(
        distributorContext('v1.1.0', {
          region: 'us-west-2',
          assignment: { credentialsSecretArn: SECRET, targetTagKey: 'falcon', targetTagValues: ['a', 'b'], permissionsBoundaryPolicyName: 'B' },
        }),
      ),
    ).toMatchObject({
      CredentialsSecretArn: 'arn:aws:secretsmanager:us-west-2:111111111111:secret:falcon/distributor-Xy9Z01',
      TargetTagKey: 'falcon',
      TargetTagValues: 'a,b',
      PermissionsBoundaryPolicyName: 'B',
    });
  });

  it('v1.1.0: a new registration or sensor secret changes the revision, so the core updates the stack', () => {
    expectRevisionFollowsDirectory(SSM_DISTRIBUTOR, (options) => distributorContext('v1.1.0', options), DIRECTORY_SECRET);
  });

  it('v1.1.0: needs the registration and the directory\'s sensor secret, and says where to set it', () => {
    expect(() => SSM_DISTRIBUTOR.templateParameters(distributorContext('v1.1.0', { registration: null }))).toThrow(
      MissingRegistrationError,
    );
    // Without a registration the core waits for the hub, whatever else is missing.
    expect(() => SSM_DISTRIBUTOR.templateParameters(contextFor({ version: 'v1.1.0', registration: null }))).toThrow(
      MissingRegistrationError,
    );
    for (const assignment of [{}, { credentialsSecretArn: SECRET }]) {
      expect(() => SSM_DISTRIBUTOR.templateParameters(contextFor({ version: 'v1.1.0', assignment }))).toThrow(
        /ssm-distributor v1\.1\.0 .*portfolio\.selfService\.sensorDownloadSecretArn .*credentialsSecretArn/,
      );
    }
    expect(() =>
      SSM_DISTRIBUTOR.templateParameters(
        distributorContext('v1.1.0', { assignment: { credentialsSecretArn: SECRET.replace('arn:aws:', 'arn:aws-us-gov:') } }),
      ),
    ).toThrow(/partition aws-us-gov, but the organisation is in aws/);
  });

  it('every value fits the template parameter it is passed to, in every version', () => {
    const assignment = {
      credentialsSecretArn: SECRET, targetTagKey: 'falcon', targetTagValues: ['yes', 'prod'], action: 'Uninstall',
      maxErrors: '0', maxConcurrency: '100%', scheduleExpression: 'rate(12 hours)', documentVersion: '4',
      applyOnlyAtCronInterval: false, permissionsBoundaryPolicyName: 'B',
    };
    for (const version of ['v1.0.0', 'v1.1.0', 'v1.2.0', 'v1.3.0']) {
      const template = snapshotTemplate('ssm-distributor', version);
      for (const ctx of [distributorContext(version, { assignment }), ...(version === 'v1.0.0' ? [] : [distributorContext(version)])]) {
        for (const [name, value] of Object.entries(SSM_DISTRIBUTOR.templateParameters(ctx))) {
          const declared = template.Parameters[name] as Json;
          expect(declared, `${version} ${name} is declared`).toBeDefined();
          if (declared.AllowedPattern) expect(value, `${version} ${name}`).toMatch(new RegExp(declared.AllowedPattern));
          if (declared.AllowedValues) expect(declared.AllowedValues, `${version} ${name}`).toContain(value);
        }
      }
    }
  });

  it('validates assignments strictly: versions, tag key with values, no unknown keys; the secret optional', () => {
    const schema = SSM_DISTRIBUTOR.assignmentParameters;
    expect(schema.safeParse({ credentialsSecretArn: SECRET, documentVersion: '2' }).success).toBe(false);
    expect(schema.safeParse({ credentialsSecretArn: SECRET, documentVersion: '$LATEST' }).success).toBe(true);
    expect(schema.safeParse({ credentialsSecretArn: SECRET, targetTagKey: 'falcon' }).success).toBe(false);
    expect(schema.safeParse({ credentialsSecretArn: SECRET, targetTagKey: 'falcon', targetTagValues: ['on'] }).success).toBe(true);
    expect(schema.safeParse({ credentialsSecretArn: SECRET, clientSecret: 'x' }).success).toBe(false);
    expect(schema.safeParse({ credentialsSecretArn: 'falcon/distributor' }).success).toBe(false);
    expect(schema.safeParse({}).success).toBe(true);
  });

  it('lists the directory entry v1.1.0 reads, and none for v1.0.0', () => {
    expect(SSM_DISTRIBUTOR.directoryEntries?.('v1.0.0')).toEqual([]);
    expect(SSM_DISTRIBUTOR.directoryEntries?.('v1.1.0')).toEqual(['sensorDownloadSecretArn']);
    expect(SSM_DISTRIBUTOR.directoryEntries?.('v1.2.0')).toEqual(['sensorDownloadSecretArn']);
    expect(SSM_DISTRIBUTOR.directoryEntries?.('v1.3.0')).toEqual(['sensorDownloadSecretArn']);
    expect(SSM_DISTRIBUTOR.versions.map((v) => v.name)).toEqual(['v1.0.0', 'v1.1.0', 'v1.2.0', 'v1.3.0']);
  });
});
