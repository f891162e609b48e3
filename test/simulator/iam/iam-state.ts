export interface IamRole {
  name: string;
  /** IAM path with leading and trailing slash: `/` or `/aws-reserved/sso.amazonaws.com/`. */
  path: string;
  arn: string;
}

/** Roles every account starts with (Control Tower creates the execution role in every enrolled account). */
export const DEFAULT_ROLES = ['AWSControlTowerExecution'];

/**
 * Which IAM roles exist in which account: all STS AssumeRole and Service Catalog principal/launch-role checks
 * read this. Role specs accept a path: `aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123`.
 */
export class IamState {
  private readonly rolesByAccount = new Map<string, Map<string, IamRole>>();

  constructor(private readonly partition: string) {}

  /** Gives a newly known account its default roles (idempotent). */
  ensureAccount(account: string): void {
    if (this.rolesByAccount.has(account)) return;
    this.rolesByAccount.set(account, new Map());
    for (const role of DEFAULT_ROLES) this.createRole(account, role);
  }

  createRole(account: string, roleSpec: string): IamRole {
    const { name, path } = splitRoleSpec(roleSpec);
    let roles = this.rolesByAccount.get(account);
    if (!roles) {
      this.ensureAccount(account);
      roles = this.rolesByAccount.get(account)!;
    }
    const role = { name, path, arn: `arn:${this.partition}:iam::${account}:role${path}${name}` };
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
