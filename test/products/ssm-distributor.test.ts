import { beforeAll, describe, expect, it } from 'vitest';
import { DISTRIBUTOR_REGIONS, SSM_DISTRIBUTOR } from '../../products/definitions/ssm-distributor';
import { Json, evaluator, resource, statementsOf, synthesizeProducts } from './product-templates';
import { contextFor } from './contexts';

const SECRET = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:falcon/distributor-Xy9Z01';
const PSEUDO = { Partition: 'aws', Region: 'eu-west-1', AccountId: '222222222222' };

describe('ssm-distributor product template', () => {
  let template: Json;
  const evaluate = (assignment: Record<string, unknown>, value: unknown) =>
    evaluator(
      template,
      SSM_DISTRIBUTOR.templateParameters(contextFor({ region: 'eu-west-1', assignment: { credentialsSecretArn: SECRET, ...assignment } })),
      PSEUDO,
    ).evaluate(value);

  beforeAll(() => {
    template = synthesizeProducts().template('ssm-distributor', 'eu-west-1');
  });

  it('associates CrowdStrike-FalconSensorDeploy with every managed instance by default, with rate controls', () => {
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
        AutomationAssumeRole: [expect.objectContaining({ 'Fn::GetAtt': ['AutomationRole', 'Arn'] })],
        Action: ['Install'],
        SecretStorageMethod: ['SecretsManager'],
        SecretsManagerSecretName: ['arn:aws:secretsmanager:eu-west-1:111111111111:secret:falcon/distributor-Xy9Z01'],
      },
    });
  });

  it('targets by tag when asked, and switches to Uninstall in place', () => {
    const association = resource(template, 'Association').Properties;
    const tagged = evaluate(
      { targetTagKey: 'falcon', targetTagValues: ['yes', 'prod'], action: 'Uninstall', applyOnlyAtCronInterval: true },
      association,
    ) as Json;
    expect(tagged.Targets).toEqual([{ Key: 'tag:falcon', Values: ['yes', 'prod'] }]);
    expect(tagged.Parameters.Action).toEqual(['Uninstall']);
    expect(tagged.ApplyOnlyAtCronInterval).toBe(true);
  });

  it('gives the automation role exactly what the document does, for this account and Region only', () => {
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
    const secretArn = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:falcon/distributor-Xy9Z01';
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
      { Sid: 'ReadFalconCredential', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretArn },
      {
        Sid: 'DecryptFalconCredential',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: {
          StringEquals: {
            'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com',
            'kms:EncryptionContext:SecretARN': secretArn,
          },
        },
      },
    ]);
  });

  it('creates no secret, so terminating leaves nothing behind but the shared secret it never owned', () => {
    const types = Object.values(template.Resources as Json).map((r: Json) => r.Type).sort();
    expect(types).toEqual(['AWS::IAM::Role', 'AWS::SSM::Association']);
    for (const r of Object.values(template.Resources as Json)) expect((r as Json).DeletionPolicy).toBeUndefined();
  });

  it('accepts document versions $DEFAULT, $LATEST and 3 or later only', () => {
    const pattern = new RegExp(template.Parameters.DocumentVersion.AllowedPattern);
    for (const ok of ['$DEFAULT', '$LATEST', '3', '4', '12']) expect(pattern.test(ok), ok).toBe(true);
    for (const bad of ['1', '2', '0', '03', 'latest', '']) expect(pattern.test(bad), bad).toBe(false);
  });
});

describe('ssm-distributor registry entry', () => {
  it('lists the 29 Regions of the Distributor package and refuses others and GovCloud', () => {
    expect(new Set(DISTRIBUTOR_REGIONS).size).toBe(29);
    expect(SSM_DISTRIBUTOR.supportedRegions).toBe(DISTRIBUTOR_REGIONS);
    expect(SSM_DISTRIBUTOR.unsupportedReason('aws-us-gov', 'us-gov-1')).toMatch(/not publish .* GovCloud/);
    expect(SSM_DISTRIBUTOR.unsupportedReason('aws', 'us-gov-1')).toBeUndefined();
    expect(() =>
      SSM_DISTRIBUTOR.templateParameters(contextFor({ region: 'mx-central-1', assignment: { credentialsSecretArn: SECRET } })),
    ).toThrow(/not published in mx-central-1/);
  });

  it('computes the Region\'s secret replica and the defaults', () => {
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
  });

  it('validates assignments strictly: versions, tag key with values, no unknown keys', () => {
    const schema = SSM_DISTRIBUTOR.assignmentParameters;
    expect(schema.safeParse({ credentialsSecretArn: SECRET, documentVersion: '2' }).success).toBe(false);
    expect(schema.safeParse({ credentialsSecretArn: SECRET, documentVersion: '$LATEST' }).success).toBe(true);
    expect(schema.safeParse({ credentialsSecretArn: SECRET, targetTagKey: 'falcon' }).success).toBe(false);
    expect(schema.safeParse({ credentialsSecretArn: SECRET, targetTagKey: 'falcon', targetTagValues: ['on'] }).success).toBe(true);
    expect(schema.safeParse({ credentialsSecretArn: SECRET, clientSecret: 'x' }).success).toBe(false);
  });
});
