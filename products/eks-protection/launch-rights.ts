/**
 * What the launch role needs to create, update and delete the EKS Protection member resources, exported for
 * `products/launch-role/template.ts` (owned elsewhere). Each statement is scoped to the exact names the product uses.
 *
 * The launch role's v1.1.0 statements already cover these (roles `CrowdStrike*`, rules `rule/cs-*`, PassRole of
 * `CrowdStrikeEventBridge*` to EventBridge); these are the exact subset, for a launch role that narrows them.
 * eks-protection v1.2.0 adds one role, `CrowdStrikeEksFargatePodExecution`, with the same actions as the other two
 * (an inline policy only: no managed policy is attached, nothing is passed by the launch role).
 */
import { Aws } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { EKS_EVENTBRIDGE_ROLE_NAME, EKS_EXECUTION_ROLE_NAME, EKS_FARGATE_POD_ROLE_NAME, EKS_RULE_NAME } from './names';

export function eksLaunchRoleStatements(): PolicyStatement[] {
  const p = Aws.PARTITION;
  const account = Aws.ACCOUNT_ID;
  const roles = [EKS_EXECUTION_ROLE_NAME, EKS_EVENTBRIDGE_ROLE_NAME, EKS_FARGATE_POD_ROLE_NAME].map((name) => `arn:${p}:iam::${account}:role/${name}`);
  return [
    new PolicyStatement({
      sid: 'EksProtectionRoles',
      actions: [
        'iam:CreateRole',
        'iam:DeleteRole',
        'iam:GetRole',
        'iam:UpdateRole',
        'iam:UpdateRoleDescription',
        'iam:UpdateAssumeRolePolicy',
        'iam:TagRole',
        'iam:UntagRole',
        'iam:PutRolePolicy',
        'iam:DeleteRolePolicy',
        'iam:GetRolePolicy',
        'iam:PutRolePermissionsBoundary',
        'iam:DeleteRolePermissionsBoundary',
      ],
      resources: roles,
    }),
    new PolicyStatement({
      sid: 'EksProtectionPassEventBridgeRole',
      actions: ['iam:PassRole'],
      resources: [`arn:${p}:iam::${account}:role/${EKS_EVENTBRIDGE_ROLE_NAME}`],
      conditions: { StringEquals: { 'iam:PassedToService': 'events.amazonaws.com' } },
    }),
    new PolicyStatement({
      sid: 'EksProtectionRule',
      actions: [
        'events:PutRule',
        'events:DeleteRule',
        'events:DescribeRule',
        'events:EnableRule',
        'events:DisableRule',
        'events:PutTargets',
        'events:RemoveTargets',
        'events:ListTargetsByRule',
      ],
      resources: [`arn:${p}:events:*:${account}:rule/${EKS_RULE_NAME}`],
    }),
  ];
}

/** The statements as a value, for the launch role's owner to spread into its policy. */
export const EKS_LAUNCH_ROLE_STATEMENTS: readonly PolicyStatement[] = eksLaunchRoleStatements();
