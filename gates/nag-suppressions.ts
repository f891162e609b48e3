/**
 * Every cdk-nag finding this package accepts, in one place, each with the reason a security reviewer would read.
 * `path` matches construct paths (a suppression covers the matched construct and what it contains); `id` is the
 * rule, optionally narrowed to one finding (`AwsSolutions-IAM5[Resource::*]`).
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { Manifest } from '../manifest/schema';

export interface SuppressionTarget {
  readonly construct: IConstruct;
  readonly manifest: Manifest;
}

export interface NagSuppression {
  /** The finding ID, or a function that derives it (findings name account IDs and logical IDs). */
  readonly id: string | ((target: SuppressionTarget) => string);
  readonly path: RegExp;
  readonly reason: string;
}

const nag = (id: string) => `AwsSolutions::${id}`;

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

export const NAG_SUPPRESSIONS: readonly NagSuppression[] = [
  // IOM reader role (products/iom.ts)
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
    reason:
      'Read-only Describe/List/Get actions used to discover resources Falcon does not yet know; most take no ' +
      'resource ARN. Data-read actions are excluded (products/iom.ts IOM_EXCLUDED_DATA_ACTIONS).',
  },
  {
    id: nag('AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:apigateway:*::/restapis/*]'),
    path: /\/IomTemplate\/ReaderRole$/,
    reason: 'apigateway:GET on REST APIs in every Region: configuration reads of APIs Falcon discovers.',
  },
  {
    id: nag('AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:apigateway:*::/apis/*]'),
    path: /\/IomTemplate\/ReaderRole$/,
    reason: 'apigateway:GET on HTTP/WebSocket APIs in every Region: configuration reads of APIs Falcon discovers.',
  },
  // Launch role (products/launch-role.ts), in the hub stack and in the launch-role product
  {
    id: nag('AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:*:<AWS::AccountId>:stack/SC-*]'),
    path: /\/LaunchRole$/,
    reason: 'Service Catalog names provisioned-product stacks SC-<account>-pp-<id>; the prefix is all that is known.',
  },
  {
    id: nag('AwsSolutions-IAM5[Resource::*]'),
    path: /\/LaunchRole$/,
    reason:
      'cloudformation:GetTemplateSummary/ValidateTemplate support no resource-level permissions; s3:GetObject is ' +
      'limited by the servicecatalog:provisioning object tag because the template buckets are AWS-owned.',
  },
  {
    id: nag('AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:role/CrowdStrike*]'),
    path: /\/LaunchRole$/,
    reason:
      'Products create roles whose names come from the Falcon registration; they all start with CrowdStrike, and ' +
      'attaching managed policies is limited to SecurityAudit by condition.',
  },
  // Portfolio share custom resource (stacks/constructs/portfolio-share.ts)
  {
    id: nag('AwsSolutions-IAM5[Resource::*]'),
    path: /\/Share\/HandlerRole\/DefaultPolicy\/Resource$/,
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
    path: /\/(Share\/Handler|Worker)Role\/DefaultPolicy\/Resource$/,
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
    path: /^FalconLifecycle\/WorkerRole\/DefaultPolicy\/Resource$/,
    reason:
      'Organizations ListRoots/ListAccounts/DescribeOrganization and Service Catalog ListPortfolios/' +
      'SearchProductsAsAdmin/DescribePortfolio have no resource-level permissions; all are reads.',
  },
  {
    id: (t) =>
      nag(`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/${t.manifest.organization.executionRoleName}]`),
    path: /^FalconLifecycle\/WorkerRole\/DefaultPolicy\/Resource$/,
    reason:
      'The worker assumes the Control Tower execution role in whichever member account an event names; the ' +
      'aws:ResourceOrgID condition limits it to accounts of this organisation.',
  },
  {
    id: (t) =>
      nag(
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:${t.manifest.organization.homeRegion}:` +
          `${t.manifest.organization.hubAccountId ?? t.manifest.organization.managementAccountId}:parameter/falcon-catalog/*]`,
      ),
    path: /^FalconLifecycle\/WorkerRole\/DefaultPolicy\/Resource$/,
    reason: 'Reads the non-secret Falcon registration outputs published under /falcon-catalog/ in the hub.',
  },
];
