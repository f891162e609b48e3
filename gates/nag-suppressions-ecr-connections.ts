/**
 * cdk-nag findings accepted for the ecr-connections product and the launch-role v1.2.0 rights it needs,
 * each with the reason a security reviewer reads.
 */
import { LOG_GROUP_LIFECYCLE } from './nag-suppressions-event-and-sensor-products';
import type { NagSuppression } from './nag-suppressions';

const nag = (id: string) => `AwsSolutions::${id}`;
const P = 'arn:<AWS::Partition>';
const ASSESSMENT_ROLE = /\/EcrConnectionsTemplate\/AssessmentRole$/;
const FUNCTION_ROLE = /\/EcrConnectionsTemplate\/ConnectionsFunctionRole$/;
const LAUNCH_ROLE = /\/LaunchRole$/;

export const ECR_CONNECTIONS_SUPPRESSIONS: readonly NagSuppression[] = [
  {
    id: nag('AwsSolutions-IAM5[Resource::*]'),
    path: ASSESSMENT_ROLE,
    wildcardActions: ['ecr:GetAuthorizationToken'],
    reason:
      'ecr:GetAuthorizationToken (the registry login) supports no resource-level permissions; it is the only ' +
      'action granted on *.',
  },
  {
    id: nag(`AwsSolutions-IAM5[Resource::${P}:ecr:*:<AWS::AccountId>:repository/*]`),
    path: ASSESSMENT_ROLE,
    wildcardActions: [
      'ecr:BatchCheckLayerAvailability',
      'ecr:BatchGetImage',
      'ecr:DescribeImageScanFindings',
      'ecr:DescribeImages',
      'ecr:DescribeRepositories',
      'ecr:GetDownloadUrlForLayer',
      'ecr:GetLifecyclePolicy',
      'ecr:GetLifecyclePolicyPreview',
      'ecr:GetRepositoryPolicy',
      'ecr:ListImages',
      'ecr:ListTagsForResource',
    ],
    reason:
      'Falcon assesses every repository of the connected registries, in each connected Region: the read actions of ' +
      'AmazonEC2ContainerRegistryReadOnly, narrowed from * to this account\'s repositories, and no write action.',
  },
  {
    id: nag(
      `AwsSolutions-IAM5[Resource::${P}:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/lambda/falcon-ecr-connections:log-stream:*]`,
    ),
    path: FUNCTION_ROLE,
    wildcardActions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    reason: 'Lambda names its log streams at run time; the grant is limited to the function\'s own log group.',
  },
  {
    id: nag(
      `AwsSolutions-IAM5[Resource::${P}:lambda:{"Fn::Select":[2,{"Fn::Split":[".",{"Ref":"FalconBrokerUrl"}]}]}:*:function:*]`,
    ),
    path: FUNCTION_ROLE,
    wildcardActions: ['lambda:InvokeFunctionUrl', 'lambda:InvokeFunction'],
    reason:
      'The broker function lives in the hub account, which a manifest-independent product template cannot name; ' +
      'the grant is pinned to the broker URL\'s Region, allows only AWS_IAM function URLs (InvokeFunction only ' +
      'through a URL), and the broker admits only organisation principals and acts only on the caller\'s account.',
  },
  {
    id: nag(`AwsSolutions-IAM5[Resource::${P}:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/lambda/falcon-ecr-connections:*]`),
    path: LAUNCH_ROLE,
    wildcardActions: LOG_GROUP_LIFECYCLE,
    reason: 'The ecr-connections log group in its ARN form with the :* suffix, which some Logs actions authorize against.',
  },
];
