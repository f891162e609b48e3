import { AwsApiError } from '../core/errors';
import { paginate } from '../core/pagination';
import type { VirtualClock } from '../core/clock';
import { AwsJsonCodec } from '../protocols/aws-json';
import { InputReader } from '../transport/input';
import type { CallContext, Input, OperationHandler, SimulatedService } from '../transport/service';
import type { AddAccountOptions, OrgAccount, OrganizationState } from './organization-state';

const INVALID = 'InvalidInputException';
const PAGE = { defaultSize: 20, maxSize: 20, errorCode: INVALID };

/**
 * AWS Organizations (awsJson1_1, target AWSOrganizationsV20161128). Only the management account may call it
 * (delegation policies that open reads to other accounts are not modelled); it registers delegated
 * administrators, which other services (Service Catalog) consult.
 */
export class OrganizationsSimulator {
  constructor(
    readonly state: OrganizationState,
    private readonly clock: VirtualClock,
  ) {}

  /** Test helper: an account joins the organisation (as Account Factory would vend it). */
  addAccount(options: AddAccountOptions): OrgAccount {
    return this.state.addAccount(options, this.clock.date());
  }

  /** Test helper: the account is suspended (closed accounts stay SUSPENDED for 90 days). */
  suspend(accountId: string): void {
    this.state.setStatus(accountId, 'SUSPENDED');
  }

  /** Test helper: move without going through the API (the API's MoveAccount does the same after its checks). */
  moveAccount(accountId: string, destinationParentId: string): void {
    if (!this.state.isParent(destinationParentId)) throw new Error(`org.moveAccount: parent ${destinationParentId} does not exist`);
    this.state.move(accountId, destinationParentId);
  }

  addOrganizationalUnit(ou: { id: string; name: string; parent: string }): void {
    if (!this.state.isParent(ou.parent)) throw new Error(`org.addOrganizationalUnit: parent ${ou.parent} does not exist`);
    this.state.addOrganizationalUnit(ou);
  }

  service(): SimulatedService {
    return {
      signingName: 'organizations',
      codec: new AwsJsonCodec('AWSOrganizationsV20161128'),
      errorCodes: { accessDenied: 'AccessDeniedException', throttling: 'TooManyRequestsException', unknownCaller: 'UnrecognizedClientException' },
      operations: this.operations(),
    };
  }

  private operations(): Record<string, OperationHandler> {
    const ops: Record<string, (r: InputReader, ctx: CallContext) => unknown> = {
      DescribeOrganization: () => ({
        Organization: {
          Id: this.state.id,
          Arn: this.state.arnOfOrganization(),
          FeatureSet: 'ALL',
          MasterAccountArn: this.state.arnOfAccount(this.state.managementAccountId),
          MasterAccountId: this.state.managementAccountId,
          MasterAccountEmail: this.state.getAccount(this.state.managementAccountId)?.email,
          AvailablePolicyTypes: [],
        },
      }),
      ListRoots: (r) => {
        const page = paginate([this.state.rootId], r.raw('NextToken'), r.raw('MaxResults'), { ...PAGE, scope: 'ListRoots' });
        return {
          Roots: page.items.map((id) => ({ Id: id, Arn: this.state.arnOfRoot(), Name: this.state.rootName, PolicyTypes: [] })),
          NextToken: page.nextToken,
        };
      },
      ListOrganizationalUnitsForParent: (r) => {
        const parent = this.requireParent(r.string('ParentId'));
        const page = paginate(this.state.childOuIds(parent), r.raw('NextToken'), r.raw('MaxResults'), { ...PAGE, scope: `ListOUs:${parent}` });
        return { OrganizationalUnits: page.items.map((id) => this.ouShape(id)), NextToken: page.nextToken };
      },
      ListChildren: (r) => {
        const parent = this.requireParent(r.string('ParentId'));
        const type = r.string('ChildType');
        if (type !== 'ACCOUNT' && type !== 'ORGANIZATIONAL_UNIT') throw r.invalid(`ChildType must be ACCOUNT or ORGANIZATIONAL_UNIT, got ${type}`);
        const ids = type === 'ACCOUNT' ? this.state.childAccountIds(parent) : this.state.childOuIds(parent);
        const page = paginate(ids, r.raw('NextToken'), r.raw('MaxResults'), { ...PAGE, scope: `ListChildren:${parent}:${type}` });
        return { Children: page.items.map((id) => ({ Id: id, Type: type })), NextToken: page.nextToken };
      },
      ListParents: (r) => {
        const childId = r.string('ChildId');
        const parent = this.state.getAccount(childId)?.parent ?? this.state.getOu(childId)?.parent;
        if (!parent) throw new AwsApiError('ChildNotFoundException', `We can't find an organizational unit (OU) or AWS account with the ChildId ${childId}.`);
        const page = paginate([parent], r.raw('NextToken'), r.raw('MaxResults'), { ...PAGE, scope: `ListParents:${childId}` });
        return {
          Parents: page.items.map((id) => ({ Id: id, Type: id === this.state.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' })),
          NextToken: page.nextToken,
        };
      },
      ListAccounts: (r) => {
        const page = paginate(this.state.allAccounts(), r.raw('NextToken'), r.raw('MaxResults'), { ...PAGE, scope: 'ListAccounts' });
        return { Accounts: page.items.map((a) => this.accountShape(a)), NextToken: page.nextToken };
      },
      ListAccountsForParent: (r) => {
        const parent = this.requireParent(r.string('ParentId'));
        const page = paginate(this.state.childAccountIds(parent), r.raw('NextToken'), r.raw('MaxResults'), { ...PAGE, scope: `ListAccountsForParent:${parent}` });
        return { Accounts: page.items.map((id) => this.accountShape(this.state.getAccount(id)!)), NextToken: page.nextToken };
      },
      DescribeAccount: (r) => ({ Account: this.accountShape(this.requireAccount(r.string('AccountId'))) }),
      DescribeOrganizationalUnit: (r) => {
        const id = r.string('OrganizationalUnitId');
        if (!this.state.getOu(id)) throw ouNotFound(id);
        return { OrganizationalUnit: this.ouShape(id) };
      },
      // https://docs.aws.amazon.com/organizations/latest/APIReference/API_RegisterDelegatedAdministrator.html
      RegisterDelegatedAdministrator: (r) => {
        const accountId = r.string('AccountId');
        const servicePrincipal = r.string('ServicePrincipal');
        this.requireAccount(accountId);
        if (accountId === this.state.managementAccountId) {
          throw new AwsApiError('ConstraintViolationException', 'You cannot register the management account as a delegated administrator.');
        }
        if (this.state.isDelegatedAdministrator(accountId, servicePrincipal)) {
          throw new AwsApiError('AccountAlreadyRegisteredException', `The account ${accountId} is already a delegated administrator for ${servicePrincipal}.`);
        }
        this.state.registerDelegatedAdministrator(accountId, servicePrincipal);
        return {};
      },
      ListDelegatedServicesForAccount: (r) => {
        const accountId = r.string('AccountId');
        this.requireAccount(accountId);
        const services = this.state.delegatedServicesOf(accountId);
        if (services.length === 0) {
          throw new AwsApiError('AccountNotRegisteredException', `The account ${accountId} is not a delegated administrator.`);
        }
        return { DelegatedServices: services.map((ServicePrincipal) => ({ ServicePrincipal })) };
      },
      MoveAccount: (r) => {
        const account = this.requireAccount(r.string('AccountId'));
        const source = r.string('SourceParentId');
        const destination = r.string('DestinationParentId');
        if (!this.state.isParent(source)) throw new AwsApiError('SourceParentNotFoundException', `We can't find a source root or OU with the ParentId ${source}.`);
        if (!this.state.isParent(destination)) throw new AwsApiError('DestinationParentNotFoundException', `We can't find a destination root or OU with the ParentId ${destination}.`);
        if (account.parent !== source) throw new AwsApiError('AccountNotFoundException', `Account ${account.id} is not a child of ${source}.`);
        if (account.parent === destination) throw new AwsApiError('DuplicateAccountException', `Account ${account.id} is already in ${destination}.`);
        this.state.move(account.id, destination);
        return {};
      },
    };
    const guarded: Record<string, OperationHandler> = {};
    for (const [name, op] of Object.entries(ops)) {
      guarded[name] = (input: Input, ctx: CallContext) => {
        if (ctx.caller.account !== this.state.managementAccountId) {
          throw new AwsApiError(
            'AccessDeniedException',
            `User: ${ctx.caller.arn} is not authorized to perform: organizations:${name}: only the management account ${this.state.managementAccountId} can call AWS Organizations in this simulator`,
          );
        }
        return op(new InputReader(input, INVALID), ctx);
      };
    }
    return guarded;
  }

  private requireParent(id: string): string {
    if (!this.state.isParent(id)) throw new AwsApiError('ParentNotFoundException', `We can't find a root or OU with the ParentId ${id}.`);
    return id;
  }

  private requireAccount(id: string): OrgAccount {
    const account = this.state.getAccount(id);
    if (!account) throw new AwsApiError('AccountNotFoundException', `We can't find an AWS account with the AccountId ${id}.`);
    return account;
  }

  private ouShape(id: string) {
    return { Id: id, Arn: this.state.arnOfOu(id), Name: this.state.getOu(id)!.name };
  }

  private accountShape(account: OrgAccount) {
    return {
      Id: account.id,
      Arn: this.state.arnOfAccount(account.id),
      Email: account.email,
      Name: account.name,
      Status: account.status,
      State: account.status === 'PENDING_CLOSURE' ? 'PENDING_CLOSURE' : account.status,
      JoinedMethod: 'CREATED',
      JoinedTimestamp: account.joinedAt,
    };
  }
}

function ouNotFound(id: string): AwsApiError {
  return new AwsApiError('OrganizationalUnitNotFoundException', `We can't find an OU with the OrganizationalUnitId ${id}.`);
}
