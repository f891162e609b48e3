/**
 * Who may assume a role: the AWS principals of its trust policy, as account IDs (`arn:…:iam::<id>:root`: any
 * principal of that account) and role ARNs. Empty: nobody can assume it through STS (a service or a test identity
 * uses it). Trust-policy conditions are not modelled.
 */
export interface RoleTrust {
  readonly accounts: readonly string[];
  readonly roleArns: readonly string[];
}

export const NO_TRUST: RoleTrust = { accounts: [], roleArns: [] };

export interface IamRole {
  name: string;
  /** IAM path with leading and trailing slash: `/` or `/aws-reserved/sso.amazonaws.com/`. */
  path: string;
  arn: string;
  trust: RoleTrust;
  /** The role's MaxSessionDuration in seconds (IAM's default: 3,600). */
  maxSessionDuration: number;
  /**
   * The AWS managed policy AdministratorAccess is attached. Permission policies are not modelled otherwise; this one
   * fact is, because Service Catalog's DescribeProduct fails for callers with administrator access.
   */
  administratorAccess: boolean;
}

/**
 * The role Control Tower creates in every account it enrols, trusting the management account only:
 * https://docs.aws.amazon.com/controltower/latest/userguide/awscontroltowerexecution.html
 */
export const CONTROL_TOWER_EXECUTION_ROLE = 'AWSControlTowerExecution';

/**
 * Which IAM roles exist in which account: all STS AssumeRole and Service Catalog principal/launch-role checks
 * read this. Role specs accept a path: `aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123`.
 */
export class IamState {
  private readonly rolesByAccount = new Map<string, Map<string, IamRole>>();

  constructor(private readonly partition: string) {}

  /** Makes an account known to IAM (idempotent); it starts with no roles. */
  ensureAccount(account: string): void {
    if (!this.rolesByAccount.has(account)) this.rolesByAccount.set(account, new Map());
  }

  /**
   * Control Tower's enrolment: the execution role, trusting the management account only, with AdministratorAccess
   * attached (https://docs.aws.amazon.com/controltower/latest/userguide/enroll-manually.html).
   */
  enrolInControlTower(account: string, managementAccountId: string): IamRole {
    return this.createRole(account, CONTROL_TOWER_EXECUTION_ROLE, { accounts: [managementAccountId], roleArns: [] }, { administratorAccess: true });
  }

  createRole(account: string, roleSpec: string, trust: RoleTrust = NO_TRUST, options: { administratorAccess?: boolean } = {}): IamRole {
    const { name, path } = splitRoleSpec(roleSpec);
    let roles = this.rolesByAccount.get(account);
    if (!roles) {
      this.ensureAccount(account);
      roles = this.rolesByAccount.get(account)!;
    }
    const role = {
      name,
      path,
      arn: `arn:${this.partition}:iam::${account}:role${path}${name}`,
      trust,
      maxSessionDuration: 3600,
      administratorAccess: options.administratorAccess ?? false,
    };
    roles.set(name, role);
    return role;
  }

  deleteRole(account: string, name: string): void {
    if (!this.rolesByAccount.get(account)?.delete(name)) {
      throw new Error(`iam.deleteRole: role ${name} does not exist in account ${account}`);
    }
  }

  getRole(account: string, name: string): IamRole | undefined {
    return this.rolesByAccount.get(account)?.get(name);
  }

  hasRole(account: string, name: string): boolean {
    return this.getRole(account, name) !== undefined;
  }

  /** Finds a role by its full ARN (for IAM principal associations, which must name an existing role). */
  getRoleByArn(arn: string): IamRole | undefined {
    const match = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
    if (!match) return undefined;
    const role = this.getRole(match[1], match[2]);
    return role?.arn === arn ? role : undefined;
  }
}

function splitRoleSpec(spec: string): { name: string; path: string } {
  const trimmed = spec.replace(/^\/+|\/+$/g, '');
  const slash = trimmed.lastIndexOf('/');
  if (slash < 0) return { name: trimmed, path: '/' };
  return { name: trimmed.slice(slash + 1), path: `/${trimmed.slice(0, slash)}/` };
}
