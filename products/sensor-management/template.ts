/**
 * Sensor-management product (Falcon 1Click), home Region only: CrowdStrike's published orchestrator function, the
 * role Falcon assumes (external ID) to invoke it and read command results, and the orchestrator's own role.
 *
 * Differences from the aws-ia/cfn-abi-crowdstrike-fcs 1Click template, on purpose:
 * - no credential in the environment: the orchestrator gets the ARN of a secret holding a separate API client with
 *   only Sensor Download and Installation Tokens read scopes (docs/decisions.md#secrets-stay-in-the-hub);
 * - ssm:SendCommand only for CrowdStrike's command documents and AWS-ConfigureAWSPackage (which installs
 *   CrowdStrike's Distributor package), on this account's instances, not `document/*` in any account;
 * - logs kept for a configurable period (default one year) instead of one day, and debug logging off;
 * - the code is CrowdStrike's published artifact in its per-Region bucket, never rebuilt or copied (v1.3.0: the
 *   buckets CrowdStrike's Terraform module uses today, orchestrator-code.ts).
 */
import { FalconProductStack } from '../kit/falcon-product-stack';
import { Aws, CfnCondition, CfnMapping, CfnOutput, Fn } from 'aws-cdk-lib';
import { ArnPrincipal, CfnRole, PolicyDocument, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { ProductStackProps } from 'aws-cdk-lib/aws-servicecatalog';
import { Construct } from 'constructs';
import { DEFAULT_LOG_RETENTION_DAYS, LOG_RETENTION_DAYS } from './definition';
import { FALCON_ADDRESS_PATTERN, GOVCLOUD_FALCON_ADDRESS, ORCHESTRATOR_CODE } from './orchestrator-code';
import { FALCON_CLOUDS, GOV_FALCON_CLOUDS } from '../../vocabulary';
import { ProductParameters, productBoundary } from '../kit/product-parameters';
import { directoryParameter, directoryRevisionParameter } from '../kit/directory-parameters';
import { credentialsSecretArn, readSecretStatements } from '../kit/secret-access';

/** Falcon calls the orchestrator by this name, so it is fixed (one 1Click installation per account). */
export const ORCHESTRATOR_FUNCTION_NAME = 'cs-horizon-sensor-installation-orchestrator';
/** v1.0.0 to v1.2.0's code location (now CrowdStrike's GovCloud one): the launch role may read it since v1.1.0. */
export const ORCHESTRATOR_CODE_BUCKET_PREFIX = 'cs-horizon-sensormgmt-lambda-';
export const ORCHESTRATOR_CODE_KEY = 'aws/horizon-sensor-installation-orchestrator.zip';
/** Falcon assumes the role by this name; the orchestrator role shares the prefix the launch role passes to Lambda. */
export const SENSOR_MANAGEMENT_ROLE_NAME = 'CrowdStrikeSensorManagement';
export const ORCHESTRATOR_ROLE_NAME = 'CrowdStrikeSensorManagementOrchestrator';

/** Documents the orchestrator may run: CrowdStrike's command documents, and the AWS package installer. */
export function orchestratorDocumentArns(): string[] {
  return [
    `arn:${Aws.PARTITION}:ssm:*:*:document/CrowdStrike-*`,
    `arn:${Aws.PARTITION}:ssm:*::document/AWS-ConfigureAWSPackage`,
  ];
}

/**
 * Builds the newest version, v1.3.0: the CrowdStrike values, the Falcon cloud and (unless overridden) the
 * sensor-download secret come from the Falcon directory in the launching account, so a hand launch needs no input;
 * the code comes from CrowdStrike's current bucket for the Region, and a GovCloud tenant's orchestrator is told the
 * Falcon address to authenticate against (`CS_ADDRESS`, as CrowdStrike's module sets it); both roles carry the product
 * boundary. v1.0.0 (every value a parameter), v1.1.0 and v1.2.0 (the former code bucket, no address) are published
 * from their snapshots.
 */
export class SensorManagementProduct extends FalconProductStack {
  constructor(scope: Construct, id: string, props: ProductStackProps = {}) {
    super(scope, id, props);
    const params = new ProductParameters(this);

    params.group('CrowdStrike access (from the Falcon directory in this account)');
    const csAccount = directoryParameter(params, 'CrowdStrikeAccountId', 'crowdStrikeAccountId');
    const csRole = directoryParameter(params, 'CrowdStrikeRoleName', 'crowdStrikeRoleName');
    const externalId = directoryParameter(params, 'ExternalId', 'externalId');
    const cloud = directoryParameter(params, 'FalconCloud', 'falconCloud');

    params.group('Orchestrator');
    const secretArn = credentialsSecretArn(this, params, 'the orchestrator', '{"ClientId","ClientSecret"}');
    const retention = params.add('LogRetentionDays', {
      label: 'Log retention (days)',
      description: 'How long the orchestrator log group keeps its events.',
      type: 'Number',
      default: DEFAULT_LOG_RETENTION_DAYS,
      allowedValues: LOG_RETENTION_DAYS.map(String),
    });
    const addressOverride = params.add('FalconAddress', {
      label: 'Falcon address (GovCloud Falcon only, optional)',
      description:
        'host:port the orchestrator authenticates against. Leave empty for CrowdStrike\'s address of us-gov-1; ' +
        'required for us-gov-2; ignored by commercial Falcon.',
      type: 'String',
      default: '',
      allowedPattern: `^$|${FALCON_ADDRESS_PATTERN}`,
      constraintDescription: 'empty, or host:port',
    });
    const applyBoundary = productBoundary();
    directoryRevisionParameter(this, params);
    params.writeInterface();

    const code = new CfnMapping(this, 'OrchestratorCode', {
      mapping: Object.fromEntries(Object.entries(ORCHESTRATOR_CODE).map(([region, c]) => [region, { Bucket: c.bucket, Key: c.key }])),
    });
    const addresses = new CfnMapping(this, 'FalconAddresses', {
      mapping: Object.fromEntries(
        FALCON_CLOUDS.map((c) => [c, { Address: GOVCLOUD_FALCON_ADDRESS[c] ?? '' }]),
      ),
    });
    const hasAddressOverride = new CfnCondition(this, 'HasFalconAddress', {
      expression: Fn.conditionNot(Fn.conditionEquals(addressOverride.valueAsString, '')),
    });

    const isGovFalcon = new CfnCondition(this, 'IsGovCloudFalcon', {
      expression: Fn.conditionOr(...GOV_FALCON_CLOUDS.map((c) => Fn.conditionEquals(cloud.valueAsString, c))),
    });
    const functionArn = `arn:${Aws.PARTITION}:lambda:${Aws.REGION}:${Aws.ACCOUNT_ID}:function:${ORCHESTRATOR_FUNCTION_NAME}`;
    const logGroupArn = `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:/aws/lambda/${ORCHESTRATOR_FUNCTION_NAME}`;

    const falconRole = new CfnRole(this, 'SensorManagementRole', {
      roleName: SENSOR_MANAGEMENT_ROLE_NAME,
      description: 'CrowdStrike Falcon 1Click: invoke the sensor installation orchestrator and read its command results',
      maxSessionDuration: 3600,
      assumeRolePolicyDocument: new PolicyDocument({
        statements: [
          new PolicyStatement({
            actions: ['sts:AssumeRole'],
            principals: [
              new ArnPrincipal(`arn:${Aws.PARTITION}:iam::${csAccount.valueAsString}:role/${csRole.valueAsString}`),
            ],
            conditions: { StringEquals: { 'sts:ExternalId': externalId.valueAsString } },
          }),
        ],
      }).toJSON(),
      policies: [
        {
          policyName: 'invoke-orchestrator',
          policyDocument: new PolicyDocument({
            statements: [
              new PolicyStatement({
                sid: 'InvokeOrchestrator',
                actions: ['lambda:InvokeFunction', 'lambda:InvokeAsync'],
                resources: [functionArn],
              }),
              new PolicyStatement({
                sid: 'ReadOrchestratorDocuments',
                actions: ['ssm:GetDocument'],
                resources: orchestratorDocumentArns(),
              }),
              new PolicyStatement({
                sid: 'ReadCommandResults',
                // These three SSM reads support no resource-level permissions: IAM accepts only `*`.
                actions: ['ssm:GetCommandInvocation', 'ssm:ListCommands', 'ssm:ListCommandInvocations'],
                resources: ['*'],
              }),
            ],
          }).toJSON(),
        },
      ],
    });
    applyBoundary(falconRole);

    const orchestratorRole = new CfnRole(this, 'OrchestratorRole', {
      roleName: ORCHESTRATOR_ROLE_NAME,
      description: 'CrowdStrike Falcon 1Click orchestrator: send CrowdStrike install commands to this account\'s instances',
      assumeRolePolicyDocument: new PolicyDocument({
        statements: [
          new PolicyStatement({
            actions: ['sts:AssumeRole'],
            principals: [new ServicePrincipal('lambda.amazonaws.com')],
            conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
          }),
        ],
      }).toJSON(),
      policies: [
        {
          policyName: 'orchestrate-sensor-installation',
          policyDocument: new PolicyDocument({
            statements: [
              new PolicyStatement({
                sid: 'SendInstallCommands',
                actions: ['ssm:SendCommand'],
                resources: [
                  ...orchestratorDocumentArns(),
                  // Falcon finds unmanaged hosts in every Region of this account; never another account's.
                  `arn:${Aws.PARTITION}:ec2:*:${Aws.ACCOUNT_ID}:instance/*`,
                ],
              }),
              new PolicyStatement({
                sid: 'WriteOwnLogs',
                actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
                resources: [`${logGroupArn}:log-stream:*`],
              }),
              ...readSecretStatements(secretArn),
            ],
          }).toJSON(),
        },
      ],
    });
    applyBoundary(orchestratorRole);

    const logGroup = new CfnLogGroup(this, 'OrchestratorLogGroup', {
      logGroupName: `/aws/lambda/${ORCHESTRATOR_FUNCTION_NAME}`,
      retentionInDays: retention.valueAsNumber,
    });

    const orchestrator = new CfnFunction(this, 'Orchestrator', {
      functionName: ORCHESTRATOR_FUNCTION_NAME,
      description: 'CrowdStrike Falcon 1Click sensor installation orchestrator (CrowdStrike published artifact)',
      role: orchestratorRole.attrArn,
      // CrowdStrike ships a Go `bootstrap` binary for the OS-only runtime; al2023 is the supported successor of al2.
      runtime: 'provided.al2023',
      handler: 'bootstrap',
      architectures: ['x86_64'],
      memorySize: 128,
      timeout: 900,
      code: { s3Bucket: code.findInMap(Aws.REGION, 'Bucket'), s3Key: code.findInMap(Aws.REGION, 'Key') },
      environment: {
        variables: {
          CS_API_CREDENTIALS_AWS_SECRET: secretArn,
          CS_MODE: 'force_auth',
          CS_GOV_CLOUD: Fn.conditionIf(isGovFalcon.logicalId, 'true', 'false').toString(),
          // GovCloud tenants only; empty for commercial ones, which need no address.
          CS_ADDRESS: Fn.conditionIf(
            isGovFalcon.logicalId,
            Fn.conditionIf(hasAddressOverride.logicalId, addressOverride.valueAsString, addresses.findInMap(cloud.valueAsString, 'Address')),
            '',
          ).toString(),
        },
      },
    });
    orchestrator.addResourceDependency(logGroup, 'the function must not create its own log group with no retention');

    new CfnOutput(this, 'SensorManagementRoleArn', { value: falconRole.attrArn });
    new CfnOutput(this, 'OrchestratorFunctionArn', { value: orchestrator.attrArn });
  }
}
