/**
 * What launching a Service Catalog product takes besides the product's own resources, for whoever launches it: the
 * launch role (products/launch-role/) for the Falcon products, the lifecycle's own role for the Falcon directory,
 * which has no launch constraint (stacks/constructs/organisation-access.ts).
 * https://docs.aws.amazon.com/servicecatalog/latest/adminguide/constraints-launch.html
 */
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';

export interface StackLaunchSids {
  readonly stacks: string;
  readonly inspection: string;
  readonly templates: string;
}

export function stackLaunchStatements(partition: string, account: string, sid: StackLaunchSids): PolicyStatement[] {
  return [
    new PolicyStatement({
      sid: sid.stacks,
      actions: [
        'cloudformation:CreateStack',
        'cloudformation:DeleteStack',
        'cloudformation:UpdateStack',
        'cloudformation:DescribeStacks',
        'cloudformation:DescribeStackEvents',
        'cloudformation:SetStackPolicy',
      ],
      // Service Catalog names the stacks it launches SC-<account>-pp-<id>.
      resources: [`arn:${partition}:cloudformation:*:${account}:stack/SC-*`],
    }),
    new PolicyStatement({
      sid: sid.inspection,
      // Service Catalog summarizes and validates a template by URL, before any stack exists: no stack ARN to name.
      actions: ['cloudformation:GetTemplateSummary', 'cloudformation:ValidateTemplate'],
      resources: ['*'],
    }),
    new PolicyStatement({
      sid: sid.templates,
      // Service Catalog stores product templates in buckets it owns, whose names are not published; it tags each
      // template object, so the grant is limited to objects carrying that tag.
      actions: ['s3:GetObject'],
      resources: ['*'],
      conditions: { StringEquals: { 's3:ExistingObjectTag/servicecatalog:provisioning': 'true' } },
    }),
  ];
}
