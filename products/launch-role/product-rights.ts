/**
 * What the launch role needs beyond IAM roles, from v1.1.0 on: exactly the CloudFormation operations on the
 * resources that threat-detection, sensor-management and ssm-distributor create, each scoped to the names those
 * templates use, and iam:PassRole only for each product's own role to the one service that uses it.
 */
import { Aws } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { EVENTBRIDGE_ROLE_PREFIX } from '../threat-detection/definition';
import {
  ORCHESTRATOR_CODE_BUCKET_PREFIX,
  ORCHESTRATOR_CODE_KEY,
  ORCHESTRATOR_FUNCTION_NAME,
  ORCHESTRATOR_ROLE_NAME,
} from '../sensor-management/template';
import { AUTOMATION_ROLE_PREFIX, DEPLOY_DOCUMENT } from '../ssm-distributor/template';
import { COMMERCIAL_CODE_BUCKET_PREFIX, COMMERCIAL_CODE_KEY } from '../sensor-management/orchestrator-code';

/**
 * What CloudFormation calls to create, update, tag and delete one product function (a product's own, by name): the
 * AWS::Lambda::Function registry schema's handler and tagging permissions that act on the function itself (v1.4.0
 * added the concurrency, recursion, scaling, runtime-management, code-signing removal and version calls).
 */
export const FUNCTION_MANAGEMENT_ACTIONS: readonly string[] = [
  'lambda:CreateFunction',
  'lambda:DeleteFunction',
  'lambda:GetFunction',
  'lambda:GetFunctionConfiguration',
  'lambda:GetFunctionCodeSigningConfig',
  'lambda:GetFunctionConcurrency',
  'lambda:GetFunctionRecursionConfig',
  'lambda:GetRuntimeManagementConfig',
  'lambda:UpdateFunctionCode',
  'lambda:UpdateFunctionConfiguration',
  'lambda:TagResource',
  'lambda:UntagResource',
  'lambda:ListTags',
  'lambda:PutFunctionConcurrency',
  'lambda:DeleteFunctionConcurrency',
  'lambda:PutFunctionRecursionConfig',
  'lambda:PutFunctionScalingConfig',
  'lambda:PutRuntimeManagementConfig',
  'lambda:DeleteFunctionCodeSigningConfig',
  'lambda:PublishVersion',
];

/**
 * What CloudFormation calls to manage one product function's log group: the AWS::Logs::LogGroup registry schema's
 * handler and tagging permissions that act on the log group itself (v1.4.0 added the data-protection, KMS,
 * bearer-token and deletion-protection calls its handlers make).
 */
export const LOG_GROUP_MANAGEMENT_ACTIONS: readonly string[] = [
  'logs:CreateLogGroup',
  'logs:DeleteLogGroup',
  'logs:PutRetentionPolicy',
  'logs:DeleteRetentionPolicy',
  'logs:TagResource',
  'logs:UntagResource',
  'logs:TagLogGroup',
  'logs:UntagLogGroup',
  'logs:ListTagsForResource',
  'logs:ListTagsLogGroup',
  'logs:GetDataProtectionPolicy',
  'logs:PutDataProtectionPolicy',
  'logs:DeleteDataProtectionPolicy',
  'logs:AssociateKmsKey',
  'logs:DisassociateKmsKey',
  'logs:PutBearerTokenAuthentication',
  'logs:PutLogGroupDeletionProtection',
];

/**
 * Log reads the AWS::Logs::LogGroup handlers make that IAM authorizes only on `*` (the Service Authorization
 * Reference lists no resource type for them).
 */
export const LOG_GROUP_LOOKUP_ACTIONS: readonly string[] = ['logs:DescribeLogGroups', 'logs:DescribeResourcePolicies', 'logs:DescribeIndexPolicies'];

/** iam:PassRole for the roles matching `roleNamePattern` in this account, to `service` only. */
export function passRole(sid: string, roleNamePattern: string, service: string): PolicyStatement {
  return new PolicyStatement({
    sid,
    actions: ['iam:PassRole'],
    resources: [`arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${roleNamePattern}`],
    conditions: { StringEquals: { 'iam:PassedToService': service } },
  });
}

export function productResourceStatements(): PolicyStatement[] {
  const p = Aws.PARTITION;
  const account = Aws.ACCOUNT_ID;
  // sensor-management is a home-Region product, and the launch role is created in the home Region.
  const home = Aws.REGION;
  const orchestratorLogGroup = `arn:${p}:logs:${home}:${account}:log-group:/aws/lambda/${ORCHESTRATOR_FUNCTION_NAME}`;
  return [
    new PolicyStatement({
      sid: 'ThreatDetectionRules',
      actions: [
        'events:PutRule',
        'events:DeleteRule',
        'events:DescribeRule',
        'events:EnableRule',
        'events:DisableRule',
        'events:PutTargets',
        'events:RemoveTargets',
        'events:ListTargetsByRule',
        'events:TagResource',
        'events:UntagResource',
        'events:ListTagsForResource',
      ],
      // Rules on the default bus whose names start with cs- (the product's RuleNamePrefix must).
      resources: [`arn:${p}:events:*:${account}:rule/cs-*`],
    }),
    passRole('PassEventBridgeRole', `${EVENTBRIDGE_ROLE_PREFIX}*`, 'events.amazonaws.com'),
    passRole('PassOrchestratorRole', ORCHESTRATOR_ROLE_NAME, 'lambda.amazonaws.com'),
    passRole('PassDistributorAutomationRole', `${AUTOMATION_ROLE_PREFIX}-*`, 'ssm.amazonaws.com'),
    new PolicyStatement({
      sid: 'SensorManagementOrchestrator',
      actions: [...FUNCTION_MANAGEMENT_ACTIONS],
      resources: [`arn:${p}:lambda:${home}:${account}:function:${ORCHESTRATOR_FUNCTION_NAME}`],
    }),
    new PolicyStatement({
      sid: 'SensorManagementOrchestratorCode',
      // Lambda reads the code with the caller's rights: CrowdStrike's published artifact, in its per-Region bucket.
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: [`arn:${p}:s3:::${ORCHESTRATOR_CODE_BUCKET_PREFIX}${home}/${ORCHESTRATOR_CODE_KEY}`],
    }),
    new PolicyStatement({
      sid: 'SensorManagementLogGroup',
      actions: [...LOG_GROUP_MANAGEMENT_ACTIONS],
      resources: [orchestratorLogGroup, `${orchestratorLogGroup}:*`],
    }),
    new PolicyStatement({
      sid: 'FindLogGroups',
      actions: [...LOG_GROUP_LOOKUP_ACTIONS],
      resources: ['*'],
    }),
    new PolicyStatement({
      sid: 'DistributorAssociation',
      actions: ['ssm:CreateAssociation', 'ssm:UpdateAssociation', 'ssm:DeleteAssociation', 'ssm:DescribeAssociation'],
      // CrowdStrike publishes the document from its own account, which differs per Region and is not published.
      resources: [`arn:${p}:ssm:*:*:document/${DEPLOY_DOCUMENT}`, `arn:${p}:ssm:*:${account}:association/*`],
    }),
    // v1.4.0: the AWS::SSM::Association handlers tag the association (stack tags) and read its tags back.
    new PolicyStatement({
      sid: 'DistributorAssociationTags',
      actions: ['ssm:AddTagsToResource', 'ssm:RemoveTagsFromResource', 'ssm:ListTagsForResource'],
      resources: [`arn:${p}:ssm:*:${account}:association/*`],
    }),
    new PolicyStatement({
      sid: 'DistributorAssociationTargets',
      // The association create handler reads instance status; IAM authorizes it only on `*`.
      actions: ['ec2:DescribeInstanceStatus'],
      resources: ['*'],
    }),
    new PolicyStatement({
      sid: 'SystemsManagerServiceLinkedRole',
      // The association create handler may create Systems Manager's service-linked role, and nothing else.
      actions: ['iam:CreateServiceLinkedRole'],
      resources: [`arn:${p}:iam::${account}:role/aws-service-role/ssm.amazonaws.com/AWSServiceRoleForAmazonSSM`],
      conditions: { StringEquals: { 'iam:AWSServiceName': 'ssm.amazonaws.com' } },
    }),
  ];
}

/**
 * From launch role v1.5.0: sensor-management v1.3.0 takes the orchestrator code from CrowdStrike's regional buckets
 * `cs-prod-cloudconnect-templates-<prefix>-<id>` in commercial AWS (GovCloud keeps the bucket the statement above
 * names). Lambda reads the code with the caller's rights; only that one object key, in CrowdStrike's buckets.
 */
export function orchestratorCodeStatements(): PolicyStatement[] {
  return [
    new PolicyStatement({
      sid: 'SensorManagementOrchestratorCodeRegional',
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: [`arn:${Aws.PARTITION}:s3:::${COMMERCIAL_CODE_BUCKET_PREFIX}*/${COMMERCIAL_CODE_KEY}`],
    }),
  ];
}
