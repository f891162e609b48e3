/**
 * The sensor-management product in its versions: v1.0.0 to v1.2.0 from their committed snapshots (what existing
 * provisioned products run), v1.3.0 as the class builds it (CrowdStrike's current code buckets, and the Falcon
 * address of GovCloud tenants). The same security assertions run against them, evaluated with the registry's
 * templateParameters; the directory-reading versions also with no input at all (a hand launch).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DIRECTORY_REVISION_DEFAULT,
  directoryRevision,
  directoryValues,
} from '../../products/directory/entries';
import { SENSOR_MANAGEMENT, SENSOR_MANAGEMENT_DIRECTORY_PARAMETERS, falconAddressFor } from '../../products/sensor-management/definition';
import { ORCHESTRATOR_CODE } from '../../products/sensor-management/orchestrator-code';
import { SECRET_ARN_PATTERN } from '../../products/kit/definition-helpers';
import { MissingRegistrationError } from '../../vocabulary';
import { ORCHESTRATOR_FUNCTION_NAME } from '../../products/sensor-management/template';
import { type ContextOptions, REGISTRATION, contextFor } from './contexts';
import {
  Json,
  evaluator,
  fakeDirectory,
  resource,
  snapshotTemplate,
  statement,
  statementsOf,
  stripBoundaries,
  synthesizeProducts,
} from './product-templates';
import { expectDirectoryDefaults, expectLaunchableWithoutInput, expectRevisionFollowsDirectory } from './directory-contract';

const SECRET = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:falcon/sensor-install-AbC123';
const SECRET_HOME = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:falcon/sensor-install-AbC123';
/** The directory's sensor-download secret (portfolio.selfService), primary in another Region than the home one. */
const DIRECTORY_SECRET = 'arn:aws:secretsmanager:eu-west-1:999999999999:secret:falcon/sensor-download-ZyX987';
const DIRECTORY_SECRET_HOME = 'arn:aws:secretsmanager:us-east-1:999999999999:secret:falcon/sensor-download-ZyX987';
const GOV_DIRECTORY_SECRET = 'arn:aws-us-gov:secretsmanager:us-gov-east-1:999999999999:secret:falcon/sensor-download-ZyX987';
const PSEUDO = { Partition: 'aws', Region: 'us-east-1', AccountId: '222222222222' };
const GOV_PSEUDO = { Partition: 'aws-us-gov', Region: 'us-gov-west-1', AccountId: '222222222222' };

/** A context with the directory's sensor-download secret set (the manifest validator requires it for v1.1.0). */
function sensorContext(version: string, options: ContextOptions = {}) {
  const gov = options.partition === 'aws-us-gov';
  return contextFor({ sensorDownloadSecretArn: gov ? GOV_DIRECTORY_SECRET : DIRECTORY_SECRET, ...options, version });
}

/** `template`'s resources as CloudFormation would create them for the automated launch of `options`. */
function automated(template: Json, version: string, options: ContextOptions, pseudo: Record<string, string> = PSEUDO) {
  const ctx = sensorContext(version, options);
  return evaluator(template, SENSOR_MANAGEMENT.templateParameters(ctx), pseudo, fakeDirectory(ctx)).evaluate;
}

/**
 * What holds in every version for the automated launch with an assignment secret: the published artifact, a secret
 * ARN (never a credential) in the environment, and least-privilege roles. `load` gives the suite's template.
 */
function describeSecurity(version: string, load: () => Json) {
  let template: Json;
  let evaluate: (v: unknown) => unknown;

  beforeAll(() => {
    template = load();
    evaluate = automated(template, version, { assignment: { credentialsSecretArn: SECRET } });
  });

  it(`${version}: runs CrowdStrike's published orchestrator artifact from its per-Region bucket, not a rebuilt copy`, () => {
    const fn = resource(template, 'Orchestrator').Properties;
    const current = { S3Bucket: 'cs-prod-cloudconnect-templates-use1-4721cdb0', S3Key: 'aws/lambda/horizon-sensor-installation-orchestrator.zip' };
    const former = { S3Bucket: 'cs-horizon-sensormgmt-lambda-us-east-1', S3Key: 'aws/horizon-sensor-installation-orchestrator.zip' };
    expect(evaluate(fn.Code)).toEqual(version === 'v1.3.0' ? current : former);
    expect(fn.FunctionName).toBe(ORCHESTRATOR_FUNCTION_NAME);
    expect(fn.Runtime).toBe('provided.al2023');
  });

  it(`${version}: gives the orchestrator a secret ARN, never a credential, in its environment`, () => {
    const env = evaluate(resource(template, 'Orchestrator').Properties.Environment.Variables);
    const address = version === 'v1.3.0' ? { CS_ADDRESS: '' } : {};
    expect(env).toEqual({ CS_API_CREDENTIALS_AWS_SECRET: SECRET_HOME, CS_MODE: 'force_auth', CS_GOV_CLOUD: 'false', ...address });
  });

  it(`${version}: lets Falcon (external ID) invoke only the orchestrator and read command results`, () => {
    const role = resource(template, 'SensorManagementRole');
    const [trust] = evaluate(role.Properties.AssumeRolePolicyDocument.Statement) as Json[];
    expect(trust).toEqual({
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${REGISTRATION.crowdStrikeAccountId}:role/${REGISTRATION.intermediateRoleName}` },
      Condition: { StringEquals: { 'sts:ExternalId': REGISTRATION.externalId } },
    });
    expect(evaluate(statementsOf(role))).toEqual([
      {
        Sid: 'InvokeOrchestrator',
        Effect: 'Allow',
        Action: ['lambda:InvokeFunction', 'lambda:InvokeAsync'],
        Resource: `arn:aws:lambda:us-east-1:222222222222:function:${ORCHESTRATOR_FUNCTION_NAME}`,
      },
      {
        Sid: 'ReadOrchestratorDocuments',
        Effect: 'Allow',
        Action: 'ssm:GetDocument',
        Resource: ['arn:aws:ssm:*:*:document/CrowdStrike-*', 'arn:aws:ssm:*::document/AWS-ConfigureAWSPackage'],
      },
      {
        Sid: 'ReadCommandResults',
        Effect: 'Allow',
        Action: ['ssm:GetCommandInvocation', 'ssm:ListCommands', 'ssm:ListCommandInvocations'],
        Resource: '*',
      },
    ]);
  });

  it(`${version}: scopes the orchestrator to CrowdStrike documents on this account's instances, its logs and its one secret`, () => {
    const role = resource(template, 'OrchestratorRole');
    expect(evaluate(role.Properties.AssumeRolePolicyDocument.Statement)).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'lambda.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': '222222222222' } },
      },
    ]);
    const send = evaluate(statement(role, 'SendInstallCommands')) as Json;
    expect(send.Action).toBe('ssm:SendCommand');
    expect(send.Resource).toEqual([
      'arn:aws:ssm:*:*:document/CrowdStrike-*',
      'arn:aws:ssm:*::document/AWS-ConfigureAWSPackage',
      'arn:aws:ec2:*:222222222222:instance/*',
    ]);
    expect(send.Resource).not.toContain('arn:aws:ssm:*:*:document/*');
    expect((evaluate(statement(role, 'WriteOwnLogs')) as Json).Resource).toBe(
      `arn:aws:logs:us-east-1:222222222222:log-group:/aws/lambda/${ORCHESTRATOR_FUNCTION_NAME}:log-stream:*`,
    );
    expect(evaluate(statement(role, 'ReadFalconCredential'))).toMatchObject({
      Action: 'secretsmanager:GetSecretValue',
      Resource: SECRET_HOME,
    });
    expect(evaluate(statement(role, 'DecryptFalconCredential'))).toMatchObject({
      Action: 'kms:Decrypt',
      Condition: {
        StringEquals: {
          'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com',
          'kms:EncryptionContext:SecretARN': SECRET_HOME,
        },
      },
    });
  });

  it(`${version}: keeps orchestrator logs a year by default, never less, in a log group that exists before the function`, () => {
    expect(template.Parameters.LogRetentionDays.Default).toBe(365);
    expect(template.Parameters.LogRetentionDays.AllowedValues.every((d: string) => Number(d) >= 365)).toBe(true);
    expect(resource(template, 'OrchestratorLogGroup').Properties).toEqual({
      LogGroupName: `/aws/lambda/${ORCHESTRATOR_FUNCTION_NAME}`,
      RetentionInDays: { Ref: 'LogRetentionDays' },
    });
    expect(resource(template, 'Orchestrator').DependsOn).toEqual([expect.stringMatching(/^OrchestratorLogGroup/)]);
  });

  it(`${version}: switches the orchestrator to the GovCloud API for GovCloud Falcon tenants`, () => {
    const gov = automated(
      template,
      version,
      { partition: 'aws-us-gov', cloud: 'us-gov-1', assignment: { credentialsSecretArn: SECRET.replace('arn:aws:', 'arn:aws-us-gov:') } },
      GOV_PSEUDO,
    );
    expect((gov(resource(template, 'Orchestrator').Properties.Environment.Variables) as Json).CS_GOV_CLOUD).toBe('true');
  });
}

describe('sensor-management v1.0.0 (published snapshot)', () => {
  let template: Json;
  beforeAll(() => {
    template = snapshotTemplate('sensor-management', 'v1.0.0');
  });

  describeSecurity('v1.0.0', () => template);

  it('takes every Falcon value and the secret ARN as required, constrained parameters', () => {
    expect(template.Parameters.CredentialsSecretArn).toMatchObject({ Type: 'String', AllowedPattern: SECRET_ARN_PATTERN });
    expect(template.Parameters.CredentialsSecretArn.Default).toBeUndefined();
    expect(template.Parameters.CrowdStrikeAccountId).toMatchObject({ Type: 'String', AllowedPattern: '^\\d{12}$' });
    expect(resource(template, 'Orchestrator').Properties.Environment.Variables.CS_API_CREDENTIALS_AWS_SECRET).toEqual({
      Ref: 'CredentialsSecretArn',
    });
  });
});

describe('sensor-management v1.1.0 (published snapshot: Falcon values and secret from the directory)', () => {
  let template: Json;
  beforeAll(() => {
    template = snapshotTemplate('sensor-management', 'v1.1.0');
  });

  describeSecurity('v1.1.0', () => template);

  it('was followed by v1.2.0 (published): the same template with the product boundary on every role', () => {
    expect(stripBoundaries(snapshotTemplate('sensor-management', 'v1.2.0'))).toEqual(stripBoundaries(template));
  });

  it('reads the CrowdStrike values, the Falcon cloud and the sensor-download secret from the directory, pre-filled', () => {
    expectDirectoryDefaults(template, SENSOR_MANAGEMENT_DIRECTORY_PARAMETERS);
    expect(Object.keys(template.Parameters)).toEqual([
      'CrowdStrikeAccountId', 'CrowdStrikeRoleName', 'ExternalId', 'FalconCloud', 'SensorDownloadSecretArn',
      'CredentialsSecretArn', 'LogRetentionDays', 'PermissionsBoundaryPolicyName', 'DirectoryRevision',
    ]);
    expect(template.Parameters.DirectoryRevision).toMatchObject({ Type: 'String', Default: DIRECTORY_REVISION_DEFAULT });
    expect(template.Outputs.DirectoryRevisionInUse.Value).toEqual({ Ref: 'DirectoryRevision' });
  });

  it('takes an optional secret override: empty by default, else a full secret ARN', () => {
    expect(template.Parameters.CredentialsSecretArn).toMatchObject({
      Type: 'String',
      Default: '',
      AllowedPattern: `^$|${SECRET_ARN_PATTERN}`,
    });
    const pattern = new RegExp(template.Parameters.CredentialsSecretArn.AllowedPattern);
    for (const ok of ['', SECRET, GOV_DIRECTORY_SECRET]) expect(pattern.test(ok), ok).toBe(true);
    for (const bad of ['falcon/sensor-install', 'arn:aws:secretsmanager:us-east-1:111111111111:secret:x', 'arn:aws:s3:::b']) {
      expect(pattern.test(bad), bad).toBe(false);
    }
    expect(template.Conditions.HasCredentialsSecretArn).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'CredentialsSecretArn' }, ''] }],
    });
  });

  it('labels and defaults every parameter, so the launch form needs no input', () => {
    expectLaunchableWithoutInput(template);
  });

  it('uses the chosen secret everywhere: the environment and both IAM grants', () => {
    const uses = (evaluate: (v: unknown) => unknown) => {
      const role = resource(template, 'OrchestratorRole');
      return [
        (evaluate(resource(template, 'Orchestrator').Properties.Environment.Variables) as Json).CS_API_CREDENTIALS_AWS_SECRET,
        (evaluate(statement(role, 'ReadFalconCredential')) as Json).Resource,
        (evaluate(statement(role, 'DecryptFalconCredential')) as Json).Condition.StringEquals['kms:EncryptionContext:SecretARN'],
      ];
    };
    // The directory's secret (its home-Region replica) unless the assignment names one.
    expect(uses(automated(template, 'v1.1.0', {}))).toEqual(Array(3).fill(DIRECTORY_SECRET_HOME));
    expect(uses(automated(template, 'v1.1.0', { assignment: { credentialsSecretArn: SECRET } }))).toEqual(Array(3).fill(SECRET_HOME));
    // By hand, with only the defaults: the directory's secret.
    const ctx = sensorContext('v1.1.0');
    expect(uses(evaluator(template, {}, PSEUDO, fakeDirectory(ctx)).evaluate)).toEqual(Array(3).fill(DIRECTORY_SECRET_HOME));
    // By hand, with an override typed in.
    const typed = evaluator(template, { CredentialsSecretArn: SECRET_HOME }, PSEUDO, fakeDirectory(ctx)).evaluate;
    expect(uses(typed)).toEqual(Array(3).fill(SECRET_HOME));
  });

  const launches: { name: string; options: ContextOptions; pseudo: Record<string, string> }[] = [
    { name: 'commercial', options: { assignment: { credentialsSecretArn: SECRET } }, pseudo: PSEUDO },
    {
      name: 'commercial, with a boundary and 731-day logs',
      options: { assignment: { credentialsSecretArn: SECRET, logRetentionDays: 731, permissionsBoundaryPolicyName: 'Boundary' } },
      pseudo: PSEUDO,
    },
    {
      name: 'GovCloud',
      options: { partition: 'aws-us-gov', cloud: 'us-gov-1', assignment: { credentialsSecretArn: SECRET.replace('arn:aws:', 'arn:aws-us-gov:') } },
      pseudo: GOV_PSEUDO,
    },
  ];
  for (const { name, options, pseudo } of launches) {
    it(`creates exactly the resources v1.0.0 creates for the same automated launch (${name})`, () => {
      const v1 = snapshotTemplate('sensor-management', 'v1.0.0');
      expect(automated(template, 'v1.1.0', options, pseudo)(template.Resources)).toEqual(
        automated(v1, 'v1.0.0', options, pseudo)(v1.Resources),
      );
    });
  }

  for (const { name, options, pseudo } of [
    { name: 'commercial', options: {}, pseudo: PSEUDO },
    { name: 'GovCloud', options: { partition: 'aws-us-gov', cloud: 'us-gov-2' } as ContextOptions, pseudo: GOV_PSEUDO },
  ]) {
    it(`a hand launch with only the defaults creates what the automated launch creates (${name})`, () => {
      const ctx = sensorContext('v1.1.0', options);
      const byHand = evaluator(template, {}, pseudo, fakeDirectory(ctx));
      const resources = byHand.evaluate(template.Resources) as Json;
      expect(resources).toEqual(automated(template, 'v1.1.0', options, pseudo)(template.Resources));
      expect(resources.SensorManagementRole.Properties.AssumeRolePolicyDocument.Statement[0]).toMatchObject({
        Principal: { AWS: `arn:${pseudo.Partition}:iam::${REGISTRATION.crowdStrikeAccountId}:role/${REGISTRATION.intermediateRoleName}` },
        Condition: { StringEquals: { 'sts:ExternalId': REGISTRATION.externalId } },
      });
      expect(resources.Orchestrator.Properties.Environment.Variables.CS_GOV_CLOUD).toBe(pseudo === GOV_PSEUDO ? 'true' : 'false');
      expect(resources.OrchestratorLogGroup.Properties.RetentionInDays).toBe('365');
      expect(byHand.evaluate(template.Outputs.DirectoryRevisionInUse.Value)).toBe(DIRECTORY_REVISION_DEFAULT);
    });
  }

  it('fails the launch, rather than guess, without the directory or without its sensor-download secret', () => {
    const env = resource(template, 'Orchestrator').Properties.Environment.Variables;
    expect(() => evaluator(template, {}, PSEUDO, {}).evaluate(resource(template, 'SensorManagementRole').Properties)).toThrow(
      /does not exist/,
    );
    const noSecret = fakeDirectory(contextFor({ version: 'v1.1.0' }));
    expect(() => evaluator(template, {}, PSEUDO, noSecret).evaluate(env)).toThrow(/sensor-download-secret-arn does not exist/);
    // CloudFormation resolves every SSM-typed parameter at launch, used or not, so an override does not help: hence
    // the manifest check (manifest/cross-checks.ts) and the error from templateParameters.
    const overridden = evaluator(template, { CredentialsSecretArn: SECRET_HOME }, PSEUDO, noSecret);
    expect((overridden.evaluate(env) as Json).CS_API_CREDENTIALS_AWS_SECRET).toBe(SECRET_HOME);
    expect(() => overridden.evaluate({ Ref: 'SensorDownloadSecretArn' })).toThrow(/sensor-download-secret-arn does not exist/);
  });
});

describe('sensor-management v1.3.0 (the class: CrowdStrike\'s current code, and the GovCloud Falcon address)', () => {
  const GOV_SECRET = SECRET.replace('arn:aws:', 'arn:aws-us-gov:');
  let template: Json;
  beforeAll(() => {
    template = synthesizeProducts().template('sensor-management');
  });

  describeSecurity('v1.3.0', () => template);

  it('is the locked v1.2.0 snapshot', () => {
    expect(template).toEqual(snapshotTemplate('sensor-management', 'v1.3.0'));
  });

  it('adds one optional parameter, the Falcon address, to v1.2.0\'s; everything stays launchable without input', () => {
    expect(Object.keys(template.Parameters)).toEqual([
      'CrowdStrikeAccountId', 'CrowdStrikeRoleName', 'ExternalId', 'FalconCloud', 'SensorDownloadSecretArn',
      'CredentialsSecretArn', 'LogRetentionDays', 'FalconAddress', 'DirectoryRevision',
    ]);
    expect(template.Parameters.FalconAddress).toMatchObject({ Type: 'String', Default: '' });
    expectDirectoryDefaults(template, SENSOR_MANAGEMENT_DIRECTORY_PARAMETERS);
    expectLaunchableWithoutInput(template);
  });

  it('takes the code from CrowdStrike\'s bucket of the launch Region, commercial or GovCloud', () => {
    const code = resource(template, 'Orchestrator').Properties.Code;
    const at = (pseudo: Record<string, string>, options: ContextOptions) => automated(template, 'v1.3.0', options, pseudo)(code);
    expect(at({ ...PSEUDO, Region: 'ap-southeast-7' }, { region: 'ap-southeast-7' })).toEqual({
      S3Bucket: 'cs-prod-cloudconnect-templates-apse7-25b2cfcf',
      S3Key: 'aws/lambda/horizon-sensor-installation-orchestrator.zip',
    });
    expect(at(GOV_PSEUDO, { partition: 'aws-us-gov', assignment: { credentialsSecretArn: GOV_SECRET } })).toEqual({
      S3Bucket: 'cs-horizon-sensormgmt-lambda-us-gov-west-1',
      S3Key: 'aws/horizon-sensor-installation-orchestrator.zip',
    });
    expect(Object.keys(template.Mappings.OrchestratorCode).sort()).toEqual(Object.keys(ORCHESTRATOR_CODE).sort());
  });

  it('tells GovCloud tenants\' orchestrators their Falcon address, and commercial ones none', () => {
    const address = (options: ContextOptions, pseudo = GOV_PSEUDO) =>
      (automated(template, 'v1.3.0', options, pseudo)(resource(template, 'Orchestrator').Properties.Environment.Variables) as Json)
        .CS_ADDRESS;
    const gov = (cloud: 'us-gov-1' | 'us-gov-2', extra: Record<string, unknown> = {}) =>
      ({ partition: 'aws-us-gov', cloud, assignment: { credentialsSecretArn: GOV_SECRET, ...extra } }) as ContextOptions;
    expect(address(gov('us-gov-1'))).toBe('az.laggar.gcw.crowdstrike.com:443');
    expect(address(gov('us-gov-1', { falconAddress: 'falcon.example.mil:443' }))).toBe('falcon.example.mil:443');
    expect(address(gov('us-gov-2', { falconAddress: 'falcon.example.mil:443' }))).toBe('falcon.example.mil:443');
    expect(address({ assignment: { credentialsSecretArn: SECRET } }, PSEUDO)).toBe('');
    expect(address({ cloud: 'us-gov-1', assignment: { credentialsSecretArn: SECRET } }, PSEUDO)).toBe('az.laggar.gcw.crowdstrike.com:443');
  });

  it('refuses, with the reason, a us-gov-2 tenant without an address and a Region without CrowdStrike\'s code', () => {
    expect(() => SENSOR_MANAGEMENT.templateParameters(sensorContext('v1.3.0', { partition: 'aws-us-gov', cloud: 'us-gov-2' }))).toThrow(
      /needs falconAddress for Falcon cloud us-gov-2/,
    );
    expect(() => falconAddressFor('us-1', 'ap-northeast-9', undefined)).toThrow(/no 1Click orchestrator code in ap-northeast-9/);
    expect(() =>
      SENSOR_MANAGEMENT.templateParameters(sensorContext('v1.1.0', { assignment: { falconAddress: 'falcon.example.mil:443' } })),
    ).toThrow(/v1.1.0 takes no falconAddress: it needs v1.3.0/);
    expect(() =>
      SENSOR_MANAGEMENT.templateParameters(sensorContext('v1.2.0', { assignment: { falconAddress: 'falcon.example.mil:443' } })),
    ).toThrow(/v1.2.0 takes no falconAddress: it needs v1.3.0/);
  });

  it('creates what v1.2.0 creates for the automated launch, apart from the code and the address', () => {
    const v12 = snapshotTemplate('sensor-management', 'v1.2.0');
    const options = { assignment: { credentialsSecretArn: SECRET } };
    const now = automated(template, 'v1.3.0', options)(template.Resources) as Json;
    const before = automated(v12, 'v1.2.0', options)(v12.Resources) as Json;
    // Both roles keep the product boundary.
    expect(now.SensorManagementRole.Properties.PermissionsBoundary).toBe(
      'arn:aws:iam::222222222222:policy/falcon-catalog/FalconCatalogProductBoundary',
    );
    const { Code: _code, Environment: env, ...orchestrator } = now.Orchestrator.Properties;
    const { Code: _oldCode, Environment: oldEnv, ...oldOrchestrator } = before.Orchestrator.Properties;
    expect(orchestrator).toEqual(oldOrchestrator);
    const { CS_ADDRESS: _address, ...variables } = env.Variables;
    expect(variables).toEqual(oldEnv.Variables);
    expect({ ...now, Orchestrator: undefined }).toEqual({ ...before, Orchestrator: undefined });
  });

  it('a hand launch with only the defaults creates what the automated launch creates (GovCloud us-gov-1)', () => {
    const options: ContextOptions = { partition: 'aws-us-gov', cloud: 'us-gov-1' };
    const byHand = evaluator(template, {}, GOV_PSEUDO, fakeDirectory(sensorContext('v1.3.0', options)));
    expect(byHand.evaluate(template.Resources)).toEqual(automated(template, 'v1.3.0', options, GOV_PSEUDO)(template.Resources));
  });
});

describe('sensor-management templateParameters', () => {
  it('v1.0.0: the registration, the Falcon cloud, and the home-Region replica of the secret, exactly as before', () => {
    expect(
      SENSOR_MANAGEMENT.templateParameters(
        contextFor({ assignment: { credentialsSecretArn: SECRET, logRetentionDays: 731, permissionsBoundaryPolicyName: 'Boundary' } }),
      ),
    ).toEqual({
      CrowdStrikeAccountId: REGISTRATION.crowdStrikeAccountId,
      CrowdStrikeRoleName: REGISTRATION.intermediateRoleName,
      ExternalId: REGISTRATION.externalId,
      FalconCloud: 'us-1',
      CredentialsSecretArn: SECRET_HOME,
      LogRetentionDays: '731',
      PermissionsBoundaryPolicyName: 'Boundary',
    });
    // The directory's secret does not stand in for v1.0.0's required parameter.
    expect(() => SENSOR_MANAGEMENT.templateParameters(sensorContext('v1.0.0'))).toThrow(/needs credentialsSecretArn/);
  });

  it('v1.1.0: every directory parameter by its SSM name, the override, retention and the directory revision', () => {
    const ctx = sensorContext('v1.1.0');
    expect(SENSOR_MANAGEMENT.templateParameters(ctx)).toEqual({
      CrowdStrikeAccountId: '/falcon-catalog/directory/crowdstrike-account-id',
      CrowdStrikeRoleName: '/falcon-catalog/directory/crowdstrike-role-name',
      ExternalId: '/falcon-catalog/directory/external-id',
      FalconCloud: '/falcon-catalog/directory/falcon-cloud',
      SensorDownloadSecretArn: '/falcon-catalog/directory/sensor-download-secret-arn',
      CredentialsSecretArn: '',
      LogRetentionDays: '365',
      DirectoryRevision: directoryRevision(directoryValues(ctx)),
    });
    expect(
      SENSOR_MANAGEMENT.templateParameters(
        sensorContext('v1.1.0', {
          assignment: { credentialsSecretArn: SECRET, logRetentionDays: 731, permissionsBoundaryPolicyName: 'Boundary' },
        }),
      ),
    ).toMatchObject({ CredentialsSecretArn: SECRET_HOME, LogRetentionDays: '731', PermissionsBoundaryPolicyName: 'Boundary' });
  });

  it('v1.1.0: a new registration or sensor secret changes the revision, so the core updates the stack', () => {
    expectRevisionFollowsDirectory(SENSOR_MANAGEMENT, (options) => sensorContext('v1.1.0', options), DIRECTORY_SECRET);
  });

  it('v1.1.0: needs the directory\'s sensor secret, even with an override, and says where to set it', () => {
    for (const assignment of [{}, { credentialsSecretArn: SECRET }]) {
      expect(() => SENSOR_MANAGEMENT.templateParameters(contextFor({ version: 'v1.1.0', assignment }))).toThrow(
        /sensor-management v1\.1\.0 .*portfolio\.selfService\.sensorDownloadSecretArn .*credentialsSecretArn/,
      );
    }
  });

  it('every value fits the template parameter it is passed to, in every version', () => {
    const assignment = { credentialsSecretArn: SECRET, logRetentionDays: 731, permissionsBoundaryPolicyName: 'B' };
    for (const version of ['v1.0.0', 'v1.1.0', 'v1.2.0', 'v1.3.0']) {
      const template = snapshotTemplate('sensor-management', version);
      for (const ctx of [sensorContext(version, { assignment }), ...(version === 'v1.0.0' ? [] : [sensorContext(version)])]) {
        for (const [name, value] of Object.entries(SENSOR_MANAGEMENT.templateParameters(ctx))) {
          const declared = template.Parameters[name] as Json;
          expect(declared, `${version} ${name} is declared`).toBeDefined();
          if (declared.AllowedPattern) expect(value, `${version} ${name}`).toMatch(new RegExp(declared.AllowedPattern));
          if (declared.AllowedValues) expect(declared.AllowedValues.map(String), `${version} ${name}`).toContain(value);
        }
      }
    }
  });

  it('refuses a secret from another partition, a missing registration, and short log retention', () => {
    for (const version of ['v1.0.0', 'v1.1.0', 'v1.2.0', 'v1.3.0']) {
      expect(() =>
        SENSOR_MANAGEMENT.templateParameters(
          sensorContext(version, { partition: 'aws-us-gov', assignment: { credentialsSecretArn: SECRET } }),
        ),
      ).toThrow(/partition aws, but the organisation is in aws-us-gov/);
      expect(() =>
        SENSOR_MANAGEMENT.templateParameters(sensorContext(version, { registration: null, assignment: { credentialsSecretArn: SECRET } })),
      ).toThrow(MissingRegistrationError);
    }
    const schema = SENSOR_MANAGEMENT.assignmentParameters;
    expect(schema.safeParse({ credentialsSecretArn: SECRET, logRetentionDays: 1 }).success).toBe(false);
    expect(schema.safeParse({ credentialsSecretArn: 'falcon/sensor-install' }).success).toBe(false);
    expect(schema.safeParse({ credentialsSecretArn: SECRET, clientSecret: 'x' }).success).toBe(false);
    // Optional from v1.1.0 (the directory's secret); v1.0.0 still refuses to launch without it (above).
    expect(schema.safeParse({}).success).toBe(true);
    expect(SENSOR_MANAGEMENT.unsupportedReason('aws-us-gov', 'us-1')).toMatch(/GovCloud Falcon tenant/);
    expect(SENSOR_MANAGEMENT.unsupportedReason('aws', 'us-gov-1')).toBeUndefined();
  });

  it('lists the directory entries v1.1.0 and newer read, and none for v1.0.0', () => {
    expect(SENSOR_MANAGEMENT.directoryEntries?.('v1.0.0')).toEqual([]);
    expect(SENSOR_MANAGEMENT.directoryEntries?.('v1.1.0')).toEqual([
      'crowdStrikeAccountId', 'crowdStrikeRoleName', 'externalId', 'falconCloud', 'sensorDownloadSecretArn',
    ]);
    for (const version of ['v1.2.0', 'v1.3.0']) {
      expect(SENSOR_MANAGEMENT.directoryEntries?.(version)).toEqual(SENSOR_MANAGEMENT.directoryEntries?.('v1.1.0'));
    }
    expect(SENSOR_MANAGEMENT.versions.map((v) => v.name)).toEqual(['v1.0.0', 'v1.1.0', 'v1.2.0', 'v1.3.0']);
    expect(SENSOR_MANAGEMENT.versions.at(-1)!.minimumLaunchRole).toBe('v1.5.0');
  });
});
