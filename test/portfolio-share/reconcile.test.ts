/**
 * The portfolio-share custom resource's Create / Update / Delete, run through real SDK clients against the
 * simulated organisation: OU paths resolved, actions serialized, share status awaited, leavers removed.
 */
import { CreatePortfolioShareCommand, DescribePortfolioSharesCommand, ServiceCatalogClient } from '@aws-sdk/client-service-catalog';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { reconcilePortfolioShares, ShareResourceProperties } from '../../lifecycle-handlers/portfolio-share/reconcile';
import { AwsSimulator, loadOrgModel } from '../../simulator';

const MANAGEMENT = '111111111111';
const REGION = 'us-east-1';

describe('portfolio share reconciliation', () => {
  let sim: AwsSimulator;
  let sc: ServiceCatalogClient;
  let org: OrganizationsClient;
  let portfolioId: string;
  const log: string[] = [];

  const props = (over: Partial<ShareResourceProperties> = {}): ShareResourceProperties => ({
    PortfolioId: portfolioId,
    OrganizationId: 'o-exampleorgid',
    ShareWithOrganization: 'false',
    OrganizationalUnits: ['Root/Workloads', 'ou-exmp-33333333'],
    Accounts: ['444444444444'],
    ShareTagOptions: 'true',
    SharePrincipals: 'true',
    ...over,
  });

  const run = (requestType: 'Create' | 'Update' | 'Delete', p: ShareResourceProperties, previous?: ShareResourceProperties) =>
    reconcilePortfolioShares({
      requestType,
      props: p,
      previous,
      serviceCatalog: sc,
      organizations: org,
      sleep: (ms) => sim.clock.sleep(ms),
      now: () => sim.clock.now(),
      deadline: sim.clock.now() + 10 * 60_000,
      log: (m) => log.push(m),
    });

  const shares = async (type: 'ORGANIZATIONAL_UNIT' | 'ORGANIZATION_MEMBER_ACCOUNT' | 'ORGANIZATION') =>
    (await sc.send(new DescribePortfolioSharesCommand({ PortfolioId: portfolioId, Type: type }))).PortfolioShareDetails ?? [];

  beforeEach(() => {
    sim = loadOrgModel(path.join(__dirname, '..', '..', 'manifest', 'org-model.example.yaml'));
    const config = sim.clientConfig({ accountId: MANAGEMENT, roleName: 'falcon-share-handler' });
    sc = new ServiceCatalogClient({ region: REGION, ...config });
    org = new OrganizationsClient({ region: REGION, ...config });
    portfolioId = sim.sc.seedPortfolio(MANAGEMENT, REGION, { displayName: 'CrowdStrike Falcon Cloud Security' }).portfolioId;
    log.length = 0;
  });

  it('creates OU shares (paths resolved to IDs) and account shares, one action at a time', async () => {
    await run('Create', props());
    const ous = await shares('ORGANIZATIONAL_UNIT');
    expect(ous.map((s) => s.PrincipalId).sort()).toEqual(['ou-exmp-11111111', 'ou-exmp-33333333']);
    expect(ous.every((s) => s.SharePrincipals && s.ShareTagOptions)).toBe(true);
    const accounts = await shares('ORGANIZATION_MEMBER_ACCOUNT');
    expect(accounts.map((s) => [s.PrincipalId, s.SharePrincipals])).toEqual([['444444444444', false]]);

    // Serialized: every share action started only after the previous one's status was final.
    const shareCalls = sim.calls.filter((c) => c.service === 'servicecatalog' && /PortfolioShare/.test(c.operation));
    const starts = shareCalls.filter((c) => c.operation === 'CreatePortfolioShare');
    expect(starts).toHaveLength(3);
    expect(shareCalls.filter((c) => c.error?.includes('InvalidState'))).toEqual([]);
  });

  it('is idempotent: a second Create changes nothing', async () => {
    await run('Create', props());
    const before = sim.calls.length;
    await run('Update', props(), props());
    const writes = sim.calls.slice(before).filter((c) => /^(Create|Update|Delete)PortfolioShare$/.test(c.operation));
    expect(writes).toEqual([]);
  });

  it('on update, updates changed settings and removes targets that left the manifest', async () => {
    await run('Create', props());
    await run('Update', props({ Accounts: [], ShareTagOptions: 'false' }), props());
    expect(await shares('ORGANIZATION_MEMBER_ACCOUNT')).toEqual([]);
    const ous = await shares('ORGANIZATIONAL_UNIT');
    expect(ous).toHaveLength(2);
    expect(ous.every((s) => s.ShareTagOptions === false)).toBe(true);
    const ops = sim.calls.map((c) => c.operation);
    expect(ops).toContain('UpdatePortfolioShare');
    expect(ops).toContain('DeletePortfolioShare');
  });

  it('waits out a share action someone else started instead of failing', async () => {
    await sc.send(
      new CreatePortfolioShareCommand({
        PortfolioId: portfolioId,
        OrganizationNode: { Type: 'ORGANIZATIONAL_UNIT', Value: 'ou-exmp-22222222' },
      }),
    );
    await run('Create', props());
    expect(sim.calls.some((c) => c.error?.includes('InvalidState'))).toBe(true);
    expect((await shares('ORGANIZATIONAL_UNIT')).map((s) => s.PrincipalId)).toContain('ou-exmp-33333333');
    expect(log.some((m) => m.includes('create share'))).toBe(true);
  });

  it('names the OU path that does not exist, and what exists at that level', async () => {
    await expect(run('Create', props({ OrganizationalUnits: ['Root/Workloads/Staging'] }))).rejects.toThrow(
      /OU path Root\/Workloads\/Staging: Root\/Workloads has no child OU named "Staging" \(it has: Prod\)/,
    );
  });

  it('reports a share that ends in ERROR with the reason', async () => {
    await expect(run('Create', props({ OrganizationalUnits: ['ou-exmp-99999999'], Accounts: [] }))).rejects.toThrow(
      /create share of portfolio .* with OU ou-exmp-99999999 ended (ERROR|COMPLETED_WITH_ERRORS)/,
    );
  });

  it('on delete, removes every share so the portfolio can be deleted', async () => {
    await run('Create', props());
    await run('Delete', props());
    expect(await shares('ORGANIZATIONAL_UNIT')).toEqual([]);
    expect(await shares('ORGANIZATION_MEMBER_ACCOUNT')).toEqual([]);
  });
});
