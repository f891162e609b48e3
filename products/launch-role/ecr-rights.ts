/**
 * What the launch role needs from v1.2.0 on to launch ecr-connections, each statement scoped to the names that
 * product uses. Its two roles start with CrowdStrike, so the v1.0.0 role statements already cover creating them.
 * CloudFormation invokes a custom resource's function with the stack's role, so the launch role may invoke this
 * one function (and no other).
 */
import { Aws } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { ECR_FUNCTION_NAME, ECR_FUNCTION_ROLE_NAME } from '../ecr-connections/definition';
import { FUNCTION_MANAGEMENT_ACTIONS, LOG_GROUP_MANAGEMENT_ACTIONS, passRole } from './product-rights';

export function ecrConnectionsLaunchStatements(): PolicyStatement[] {
  const p = Aws.PARTITION;
  const account = Aws.ACCOUNT_ID;
  // ecr-connections is a home-Region product, and the launch role is created in the home Region.
  const home = Aws.REGION;
  const logGroup = `arn:${p}:logs:${home}:${account}:log-group:/aws/lambda/${ECR_FUNCTION_NAME}`;
  return [
    passRole('PassEcrConnectionsFunctionRole', ECR_FUNCTION_ROLE_NAME, 'lambda.amazonaws.com'),
    new PolicyStatement({
      sid: 'EcrConnectionsFunction',
      actions: [...FUNCTION_MANAGEMENT_ACTIONS, 'lambda:InvokeFunction'],
      resources: [`arn:${p}:lambda:${home}:${account}:function:${ECR_FUNCTION_NAME}`],
    }),
    new PolicyStatement({
      sid: 'EcrConnectionsLogGroup',
      actions: [...LOG_GROUP_MANAGEMENT_ACTIONS],
      resources: [logGroup, `${logGroup}:*`],
    }),
  ];
}
