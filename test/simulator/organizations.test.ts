import {
  AccessDeniedException,
  AccountNotFoundException,
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  ListParentsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListChildren,
} from '@aws-sdk/client-organizations';
import { describe, expect, it } from 'vitest';
import { APP_DEV, MANAGEMENT, PROD_OU, SUSPENDED, WORKLOADS_OU, exampleSimulator } from './fixtures';

function orgClient(sim: ReturnType<typeof exampleSimulator>, accountId = MANAGEMENT) {
  return new OrganizationsClient({ region: 'us-east-1', ...sim.clientConfig({ accountId, roleName: 'hub-role' }) });
}

describe('Organizations through the real SDK client', () => {
  it('describes the organisation from the org model', async () => {
    const sim = exampleSimulator();
    const { Organization } = await orgClient(sim).send(new DescribeOrganizationCommand({}));
    expect(Organization?.Id).toBe('o-exampleorgid');
    expect(Organization?.MasterAccountId).toBe(MANAGEMENT);
    expect(Organization?.Arn).toBe(`arn:aws:organizations::${MANAGEMENT}:organization/o-exampleorgid`);
  });

  it('walks every account with the SDK paginator over real pages', async () => {
    const sim = exampleSimulator();
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client: orgClient(sim), pageSize: 2 }, {})) {
      expect(page.Accounts!.length).toBeLessThanOrEqual(2);
      ids.push(...page.Accounts!.map((a) => a.Id!));
    }
    expect(ids).toHaveLength(9);
    expect(new Set(ids).size).toBe(9);
    expect(sim.calls.filter((c) => c.operation === 'ListAccounts')).toHaveLength(5);
    const suspended = await orgClient(sim).send(new DescribeAccountCommand({ AccountId: SUSPENDED }));
    expect(suspended.Account?.Status).toBe('SUSPENDED');
    expect(suspended.Account?.JoinedTimestamp).toBeInstanceOf(Date);
  });

  it('lists children by type and parents, and moves an account', async () => {
    const sim = exampleSimulator();
    const client = orgClient(sim);
    const ous: string[] = [];
    for await (const page of paginateListChildren({ client, pageSize: 1 }, { ParentId: WORKLOADS_OU, ChildType: 'ORGANIZATIONAL_UNIT' })) {
      ous.push(...page.Children!.map((c) => c.Id!));
    }
    expect(ous).toEqual([PROD_OU]);
    await client.send(new MoveAccountCommand({ AccountId: APP_DEV, SourceParentId: WORKLOADS_OU, DestinationParentId: PROD_OU }));
    const parents = await client.send(new ListParentsCommand({ ChildId: APP_DEV }));
    expect(parents.Parents).toEqual([{ Id: PROD_OU, Type: 'ORGANIZATIONAL_UNIT' }]);
    const inProd: string[] = [];
    for await (const page of paginateListAccountsForParent({ client }, { ParentId: PROD_OU })) inProd.push(...page.Accounts!.map((a) => a.Id!));
    expect(inProd).toContain(APP_DEV);
  });

  it('raises named exceptions: unknown account, and member accounts are denied', async () => {
    const sim = exampleSimulator();
    await expect(orgClient(sim).send(new DescribeAccountCommand({ AccountId: '000000000000' }))).rejects.toBeInstanceOf(AccountNotFoundException);
    const denied = orgClient(sim, APP_DEV).send(new DescribeOrganizationCommand({}));
    await expect(denied).rejects.toBeInstanceOf(AccessDeniedException);
    expect(sim.calls.at(-1)).toMatchObject({ callerAccount: APP_DEV, operation: 'DescribeOrganization', error: 'AccessDeniedException' });
  });

  it('test helpers add and suspend accounts', async () => {
    const sim = exampleSimulator();
    sim.org.addAccount({ id: '101010101010', name: 'vended', parent: PROD_OU });
    sim.org.suspend('101010101010');
    const { Account } = await orgClient(sim).send(new DescribeAccountCommand({ AccountId: '101010101010' }));
    expect(Account).toMatchObject({ Name: 'vended', Status: 'SUSPENDED' });
    expect(sim.iam.hasRole('101010101010', 'AWSControlTowerExecution')).toBe(true);
  });
});
