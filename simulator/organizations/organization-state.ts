import type { OrgModel } from './org-model';

export type AccountStatus = 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';

export interface OrgAccount {
  id: string;
  name: string;
  email: string;
  parent: string;
  status: AccountStatus;
  joinedAt: Date;
}

export interface OrgUnit {
  id: string;
  name: string;
  parent: string;
}

export interface AddAccountOptions {
  id: string;
  name: string;
  parent: string;
  email?: string;
  status?: AccountStatus;
}

/**
 * The organisation tree: root, OUs and accounts, indexed by id and by parent so listing a parent's children or
 * walking an account's ancestry is a map lookup (the benchmark holds 10,000 accounts).
 */
export class OrganizationState {
  readonly id: string;
  readonly managementAccountId: string;
  readonly rootId: string;
  readonly partition: string;
  readonly rootName = 'Root';
  private readonly ous = new Map<string, OrgUnit>();
  private readonly accounts = new Map<string, OrgAccount>();
  /** parent id → child ids, in insertion order. */
  private readonly childOus = new Map<string, Set<string>>();
  private readonly childAccounts = new Map<string, Set<string>>();
  private readonly accountAdded: Array<(account: OrgAccount) => void> = [];
  /** Service principal → accounts registered as its delegated administrator (RegisterDelegatedAdministrator). */
  private readonly delegatedAdministrators = new Map<string, Set<string>>();

  constructor(model: OrgModel, joinedAt: Date) {
    this.id = model.organization.id;
    this.managementAccountId = model.organization.managementAccountId;
    this.rootId = model.organization.rootId;
    this.partition = model.organization.partition;
    for (const ou of model.organizationalUnits) this.addOrganizationalUnit(ou);
    for (const a of model.accounts) {
      this.insertAccount({ id: a.id, name: a.name, parent: a.parent, status: a.status, email: a.email ?? defaultEmail(a.name) }, joinedAt);
    }
    if (!this.accounts.has(this.managementAccountId)) {
      this.insertAccount({ id: this.managementAccountId, name: 'management', parent: this.rootId, email: defaultEmail('management'), status: 'ACTIVE' }, joinedAt);
    }
  }

  registerDelegatedAdministrator(accountId: string, servicePrincipal: string): void {
    const accounts = this.delegatedAdministrators.get(servicePrincipal) ?? new Set<string>();
    accounts.add(accountId);
    this.delegatedAdministrators.set(servicePrincipal, accounts);
  }

  isDelegatedAdministrator(accountId: string, servicePrincipal: string): boolean {
    return this.delegatedAdministrators.get(servicePrincipal)?.has(accountId) ?? false;
  }

  delegatedServicesOf(accountId: string): string[] {
    return [...this.delegatedAdministrators].filter(([, accounts]) => accounts.has(accountId)).map(([principal]) => principal);
  }

  /** Called for every account already present and every account added later (IAM uses it for default roles). */
  onAccountAdded(listener: (account: OrgAccount) => void): void {
    this.accountAdded.push(listener);
    for (const account of this.accounts.values()) listener(account);
  }

  arnOfOrganization(): string {
    return `arn:${this.partition}:organizations::${this.managementAccountId}:organization/${this.id}`;
  }

  arnOfRoot(): string {
    return `arn:${this.partition}:organizations::${this.managementAccountId}:root/${this.id}/${this.rootId}`;
  }

  arnOfOu(ouId: string): string {
    return `arn:${this.partition}:organizations::${this.managementAccountId}:ou/${this.id}/${ouId}`;
  }

  arnOfAccount(accountId: string): string {
    return `arn:${this.partition}:organizations::${this.managementAccountId}:account/${this.id}/${accountId}`;
  }

  getAccount(id: string): OrgAccount | undefined {
    return this.accounts.get(id);
  }

  getOu(id: string): OrgUnit | undefined {
    return this.ous.get(id);
  }

  isParent(id: string): boolean {
    return id === this.rootId || this.ous.has(id);
  }

  allAccounts(): OrgAccount[] {
    return [...this.accounts.values()];
  }

  childOuIds(parent: string): string[] {
    return [...(this.childOus.get(parent) ?? [])];
  }

  childAccountIds(parent: string): string[] {
    return [...(this.childAccounts.get(parent) ?? [])];
  }

  /** Parent chain of an account or OU, nearest first, ending at the root. */
  ancestorsOf(id: string): string[] {
    const chain: string[] = [];
    let parent = this.accounts.get(id)?.parent ?? this.ous.get(id)?.parent;
    while (parent) {
      chain.push(parent);
      parent = parent === this.rootId ? undefined : this.ous.get(parent)?.parent;
    }
    return chain;
  }

  /** True when the account sits in `nodeId` (the root, an OU at any depth, or the account itself). */
  accountIsUnder(accountId: string, nodeId: string): boolean {
    if (accountId === nodeId) return true;
    return this.accounts.has(accountId) && this.ancestorsOf(accountId).includes(nodeId);
  }

  // ---- test helpers (also used by MoveAccount) ----

  addOrganizationalUnit(ou: OrgUnit): void {
    if (this.ous.has(ou.id)) throw new Error(`org: OU ${ou.id} already exists`);
    this.ous.set(ou.id, { ...ou });
    this.childSet(this.childOus, ou.parent).add(ou.id);
  }

  addAccount(options: AddAccountOptions, joinedAt: Date): OrgAccount {
    if (this.accounts.has(options.id)) throw new Error(`org.addAccount: account ${options.id} already exists`);
    if (!this.isParent(options.parent)) throw new Error(`org.addAccount: parent ${options.parent} does not exist`);
    return this.insertAccount(
      { ...options, email: options.email ?? defaultEmail(options.name), status: options.status ?? 'ACTIVE' },
      joinedAt,
    );
  }

  setStatus(accountId: string, status: AccountStatus): void {
    this.requireAccount(accountId).status = status;
  }

  move(accountId: string, destination: string): void {
    const account = this.requireAccount(accountId);
    this.childAccounts.get(account.parent)?.delete(accountId);
    account.parent = destination;
    this.childSet(this.childAccounts, destination).add(accountId);
  }

  private requireAccount(accountId: string): OrgAccount {
    const account = this.accounts.get(accountId);
    if (!account) throw new Error(`org: account ${accountId} is not in the organization`);
    return account;
  }

  private insertAccount(fields: Omit<OrgAccount, 'joinedAt'>, joinedAt: Date): OrgAccount {
    const account: OrgAccount = { ...fields, joinedAt };
    this.accounts.set(account.id, account);
    this.childSet(this.childAccounts, account.parent).add(account.id);
    for (const listener of this.accountAdded) listener(account);
    return account;
  }

  private childSet(index: Map<string, Set<string>>, parent: string): Set<string> {
    let set = index.get(parent);
    if (!set) {
      set = new Set();
      index.set(parent, set);
    }
    return set;
  }
}

function defaultEmail(name: string): string {
  return `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@example.com`;
}
