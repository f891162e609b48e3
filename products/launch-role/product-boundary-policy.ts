/**
 * Launch role v1.4.0: the permissions boundary of every role a Falcon product creates
 * (`products/kit/product-boundary.ts` says why it exists and where).
 *
 * A boundary grants nothing: a role's rights are the intersection of its own policies and its boundary (IAM User
 * Guide, "Permissions boundaries for IAM entities"). The product roles' own policies are least privilege, and the
 * IOM reader role's include the AWS-managed SecurityAudit policy, which spans every service, so the ceiling allows
 * every action except what could escalate or leave the account's control: changing IAM (roles, users, policies,
 * boundaries, this boundary included), passing roles, assuming other roles, and changing the organisation or the
 * account. Reads (Get/List/Describe) of IAM and Organizations stay possible: SecurityAudit needs them.
 */
import { Aws } from 'aws-cdk-lib';
import { CfnManagedPolicy, Effect, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { PRODUCT_BOUNDARY_NAME, PRODUCT_BOUNDARY_PATH, productBoundaryArn } from '../kit/product-boundary';

/** Every IAM action that writes (IAM's write and permissions-management access levels, by verb). */
const IAM_WRITES = [
  'iam:Add*', 'iam:Attach*', 'iam:Change*', 'iam:Create*', 'iam:Deactivate*', 'iam:Delete*', 'iam:Detach*',
  'iam:Enable*', 'iam:Put*', 'iam:Remove*', 'iam:Reset*', 'iam:Resync*', 'iam:Set*', 'iam:Tag*', 'iam:Untag*',
  'iam:Update*', 'iam:Upload*',
];

/** Organizations and account changes, by verb (their reads stay allowed). */
const ORGANIZATION_WRITES = [
  'organizations:Accept*', 'organizations:Attach*', 'organizations:Cancel*', 'organizations:Close*',
  'organizations:Create*', 'organizations:Decline*', 'organizations:Delete*', 'organizations:Deregister*',
  'organizations:Detach*', 'organizations:Disable*', 'organizations:Enable*', 'organizations:Invite*',
  'organizations:Leave*', 'organizations:Move*', 'organizations:Put*', 'organizations:Register*',
  'organizations:Remove*', 'organizations:Tag*', 'organizations:Untag*', 'organizations:Update*',
  'account:Accept*', 'account:Delete*', 'account:Disable*', 'account:Enable*', 'account:Put*', 'account:Start*',
];

export function productBoundaryDocument(): PolicyDocument {
  const deny = (sid: string, actions: string[]) => new PolicyStatement({ sid, effect: Effect.DENY, actions, resources: ['*'] });
  return new PolicyDocument({
    statements: [
      // Grants nothing by itself: the role's own policies decide, within the denials below.
      new PolicyStatement({ sid: 'Ceiling', actions: ['*'], resources: ['*'] }),
      deny('NoIdentityChanges', [...IAM_WRITES, 'iam:PassRole']),
      deny('NoOrganizationChanges', ORGANIZATION_WRITES),
      deny('NoRoleChaining', ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:SetSourceIdentity']),
    ],
  });
}

/** The boundary as the launch-role product (and the hub's own launch role) creates it in an account. */
export function createProductBoundary(scope: Construct): CfnManagedPolicy {
  return new CfnManagedPolicy(scope, 'ProductBoundary', {
    managedPolicyName: PRODUCT_BOUNDARY_NAME,
    path: PRODUCT_BOUNDARY_PATH,
    description: 'CrowdStrike Falcon catalog: permissions boundary of every role a Falcon product creates',
    policyDocument: productBoundaryDocument().toJSON(),
  });
}

/** The boundary's ARN in the account a template deploys to. */
export function productBoundaryArnToken(): string {
  return productBoundaryArn(Aws.PARTITION, Aws.ACCOUNT_ID);
}
