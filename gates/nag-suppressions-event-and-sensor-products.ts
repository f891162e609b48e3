/**
 * cdk-nag findings accepted for threat-detection, sensor-management, ssm-distributor and the launch-role rights
 * they need (products/launch-role/product-rights.ts). Each wildcard is either demanded by the API or pinned by
 * account, name and condition; the reason says which. Merged into NAG_SUPPRESSIONS.
 */
import type { NagSuppression } from './nag-suppressions';

const iam5 = (resource: string) => `AwsSolutions::AwsSolutions-IAM5[Resource::${resource}]`;
const P = 'arn:<AWS::Partition>';

const EVENTBRIDGE_ROLE = /\/ThreatDetectionTemplate\/EventBridgeRole$/;
const SENSOR_ROLE = /\/SensorManagementTemplate\/SensorManagementRole$/;
const ORCHESTRATOR_ROLE = /\/SensorManagementTemplate\/OrchestratorRole$/;
const AUTOMATION_ROLE = /\/SsmDistributorTemplate\/AutomationRole$/;
const LAUNCH_ROLE = /\/LaunchRole$/;

/** A product's own log group: create, retention, tags and delete (the launch role's rights on it). */
export const LOG_GROUP_LIFECYCLE = [
  'logs:CreateLogGroup',
  'logs:DeleteLogGroup',
  'logs:PutRetentionPolicy',
  'logs:DeleteRetentionPolicy',
  'logs:TagLogGroup',
  'logs:UntagLogGroup',
  'logs:ListTagsLogGroup',
  'logs:TagResource',
  'logs:UntagResource',
  'logs:ListTagsForResource',
  // What CloudFormation's AWS::Logs::LogGroup handlers also call (its registry schema's handler permissions).
  'logs:AssociateKmsKey',
  'logs:DisassociateKmsKey',
  'logs:PutDataProtectionPolicy',
  'logs:GetDataProtectionPolicy',
  'logs:DeleteDataProtectionPolicy',
  'logs:PutBearerTokenAuthentication',
  'logs:PutLogGroupDeletionProtection',
];
const SSM_ASSOCIATION_LIFECYCLE = [
  'ssm:CreateAssociation',
  'ssm:UpdateAssociation',
  'ssm:DeleteAssociation',
  'ssm:DescribeAssociation',
  // Tagging: the lifecycle tags every provisioned product, and stack tags reach the association.
  'ssm:AddTagsToResource',
  'ssm:ListTagsForResource',
  'ssm:RemoveTagsFromResource',
];

const CROWDSTRIKE_DOCUMENTS =
  'CrowdStrike publishes its SSM documents from its own accounts, per Region; the grant is limited to document ' +
  'names CrowdStrike-* and the AWS-owned AWS-ConfigureAWSPackage that installs its Distributor package.';

export const EVENT_AND_SENSOR_PRODUCT_SUPPRESSIONS: readonly NagSuppression[] = [
  {
    id: iam5(`${P}:events:*:<CrowdStrikeAccountId>:event-bus/<CrowdStrikeEventBusName>`),
    path: EVENTBRIDGE_ROLE,
    wildcardActions: ['events:PutEvents'],
    reason:
      'One EventBridge role serves the rules of every Region; in GovCloud each Region has its own CrowdStrike bus ' +
      'with the same name. Pinned to the CrowdStrike account and the exact bus name from the registration.',
  },
  {
    id: iam5('*'),
    path: SENSOR_ROLE,
    wildcardActions: ['ssm:GetCommandInvocation', 'ssm:ListCommands', 'ssm:ListCommandInvocations'],
    reason:
      'ssm:GetCommandInvocation, ListCommands and ListCommandInvocations support no resource-level permissions; ' +
      'they are reads of command status that Falcon needs to report installation results.',
  },
  // Falcon reads the documents through the sensor-management role; the orchestrator runs them.
  ...(
    [
      [SENSOR_ROLE, 'ssm:GetDocument'],
      [ORCHESTRATOR_ROLE, 'ssm:SendCommand'],
    ] as const
  ).flatMap(([path, action]) => [
    { id: iam5(`${P}:ssm:*:*:document/CrowdStrike-*`), path, wildcardActions: [action], reason: CROWDSTRIKE_DOCUMENTS },
    { id: iam5(`${P}:ssm:*::document/AWS-ConfigureAWSPackage`), path, wildcardActions: [action], reason: CROWDSTRIKE_DOCUMENTS },
  ]),
  {
    id: iam5('*'),
    path: ORCHESTRATOR_ROLE,
    wildcardActions: ['kms:Decrypt'],
    reason:
      'kms:Decrypt on the key of the credential secret, whose ARN belongs to the secret owner: limited by ' +
      'kms:ViaService to Secrets Manager in this Region and by kms:EncryptionContext:SecretARN to the one secret.',
  },
  {
    id: iam5(`${P}:ec2:*:<AWS::AccountId>:instance/*`),
    path: ORCHESTRATOR_ROLE,
    wildcardActions: ['ssm:SendCommand'],
    reason:
      'Falcon 1Click installs sensors on unmanaged hosts it finds in any Region of this account; never another ' +
      'account, and only with the CrowdStrike documents above.',
  },
  {
    id: iam5(
      `${P}:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/lambda/cs-horizon-sensor-installation-orchestrator:log-stream:*`,
    ),
    path: ORCHESTRATOR_ROLE,
    wildcardActions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    reason: 'The orchestrator writes to streams it creates in its own log group; stream names are chosen by Lambda.',
  },
  {
    id: iam5('*'),
    path: AUTOMATION_ROLE,
    wildcardActions: [
      'ssm:GetInventory',
      'ssm:DescribeInstanceInformation',
      'ssm:ListCommands',
      'ssm:ListCommandInvocations',
      'ssm:GetCommandInvocation',
      'tag:GetResources',
      'kms:Decrypt',
    ],
    reason:
      'ssm:GetInventory, DescribeInstanceInformation, ListCommands, ListCommandInvocations, GetCommandInvocation and ' +
      'tag:GetResources support no resource-level permissions (all reads); kms:Decrypt is limited by ViaService and ' +
      'the SecretARN encryption context to the one credential secret.',
  },
  {
    id: iam5(`${P}:ec2:<AWS::Region>:<AWS::AccountId>:instance/*`),
    path: AUTOMATION_ROLE,
    wildcardActions: ['ssm:SendCommand'],
    reason:
      'The association targets every managed instance of this Region (or those with a tag, resolved at run ' +
      'time); SendCommand is limited to AWS-ConfigureAWSPackage on this account and Region.',
  },
  {
    id: iam5(`${P}:ssm:<AWS::Region>:<AWS::AccountId>:managed-instance/*`),
    path: AUTOMATION_ROLE,
    wildcardActions: ['ssm:SendCommand'],
    reason: 'Hybrid nodes managed by SSM in this account and Region are targets like EC2 instances.',
  },
  // Launch role v1.1.0 (products/launch-role/product-rights.ts)
  {
    id: iam5(`${P}:events:*:<AWS::AccountId>:rule/cs-*`),
    path: LAUNCH_ROLE,
    wildcardActions: [
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
    reason:
      'threat-detection is provisioned in every governed Region; its rule names must start with cs- (template ' +
      'pattern), and the grant covers only rules of this account.',
  },
  {
    id: iam5(`${P}:iam::<AWS::AccountId>:role/CrowdStrikeEventBridge*`),
    path: LAUNCH_ROLE,
    wildcardActions: ['iam:PassRole'],
    reason: 'Passes only roles named CrowdStrikeEventBridge*, and only to events.amazonaws.com (iam:PassedToService).',
  },
  {
    id: iam5(`${P}:iam::<AWS::AccountId>:role/CrowdStrikeDistributor-*`),
    path: LAUNCH_ROLE,
    wildcardActions: ['iam:PassRole'],
    reason:
      'Passes only the per-Region Distributor automation roles (CrowdStrikeDistributor-<Region>), and only to ' +
      'ssm.amazonaws.com (iam:PassedToService).',
  },
  {
    id: iam5(`${P}:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/lambda/cs-horizon-sensor-installation-orchestrator:*`),
    path: LAUNCH_ROLE,
    wildcardActions: LOG_GROUP_LIFECYCLE,
    reason: 'The orchestrator log group in its ARN form with the :* suffix, which some Logs actions authorize against.',
  },
  {
    id: iam5(`${P}:logs:<AWS::Region>:<AWS::AccountId>:log-group:*`),
    path: LAUNCH_ROLE,
    wildcardActions: ['logs:DescribeLogGroups'],
    reason: 'logs:DescribeLogGroups (a list action, the only one granted here) authorizes against all log groups.',
  },
  {
    id: iam5(`${P}:ssm:*:*:document/CrowdStrike-FalconSensorDeploy`),
    path: LAUNCH_ROLE,
    wildcardActions: SSM_ASSOCIATION_LIFECYCLE,
    reason:
      'CrowdStrike shares the automation document from its own account in each Region; the grant names the one ' +
      'document the Distributor association uses.',
  },
  {
    id: iam5(`${P}:ssm:*:<AWS::AccountId>:association/*`),
    path: LAUNCH_ROLE,
    wildcardActions: SSM_ASSOCIATION_LIFECYCLE,
    reason:
      'Association IDs are generated by SSM at creation; ssm-distributor is provisioned in every supported Region ' +
      'of this account.',
  },
];
