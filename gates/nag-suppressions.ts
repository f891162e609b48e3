/**
 * Every cdk-nag finding this package accepts, in one place, each with the reason a security reviewer would read.
 * `path` matches construct paths (a suppression covers the matched construct and what it contains); `id` is the
 * rule, optionally narrowed to one finding (`AwsSolutions-IAM5[Resource::*]`); every wildcard-resource finding
 * (`IAM5[Resource::…]`) is further narrowed to the exact actions it excuses on that resource (`wildcardActions`).
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { Manifest } from '../manifest/schema';
import { BLUEPRINT_SUPPRESSIONS } from './nag-suppressions-blueprint';
import { ECR_CONNECTIONS_SUPPRESSIONS } from './nag-suppressions-ecr-connections';
import { EVENT_AND_SENSOR_PRODUCT_SUPPRESSIONS } from './nag-suppressions-event-and-sensor-products';

export interface SuppressionTarget {
  readonly construct: IConstruct;
  readonly manifest: Manifest;
}

export interface NagSuppression {
  /** The finding ID, or a function that derives it (findings name account IDs and logical IDs). */
  readonly id: string | ((target: SuppressionTarget) => string);
  readonly path: RegExp;
  readonly reason: string;
  /**
   * Required for every `IAM5[Resource::<pattern>]` finding (`*` or an ARN pattern such as `role/CrowdStrike*`): the
   * actions granted on that resource that it excuses (a RegExp matches a family of actions). Any other action on
   * the same resource in the construct voids the suppression, so a new grant on an already-suppressed wildcard
   * resource stops synth instead of hiding behind the old reason.
   */
  readonly wildcardActions?: readonly (string | RegExp)[];
}

const nag = (id: string) => `AwsSolutions::${id}`;
const hubOf = (manifest: Manifest) => manifest.organization.hubAccountId ?? manifest.organization.managementAccountId;
/** The account a lifecycle role acts in with its own rights: the hub (worker) or the management account (org access). */
const lifecycleAccount = (t: SuppressionTarget) =>
  Stack.of(t.construct).stackName === 'FalconManagementAccess' ? t.manifest.organization.managementAccountId : hubOf(t.manifest);
/** The roles the lifecycle acts as: the worker in the hub, and the org-access role in a separate hub's management account. */
/** Organizations reads on the organisation's root, OU and account ARNs (OU walk, account ancestry, share checks). */
const ORG_READS = [
  'organizations:DescribeAccount',
  'organizations:DescribeOrganizationalUnit',
  'organizations:ListAccountsForParent',
  'organizations:ListChildren',
  'organizations:ListOrganizationalUnitsForParent',
  'organizations:ListParents',
];
const LIFECYCLE_ROLES = /^FalconLifecycle\/WorkerRole\/DefaultPolicy\/Resource$|^FalconManagementAccess\/OrgAccessRole\/Resource$/;

/** `<LogicalId.Arn>` of the sibling `Handler` function of a Provider, as cdk-nag prints it. */
function providerHandlerArn(construct: IConstruct): string {
  let scope: IConstruct | undefined = construct;
  while (scope && !scope.node.tryFindChild('Handler')) scope = scope.node.scope;
  const fn = scope?.node.tryFindChild('Handler')?.node.defaultChild as CfnResource | undefined;
  if (!fn) throw new Error(`no Handler function above ${construct.node.path}`);
  return `<${Stack.of(fn).getLogicalId(fn)}.Arn>`;
}

const orgArn = (kind: string, suffix: string) => (t: SuppressionTarget) =>
  nag(
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:organizations::${t.manifest.organization.managementAccountId}:` +
      `${kind}/${t.manifest.organization.organizationId}/${suffix}]`,
  );

/** The hub account and home Region, as they appear literally in findings of stacks with an explicit env. */
const hubAccount = (t: SuppressionTarget) => t.manifest.organization.hubAccountId ?? t.manifest.organization.managementAccountId;
const hubRegion = (t: SuppressionTarget) => t.manifest.organization.homeRegion;

/** The logical ID of construct `child` of the finding's grandparent (e.g. Installer/Role/DefaultPolicy → Installer/Project). */
function siblingLogicalId(construct: IConstruct, child: string): string {
  let scope: IConstruct | undefined = construct;
  while (scope && !scope.node.tryFindChild(child)) scope = scope.node.scope;
  const resource = scope?.node.tryFindChild(child)?.node.defaultChild as CfnResource | undefined;
  // No such project (no VPC project configured): the suppression then names a finding that cannot occur.
  return resource ? Stack.of(resource).getLogicalId(resource) : `no-${child}`;
}

/** What CloudFormation's AWS::SSM::Parameter handlers call on the Falcon directory's entries (write, read, tag). */
const DIRECTORY_PARAMETER_ACTIONS = [
  'ssm:PutParameter',
  'ssm:DeleteParameter',
  'ssm:GetParameters',
  'ssm:AddTagsToResource',
  'ssm:RemoveTagsFromResource',
  'ssm:ListTagsForResource',
];

export const NAG_SUPPRESSIONS: readonly NagSuppression[] = [
  // IOM reader role (products/iom/template.ts)
  {
    id: nag('AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/SecurityAudit]'),
    path: /\/IomTemplate\/ReaderRole$/,
    reason:
      'SecurityAudit is the AWS-maintained read-only audit policy that Falcon IOM assessments are built on; ' +
      'a copy would fall behind as AWS adds services.',
  },
  {
    id: nag('AwsSolutions-IAM5[Resource::*]'),
    path: /\/IomTemplate\/ReaderRole$/,
    wildcardActions: [/^[a-z0-9-]+:(Get|List|Describe|BatchGet|Search|Lookup|View)[A-Za-z]*$/],
    reason:
      'Read-only Describe/List/Get actions used to discover resources Falcon does not yet know; most take no ' +
      'resource ARN. Data-read actions are excluded, action by action (products/iom/read-policy.ts).',
  },
  {
    id: nag('AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:apigateway:*::/restapis/*]'),
    path: /\/IomTemplate\/ReaderRole$/,
    wildcardActions: ['apigateway:GET'],
    reason: 'apigateway:GET on REST APIs in every Region: configuration reads of APIs Falcon discovers.',
  },
  // Launch role (products/launch-role/template.ts), in the hub stack and in the launch-role product
  {
    id: nag('AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:*:<AWS::AccountId>:stack/SC-*]'),
    path: /\/LaunchRole$/,
    wildcardActions: [
      'cloudformation:CreateStack',
      'cloudformation:DeleteStack',
      'cloudformation:DescribeStackEvents',
      'cloudformation:DescribeStacks',
      'cloudformation:SetStackPolicy',
      'cloudformation:UpdateStack',
    ],
    reason: 'Service Catalog names provisioned-product stacks SC-<account>-pp-<id>; the prefix is all that is known.',
  },
  {
    id: nag('AwsSolutions-IAM5[Resource::*]'),
    path: /\/LaunchRole$/,
    wildcardActions: [
      'cloudformation:GetTemplateSummary',
      'cloudformation:ValidateTemplate',
      's3:GetObject',
      'logs:DescribeLogGroups',
      'logs:DescribeResourcePolicies',
      'logs:DescribeIndexPolicies',
      'ec2:DescribeInstanceStatus',
    ],
    reason:
      'cloudformation:GetTemplateSummary/ValidateTemplate and the log-group, resource-policy, index-policy and ' +
      'instance-status reads that CloudFormation\'s log group and association handlers make support no ' +
      'resource-level permissions (Service Authorization Reference); s3:GetObject is limited by the ' +
      'servicecatalog:provisioning object tag because the template buckets are AWS-owned.',
  },
  // The product boundary (products/launch-role/product-boundary-policy.ts), beside every launch role
  {
    id: nag('AwsSolutions-IAM5[Action::*]'),
    path: /\/ProductBoundary$/,
    reason:
      'A permissions boundary grants nothing: it caps the product roles, whose own policies are least privilege and ' +
      'include SecurityAudit (every service). Its Deny statements remove IAM, Organizations and role-chaining changes.',
  },
  {
    id: nag('AwsSolutions-IAM5[Resource::*]'),
    path: /\/ProductBoundary$/,
    wildcardActions: ['*'],
    reason:
      'The boundary applies to whatever resource a product role acts on; the roles\' own policies name the resources.',
  },
  {
    id: nag('AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:role/CrowdStrike*]'),
    path: /\/LaunchRole$/,
    wildcardActions: [
      'iam:CreateRole',
      'iam:DeleteRole',
      'iam:GetRole',
      'iam:UpdateRole',
      'iam:UpdateRoleDescription',
      'iam:UpdateAssumeRolePolicy',
      'iam:TagRole',
      'iam:UntagRole',
      'iam:ListRoleTags',
      'iam:PutRolePolicy',
      'iam:DeleteRolePolicy',
      'iam:GetRolePolicy',
      'iam:ListRolePolicies',
      'iam:AttachRolePolicy',
      'iam:DetachRolePolicy',
      'iam:ListAttachedRolePolicies',
      'iam:PutRolePermissionsBoundary',
      'iam:DeleteRolePermissionsBoundary',
    ],
    reason:
      'Products create roles whose names come from the Falcon registration; they all start with CrowdStrike, and ' +
      'attaching managed policies is limited to SecurityAudit by condition.',
  },
  // threat-detection, sensor-management, ssm-distributor and the launch-role rights they need
  ...EVENT_AND_SENSOR_PRODUCT_SUPPRESSIONS,
  ...BLUEPRINT_SUPPRESSIONS,
  // ecr-connections and the launch-role v1.2.0 rights it needs
  ...ECR_CONNECTIONS_SUPPRESSIONS,
  // launch-role v1.3.0: the Falcon directory
  {
    id: nag('AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:*:<AWS::AccountId>:parameter/falcon-catalog/directory/*]'),
    path: /\/LaunchRole$/,
    wildcardActions: DIRECTORY_PARAMETER_ACTIONS,
    reason:
      'The Falcon directory is one SSM path per Region in this account, written by the directory product and read ' +
      'by the products that take their Falcon values from it; the wildcard covers its entries and the Regions, ' +
      'nothing outside /falcon-catalog/directory/.',
  },
  // launch-role v1.4.0: the 1Click orchestrator code in CrowdStrike's regional buckets
  {
    id: nag(
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cs-prod-cloudconnect-templates-*/aws/lambda/horizon-sensor-installation-orchestrator.zip]',
    ),
    path: /\/LaunchRole$/,
    wildcardActions: ['s3:GetObject', 's3:GetObjectVersion'],
    reason:
      'CrowdStrike publishes the orchestrator in one bucket per Region, named cs-prod-cloudconnect-templates-<Region ' +
      'code>-<id> (products/sensor-management/orchestrator-code.ts); the grant is read-only, on that one object key.',
  },
  // Portfolio share custom resource (stacks/constructs/portfolio-share.ts)
  {
    id: nag('AwsSolutions-IAM5[Resource::*]'),
    path: /\/Share\/HandlerRole\/DefaultPolicy\/Resource$/,
    wildcardActions: ['servicecatalog:DescribePortfolioShareStatus', 'organizations:DescribeOrganization', 'organizations:ListRoots'],
    reason:
      'DescribePortfolioShareStatus is addressed by share token, and DescribeOrganization/ListRoots have no ' +
      'resource-level permissions; all three are reads.',
  },
  ...(
    [
      ['root', 'r-*'],
      ['ou', 'ou-*'],
      ['account', '*'],
    ] as const
  ).map(([kind, suffix]) => ({
    id: orgArn(kind, suffix),
    path: /\/(Share\/Handler|Worker)Role\/DefaultPolicy\/Resource$|^FalconManagementAccess\/OrgAccessRole\/Resource$/,
    wildcardActions: ORG_READS,
    reason: `Read-only OU walk, account ancestry and share checks, limited to this organisation's ${kind} ARNs.`,
  })),
  {
    id: nag('AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]'),
    path: /\/Provider\/framework-onEvent\/ServiceRole\/Resource$/,
    reason: 'The CDK custom-resource Provider framework function (CDK-owned code) writes its own logs with it.',
  },
  {
    id: (t) => nag(`AwsSolutions-IAM5[Resource::${providerHandlerArn(t.construct)}:*]`),
    path: /\/Provider\/framework-onEvent\/ServiceRole\/DefaultPolicy\/Resource$/,
    wildcardActions: ['lambda:InvokeFunction'],
    reason: 'The CDK Provider framework may invoke every version of its own handler function (<handler ARN>:*).',
  },
  {
    id: nag('AwsSolutions-L1'),
    path: /\/Provider\/framework-onEvent\/Resource$/,
    reason: 'The CDK Provider framework chooses its own runtime; this package cannot set it.',
  },
  // Lifecycle stack (stacks/lifecycle-stack.ts)
  ...['kms:ReEncrypt*', 'kms:GenerateDataKey*'].map((action) => ({
    id: nag(`AwsSolutions-IAM5[Action::${action}]`),
    path: /^FalconLifecycle\/(Intake|Worker)Role\/DefaultPolicy\/Resource$/,
    reason:
      'CDK\'s SQS send grant on a KMS-encrypted queue: the data-key actions it needs, on that queue\'s own key only.',
  })),
  {
    id: nag('AwsSolutions-IAM5[Resource::*]'),
    path: LIFECYCLE_ROLES,
    wildcardActions: [
      'organizations:ListRoots',
      'organizations:ListAccounts',
      'organizations:DescribeOrganization',
      'servicecatalog:ListPortfolios',
      'servicecatalog:SearchProductsAsAdmin',
      'servicecatalog:ListAcceptedPortfolioShares',
      'servicecatalog:SearchProvisionedProducts',
      'servicecatalog:ListRecordHistory',
      'servicecatalog:DescribeProvisionedProduct',
      'servicecatalog:DescribeRecord',
      'servicecatalog:UpdateProvisionedProduct',
      'servicecatalog:TerminateProvisionedProduct',
      'cloudformation:GetTemplateSummary',
      'cloudformation:ValidateTemplate',
      's3:GetObject',
    ],
    reason:
      'Organizations ListRoots/ListAccounts/DescribeOrganization, Service Catalog ListPortfolios/' +
      'SearchProductsAsAdmin/DescribePortfolio/ListAcceptedPortfolioShares, and the provisioned-product and record ' +
      'actions (Search/Describe/Update/TerminateProvisionedProduct, DescribeRecord, ListRecordHistory) have no resource type in IAM; ' +
      'nor have cloudformation:GetTemplateSummary/ValidateTemplate, which launching the Falcon directory with the ' +
      'lifecycle\'s own rights needs, with s3:GetObject limited by the servicecatalog:provisioning object tag because ' +
      'the template buckets are AWS-owned.',
  },
  {
    id: (t) => nag(`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:*:${lifecycleAccount(t)}:stack/SC-*]`),
    path: LIFECYCLE_ROLES,
    wildcardActions: [
      'cloudformation:CreateStack',
      'cloudformation:UpdateStack',
      'cloudformation:DeleteStack',
      'cloudformation:DescribeStacks',
      'cloudformation:DescribeStackEvents',
      'cloudformation:SetStackPolicy',
    ],
    reason:
      'The Falcon directory is launched with the lifecycle\'s own rights (it has no launch constraint): Service ' +
      'Catalog names its stacks SC-<account>-pp-<id>, in this account, in every governed Region.',
  },
  {
    id: (t) => nag(`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:*:${lifecycleAccount(t)}:parameter/falcon-catalog/directory/*]`),
    path: LIFECYCLE_ROLES,
    wildcardActions: DIRECTORY_PARAMETER_ACTIONS,
    reason:
      'The Falcon directory\'s SSM parameters in this account, one path per Region, written when the lifecycle ' +
      'launches the directory with its own rights; nothing outside /falcon-catalog/directory/.',
  },
  {
    id: (t) => nag(`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:catalog:*:${hubOf(t.manifest)}:portfolio/*]`),
    path: /^FalconLifecycle\/WorkerRole\/DefaultPolicy\/Resource$/,
    wildcardActions: ['servicecatalog:DescribePortfolio'],
    reason: 'DescribePortfolio of the hub portfolio, found by name at run time in any governed Region of the hub account.',
  },
  ...(['portfolio/port-*', 'product/prod-*'] as const).map((suffix) => ({
    id: (t: SuppressionTarget) =>
      nag(`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:catalog:*:${hubOf(t.manifest)}:${suffix}]`),
    path: LIFECYCLE_ROLES,
    wildcardActions: [
      'servicecatalog:AcceptPortfolioShare',
      'servicecatalog:AssociatePrincipalWithPortfolio',
      'servicecatalog:ListLaunchPaths',
      'servicecatalog:ListPrincipalsForPortfolio',
      'servicecatalog:ListProvisioningArtifacts',
      'servicecatalog:ProvisionProduct',
    ],
    reason:
      'Accept, associate, look up launch paths and provisioning artifacts, and launch, on the hub portfolio and its ' +
      'products only (the hub account owns them; their IDs are made at deploy time, in every governed Region).',
  })),
  {
    id: (t) =>
      nag(`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/${t.manifest.organization.executionRoleName}]`),
    path: /^FalconLifecycle\/WorkerRole\/DefaultPolicy\/Resource$|^FalconManagementAccess\/OrgAccessRole\/Resource$/,
    wildcardActions: ['sts:AssumeRole'],
    reason:
      'The worker assumes the Control Tower execution role in whichever member account an event names; the ' +
      'aws:ResourceOrgID condition limits it to accounts of this organisation.',
  },
  {
    id: (t) =>
      nag(
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:${t.manifest.organization.homeRegion}:` +
          `${hubOf(t.manifest)}:parameter/falcon-catalog/*]`,
      ),
    path: /^FalconLifecycle\/WorkerRole\/DefaultPolicy\/Resource$/,
    wildcardActions: ['ssm:GetParameter', 'ssm:GetParametersByPath'],
    reason: 'Reads the non-secret Falcon registration outputs published under /falcon-catalog/ in the hub.',
  },
  // EKS Protection (products/eks-protection/template.ts, stacks/eks-hub-stack.ts)
  {
    id: nag('AwsSolutions-IAM5[Resource::*]'),
    path: /\/EksProtectionTemplate\/ExecutionRole$/,
    wildcardActions: ['eks:ListClusters'],
    reason: 'eks:ListClusters has no resource type (IAM accepts only *); it returns cluster names only.',
  },
  {
    id: nag('AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:eks:*:<AWS::AccountId>:cluster/*]'),
    path: /\/EksProtectionTemplate\/ExecutionRole$/,
    wildcardActions: [
      'eks:ListNodegroups',
      'eks:ListFargateProfiles',
      'eks:DescribeCluster',
      'eks:ListAccessEntries',
      'eks:CreateAccessEntry',
      'eks:CreateFargateProfile',
    ],
    reason:
      'Describe/list this account\'s clusters in any Region, and create access entries on them only for the hub ' +
      'installer principal (eks:principalArn condition); the hub learns of clusters as they are created. ' +
      'CreateFargateProfile (IAM offers no condition on its name or selectors) gives a Fargate-only cluster the ' +
      'profiles of the Falcon namespaces, with only the product\'s own pod execution role to pass: less than the ' +
      'cluster-admin access entry the installer gets anyway.',
  },
  {
    id: nag('AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:eks:*:<AWS::AccountId>:fargateprofile/*]'),
    path: /\/EksProtectionTemplate\/ExecutionRole$/,
    wildcardActions: ['eks:DescribeFargateProfile'],
    reason:
      'Reads the cluster\'s existing Fargate profiles (profile names and UUIDs are unknown in advance) for the ' +
      'private subnets the Falcon profiles reuse; a read, in this account only.',
  },
  {
    id: nag('AwsSolutions-IAM5[Resource::*]'),
    path: /\/EksProtectionTemplate\/FargatePodRole$/,
    wildcardActions: ['ecr:GetAuthorizationToken'],
    reason: 'ecr:GetAuthorizationToken (the registry login Fargate performs to pull) has no resource-level permission.',
  },
  {
    id: nag('AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecr:*:*:repository/*]'),
    path: /\/EksProtectionTemplate\/FargatePodRole$/,
    wildcardActions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
    reason:
      'Image pulls of the Falcon pods from the operator\'s ECR mirror, whose account this template cannot know; ' +
      'read-only, and each repository\'s own policy decides whether this account may pull from it.',
  },
  {
    id: nag(
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:eks:*:<AWS::AccountId>:access-entry/*/role/' +
        '<HubAccountId>/<HubInstallerRoleName>/*]',
    ),
    path: /\/EksProtectionTemplate\/ExecutionRole$/,
    wildcardActions: [
      'eks:AssociateAccessPolicy',
      'eks:DescribeAccessEntry',
      'eks:ListAssociatedAccessPolicies',
      'eks:DisassociateAccessPolicy',
      'eks:DeleteAccessEntry',
    ],
    reason:
      'Only the hub installer role\'s own access entries (the ARN embeds the principal; the cluster name and entry ' +
      'UUID are unknown in advance), further pinned by eks:principalArn, eks:policyArn and eks:accessScope.',
  },
  ...['s3:GetObject*', 's3:GetBucket*', 's3:List*'].map((action) => ({
    id: nag(`AwsSolutions-IAM5[Action::${action}]`),
    path: /^FalconEksHub\/Installer\/Role\/DefaultPolicy\/Resource$/,
    reason: 'CodeBuild\'s S3 source grant: read of the one installer source archive (exact object key) and its bucket.',
  })),
  ...['kms:ReEncrypt*', 'kms:GenerateDataKey*'].map((action) => ({
    id: nag(`AwsSolutions-IAM5[Action::${action}]`),
    path: /^FalconEksHub\/Installer\/Role\/DefaultPolicy\/Resource$/,
    reason: 'CodeBuild\'s grant on the project\'s own encryption key (build artefacts and cache), that key only.',
  })),
  {
    id: nag('AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/CrowdStrikeEksExecution]'),
    path: /^FalconEksHub\/(Installer\/Role|Clusters\/WorkerRole)\/DefaultPolicy\/Resource$/,
    wildcardActions: ['sts:AssumeRole'],
    reason:
      'The EKS Protection execution role in whichever member account has a new cluster; the aws:ResourceOrgID ' +
      'condition limits it to accounts of this organisation, and the role trusts these two hub roles only.',
  },
  ...(['Project', 'VpcProject'] as const).flatMap((project) => [
    {
      id: (t: SuppressionTarget) =>
        nag(
          `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:${hubRegion(t)}:${hubAccount(t)}:log-group:` +
            `/aws/codebuild/<${siblingLogicalId(t.construct, project)}>:*]`,
        ),
      path: /^FalconEksHub\/Installer\/Role\/DefaultPolicy\/Resource$/,
      wildcardActions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      reason: 'CodeBuild\'s default log-stream grant on the project\'s own log group (CDK adds it for every project).',
    },
    {
      id: (t: SuppressionTarget) =>
        nag(
          `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:codebuild:${hubRegion(t)}:${hubAccount(t)}:report-group/` +
            `<${siblingLogicalId(t.construct, project)}>-*]`,
        ),
      path: /^FalconEksHub\/Installer\/Role\/DefaultPolicy\/Resource$/,
      wildcardActions: [
        'codebuild:CreateReportGroup',
        'codebuild:CreateReport',
        'codebuild:UpdateReport',
        'codebuild:BatchPutTestCases',
        'codebuild:BatchPutCodeCoverages',
      ],
      reason: 'CodeBuild\'s default grant on the project\'s own test-report groups (CDK adds it for every project).',
    },
  ]),
  {
    id: nag('AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:network-interface/*]'),
    path: /^FalconEksHub\/Installer\/Role\/DefaultPolicy\/Resource$/,
    wildcardActions: ['ec2:CreateNetworkInterfacePermission'],
    reason:
      'The VPC-attached installer creates its build ENIs (CDK\'s CodeBuild VPC grant, limited to the configured ' +
      'subnets by the ec2:Subnet condition); ENI IDs are not known in advance.',
  },
  {
    id: nag('AwsSolutions-IAM5[Resource::*]'),
    path: /^FalconEksHub\/Installer\/VpcProject\/PolicyDocument\/Resource$/,
    wildcardActions: [
      'ec2:CreateNetworkInterface',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DeleteNetworkInterface',
      'ec2:DescribeSubnets',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeDhcpOptions',
      'ec2:DescribeVpcs',
    ],
    reason:
      'ec2:CreateNetworkInterface/DescribeNetworkInterfaces/DeleteNetworkInterface/DescribeSubnets/' +
      'DescribeSecurityGroups/DescribeDhcpOptions/DescribeVpcs have no resource-level permissions for CodeBuild VPC builds.',
  },
  {
    id: nag('AwsSolutions-IAM5[Resource::*]'),
    path: /^FalconEksHub\/Clusters\/SweeperRole\/DefaultPolicy\/Resource$/,
    wildcardActions: ['organizations:ListRoots'],
    reason: 'organizations:ListRoots has no resource-level permission; it is a read.',
  },
  ...(
    [
      ['root', 'r-*'],
      ['ou', 'ou-*'],
    ] as const
  ).map(([kind, suffix]) => ({
    id: orgArn(kind, suffix),
    path: /^FalconEksHub\/Clusters\/SweeperRole\/DefaultPolicy\/Resource$/,
    wildcardActions: ['organizations:ListAccountsForParent', 'organizations:ListOrganizationalUnitsForParent'],
    reason: `The sweeper walks the organisation to find assigned accounts: reads limited to this organisation's ${kind} ARNs.`,
  })),
];
