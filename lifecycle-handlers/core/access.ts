/**
 * How the lifecycle reaches each account, under the trust model AWS documents for Control Tower:
 *
 * - `AWSControlTowerExecution` exists in enrolled member accounts only and trusts only the management account
 *   (https://docs.aws.amazon.com/controltower/latest/userguide/awscontroltowerexecution.html); the management
 *   account has no such role.
 * - Organizations' read APIs answer the management account (or a delegated administrator)
 *   (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_org_support-all-features.html).
 *
 * So, with the hub in the management account, the lifecycle uses its own credentials there and assumes the
 * execution role everywhere else. With a separate hub, the install deploys one role in the management account
 * (`ORG_ACCESS_ROLE_NAME`, trusting the hub account); the hub's worker assumes it for Organizations reads and for
 * the management account's own products, and chains from it into the execution role of each member account.
 * The README ("Where the hub lives") says why this path and not the hub as a delegated administrator.
 */
import type { Partition } from '../../vocabulary';
import { roleArn } from './arns';

/** The role the install creates in the management account when the hub is a separate account. */
export const ORG_ACCESS_ROLE_NAME = 'CrowdStrikeFalconCatalogOrgAccess';

export interface OrganizationAccess {
  readonly partition: Partition;
  readonly homeRegion: string;
  readonly managementAccountId: string;
  /** Defaults to the management account. */
  readonly hubAccountId?: string;
  readonly executionRoleName: string;
}

/** One hop of role assumption; a path is zero (the caller's own credentials), one or two hops. */
export interface Hop {
  readonly roleArn: string;
  readonly accountId: string;
}

export interface AccessPath {
  /** The roles assumed in order, starting from the lifecycle's own credentials in the hub. */
  readonly hops: readonly Hop[];
  /** How a person reads it in `plan` and `status`. */
  readonly description: string;
}

export function hubOf(access: OrganizationAccess): string {
  return access.hubAccountId ?? access.managementAccountId;
}

export function orgAccessRoleArn(access: OrganizationAccess): string {
  return roleArn(access.partition, access.managementAccountId, ORG_ACCESS_ROLE_NAME);
}

/** The path to Organizations: the lifecycle's own credentials when the hub is the management account. */
export function organizationsPath(access: OrganizationAccess): AccessPath {
  if (hubOf(access) === access.managementAccountId) return { hops: [], description: 'hub credentials (management account)' };
  const bridge = { roleArn: orgAccessRoleArn(access), accountId: access.managementAccountId };
  return { hops: [bridge], description: `${ORG_ACCESS_ROLE_NAME} in the management account` };
}

export function accessPathFor(access: OrganizationAccess, accountId: string): AccessPath {
  const hub = hubOf(access);
  if (accountId === hub) return { hops: [], description: 'hub credentials' };
  const bridge: Hop = { roleArn: orgAccessRoleArn(access), accountId: access.managementAccountId };
  if (accountId === access.managementAccountId) {
    return { hops: [bridge], description: `${ORG_ACCESS_ROLE_NAME} (management account, from the hub)` };
  }
  const execution: Hop = { roleArn: roleArn(access.partition, accountId, access.executionRoleName), accountId };
  if (hub === access.managementAccountId) return { hops: [execution], description: access.executionRoleName };
  return { hops: [bridge, execution], description: `${access.executionRoleName} via ${ORG_ACCESS_ROLE_NAME}` };
}

/**
 * The IAM role ARN that assumed-role session credentials stand for, for a principal association. STS reports
 * `arn:<partition>:sts::<account>:assumed-role/<role>/<session>` without the role's path; roles this package
 * creates and the execution role have the path `/`. A role with another path is given explicitly.
 */
export function roleArnOfSession(sessionArn: string): string | undefined {
  const match = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(sessionArn);
  return match ? `arn:${match[1]}:iam::${match[2]}:role/${match[3]}` : undefined;
}
