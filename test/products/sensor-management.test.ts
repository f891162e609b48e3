import { beforeAll, describe, expect, it } from 'vitest';
import { SENSOR_MANAGEMENT } from '../../products/definitions/sensor-management';
import { ORCHESTRATOR_FUNCTION_NAME } from '../../products/sensor-management';
import { Json, evaluator, resource, statement, statementsOf, synthesizeProducts } from './product-templates';
import { REGISTRATION, contextFor } from './contexts';

const SECRET = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:falcon/sensor-install-AbC123';
const PSEUDO = { Partition: 'aws', Region: 'us-east-1', AccountId: '222222222222' };

describe('sensor-management product template', () => {
  let template: Json;
  let evaluate: (v: unknown) => unknown;

  beforeAll(() => {
    template = synthesizeProducts().template('sensor-management');
    const params = SENSOR_MANAGEMENT.templateParameters(contextFor({ assignment: { credentialsSecretArn: SECRET } }));
    ({ evaluate } = evaluator(template, params, PSEUDO));
  });

  it('runs CrowdStrike\'s published orchestrator artifact from its per-Region bucket, not a rebuilt copy', () => {
    const fn = resource(template, 'Orchestrator').Properties;
    expect(evaluate(fn.Code)).toEqual({
      S3Bucket: 'cs-horizon-sensormgmt-lambda-us-east-1',
      S3Key: 'aws/horizon-sensor-installation-orchestrator.zip',
    });
    expect(fn.FunctionName).toBe(ORCHESTRATOR_FUNCTION_NAME);
    expect(fn.Runtime).toBe('provided.al2023');
  });

  it('gives the orchestrator a secret ARN, never a credential, in its environment', () => {
    const env = evaluate(resource(template, 'Orchestrator').Properties.Environment.Variables);
    expect(env).toEqual({
      CS_API_CREDENTIALS_AWS_SECRET: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:falcon/sensor-install-AbC123',
      CS_MODE: 'force_auth',
      CS_GOV_CLOUD: 'false',
    });
  });

  it('lets Falcon (external ID) invoke only the orchestrator and read command results', () => {
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

  it('scopes the orchestrator to CrowdStrike documents on this account\'s instances, its logs and its one secret', () => {
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
      Resource: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:falcon/sensor-install-AbC123',
    });
    expect(evaluate(statement(role, 'DecryptFalconCredential'))).toMatchObject({
      Action: 'kms:Decrypt',
      Condition: {
        StringEquals: {
          'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com',
          'kms:EncryptionContext:SecretARN':
            'arn:aws:secretsmanager:us-east-1:111111111111:secret:falcon/sensor-install-AbC123',
        },
      },
    });
  });

  it('keeps orchestrator logs a year by default, never less, in a log group that exists before the function', () => {
    expect(template.Parameters.LogRetentionDays.Default).toBe(365);
    expect(template.Parameters.LogRetentionDays.AllowedValues.every((d: string) => Number(d) >= 365)).toBe(true);
    expect(resource(template, 'OrchestratorLogGroup').Properties).toEqual({
      LogGroupName: `/aws/lambda/${ORCHESTRATOR_FUNCTION_NAME}`,
      RetentionInDays: { Ref: 'LogRetentionDays' },
    });
    expect(resource(template, 'Orchestrator').DependsOn).toEqual([expect.stringMatching(/^OrchestratorLogGroup/)]);
  });

  it('switches the orchestrator to the GovCloud API for GovCloud Falcon tenants', () => {
    const params = SENSOR_MANAGEMENT.templateParameters(
      contextFor({ partition: 'aws-us-gov', cloud: 'us-gov-2', assignment: { credentialsSecretArn: SECRET.replace('arn:aws:', 'arn:aws-us-gov:') } }),
    );
    const gov = evaluator(template, params, { ...PSEUDO, Partition: 'aws-us-gov', Region: 'us-gov-west-1' });
    expect((gov.evaluate(resource(template, 'Orchestrator').Properties.Environment.Variables) as Json).CS_GOV_CLOUD).toBe('true');
  });
});

describe('sensor-management templateParameters', () => {
  it('passes the registration, the Falcon cloud, and the home-Region replica of the secret', () => {
    expect(
      SENSOR_MANAGEMENT.templateParameters(
        contextFor({ assignment: { credentialsSecretArn: SECRET, logRetentionDays: 731, permissionsBoundaryPolicyName: 'Boundary' } }),
      ),
    ).toEqual({
      CrowdStrikeAccountId: REGISTRATION.crowdStrikeAccountId,
      CrowdStrikeRoleName: REGISTRATION.intermediateRoleName,
      ExternalId: REGISTRATION.externalId,
      FalconCloud: 'us-1',
      CredentialsSecretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:falcon/sensor-install-AbC123',
      LogRetentionDays: '731',
      PermissionsBoundaryPolicyName: 'Boundary',
    });
  });

  it('refuses a secret from another partition, a missing registration, and short log retention', () => {
    expect(() =>
      SENSOR_MANAGEMENT.templateParameters(
        contextFor({ partition: 'aws-us-gov', assignment: { credentialsSecretArn: SECRET } }),
      ),
    ).toThrow(/partition aws, but the organisation is in aws-us-gov/);
    expect(() =>
      SENSOR_MANAGEMENT.templateParameters(contextFor({ registration: null, assignment: { credentialsSecretArn: SECRET } })),
    ).toThrow(/hub stack first/);
    const schema = SENSOR_MANAGEMENT.assignmentParameters;
    expect(schema.safeParse({ credentialsSecretArn: SECRET, logRetentionDays: 1 }).success).toBe(false);
    expect(schema.safeParse({ credentialsSecretArn: 'falcon/sensor-install' }).success).toBe(false);
    expect(schema.safeParse({}).success).toBe(false);
    expect(SENSOR_MANAGEMENT.unsupportedReason('aws-us-gov', 'us-1')).toMatch(/GovCloud Falcon tenant/);
    expect(SENSOR_MANAGEMENT.unsupportedReason('aws', 'us-gov-1')).toBeUndefined();
  });
});
