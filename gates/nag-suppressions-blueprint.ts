/**
 * cdk-nag findings accepted for the Account Factory blueprint: the falcon-baseline product's custom
 * resource function and the hub's AWSControlTowerBlueprintAccess role. Each with the reason a reviewer reads.
 */
import type { NagSuppression } from './nag-suppressions';

const nag = (id: string) => `AwsSolutions::${id}`;

export const BLUEPRINT_SUPPRESSIONS: readonly NagSuppression[] = [
  {
    id: nag(
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/lambda/falcon-baseline-parameters:log-stream:*]',
    ),
    path: /\/FalconBaselineTemplate\/ParametersFunctionRole$/,
    wildcardActions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    reason: 'Lambda names its log streams at run time; the grant is limited to the function\'s own log group.',
  },
  {
    id: nag('AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:lambda:*:*:function:*]'),
    path: /\/FalconBaselineTemplate\/ParametersFunctionRole$/,
    wildcardActions: ['lambda:InvokeFunctionUrl', 'lambda:InvokeFunction'],
    reason:
      'The broker function lives in the hub account, which a manifest-independent product template cannot name. ' +
      'The grant only allows calling AWS_IAM function URLs (and InvokeFunction only through a URL); the broker\'s ' +
      'resource policy admits only organisation principals and serves each caller only its own account.',
  },
  {
    id: nag('AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AWSServiceCatalogAdminFullAccess]'),
    path: /\/BlueprintAccess\/Role\/Resource$/,
    reason:
      'Required by AFC: Account Factory Customization documents AWSServiceCatalogAdminFullAccess on the ' +
      'AWSControlTowerBlueprintAccess role and publishes no narrower set of actions it needs.',
  },
  {
    id: nag('AwsSolutions-IAM5[Resource::*]'),
    path: /\/BlueprintAccess\/Role\/Resource$/,
    wildcardActions: ['s3:GetObject'],
    reason:
      'Required by AFC (it reads blueprint templates from S3): Service Catalog stores them in buckets it owns with ' +
      'unpublished names, so the bucket cannot be named; the grant is s3:GetObject limited to objects Service ' +
      'Catalog tags servicecatalog:provisioning=true, instead of the documented AmazonS3ReadOnlyAccess.',
  },
];
