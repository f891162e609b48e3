/**
 * The portfolio-share custom resource in a separate hub: Service Catalog lets the hub share with OUs once it is the
 * delegated administrator, and Organizations answers the handler's OU-path walk only through the org-access role
 * in the management account (as the handler's ORG_ACCESS_ROLE_ARN makes it do), never the hub's own credentials.
 */
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { DescribePortfolioSharesCommand, ServiceCatalogClient } from '@aws-sdk/client-service-catalog';
import { STSClient } from '@aws-sdk/client-sts';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installIdentity } from '../../cli/simulated/install-identity';
import { ORG_ACCESS_ROLE_NAME } from '../../lifecycle-handlers/core/access';
import { assumedRoleCredentials } from '../../lifecycle-handlers/core/clients';
import { reconcilePortfolioShares, type ShareResourceProperties } from '../../lifecycle-handlers/portfolio-share/reconcile';
import { exampleManifest } from '../lifecycle/manifest-fixture';
import { loadOrgModel } from '../../simulator';

const MANAGEMENT = '111111111111';
const HUB = '444444444444';
const REGION = 'us-east-1';

async function world() {
  const sim = loadOrgModel(path.join(__dirname, '..', '..', 'manifest', 'org-model.example.yaml'));
  const manifest = exampleManifest();
  await installIdentity(sim, { ...manifest, organization: { ...manifest.organization, hubAccountId: HUB } });
  const handler = sim.clientConfig({ accountId: HUB, roleName: 'falcon-share-handler' });
  const portfolioId = sim.sc.seedPortfolio(HUB, REGION, { displayName: 'CrowdStrike Falcon Cloud Security' }).portfolioId;
  const props: ShareResourceProperties = {
    PortfolioId: portfolioId,
    OrganizationId: 'o-exampleorgid',
    ShareWithOrganization: 'false',
    OrganizationalUnits: ['Root/Workloads'],
    Accounts: [MANAGEMENT],
    ShareTagOptions: 'true',
    SharePrincipals: 'true',
  };
  const run = (organizations: OrganizationsClient) =>
    reconcilePortfolioShares({
      requestType: 'Create',
      props,
      serviceCatalog: new ServiceCatalogClient({ region: REGION, ...handler }),
      organizations,
      sleep: (ms) => sim.clock.sleep(ms),
      now: () => sim.clock.now(),
      deadline: sim.clock.now() + 10 * 60_000,
      log: () => undefined,
    });
  return { sim, handler, portfolioId, run };
}

describe('portfolio shares from a separate hub', () => {
  it('resolves OU paths through the org-access role and shares as the delegated administrator', async () => {
    const { sim, handler, portfolioId, run } = await world();
    const roleArn = `arn:aws:iam::${MANAGEMENT}:role/${ORG_ACCESS_ROLE_NAME}`;
    const sts = new STSClient({ region: REGION, ...handler });
    const organizations = new OrganizationsClient({
      region: REGION,
      ...handler,
      credentials: assumedRoleCredentials(sts, { roleArn, accountId: MANAGEMENT }, 'falcon-portfolio-share'),
    });
    await run(organizations);
    const sc = new ServiceCatalogClient({ region: REGION, ...handler });
    const ous = await sc.send(new DescribePortfolioSharesCommand({ PortfolioId: portfolioId, Type: 'ORGANIZATIONAL_UNIT' }));
    expect(ous.PortfolioShareDetails?.map((d) => d.PrincipalId)).toEqual(['ou-exmp-11111111']);
    const orgCallers = new Set(sim.calls.filter((c) => c.service === 'organizations').map((c) => `${c.callerAccount}/${c.callerRole}`));
    expect(orgCallers).toEqual(new Set([`${MANAGEMENT}/OrganizationAdmin`, `${MANAGEMENT}/${ORG_ACCESS_ROLE_NAME}`]));
  });

  it('is refused by Organizations with the hub\'s own credentials (why the handler uses the role)', async () => {
    const { handler, run } = await world();
    await expect(run(new OrganizationsClient({ region: REGION, ...handler }))).rejects.toThrow(/AccessDenied|not authorized/);
  });
});
