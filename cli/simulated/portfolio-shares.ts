/**
 * Shares the hub portfolio of a simulated landing zone the way the install does: the portfolio stack's share custom
 * resource runs the portfolio-share handler's reconcile (lifecycle-handlers/portfolio-share), which shares with the
 * organisation, OUs and accounts through `CreatePortfolioShare` with an `OrganizationNode`, waits for each share, and
 * reads Organizations as the handler does (through the org-access role when the hub is a separate account). The
 * properties are the stack's own (`sharePropertiesFor`), so nothing here shares any other way.
 */
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { ServiceCatalogClient } from '@aws-sdk/client-service-catalog';
import { STSClient } from '@aws-sdk/client-sts';
import { ORG_ACCESS_ROLE_NAME } from '../../lifecycle-handlers/core/access';
import { roleArn } from '../../lifecycle-handlers/core/arns';
import { assumedRoleCredentials, organizationsRegion } from '../../lifecycle-handlers/core/clients';
import { sharePropertiesFor } from '../../lifecycle-handlers/portfolio-share/properties';
import { reconcilePortfolioShares } from '../../lifecycle-handlers/portfolio-share/reconcile';
import { hubAccountOf } from '../../manifest/hub-account';
import type { Manifest } from '../../manifest/schema';
import type { AwsSimulator } from '../../simulator';

/** The share handler's Lambda role in the hub (a name, so the simulator's call log reads well). */
export const SHARE_HANDLER_ROLE = 'FalconPortfolioShareHandler';

/** The handler's own time budget (its Lambda timeout), spent in virtual time. */
const SHARE_DEADLINE_MS = 14 * 60_000;

export async function sharePortfolioAsInstalled(sim: AwsSimulator, manifest: Manifest, region: string, portfolioId: string): Promise<void> {
  const { partition, managementAccountId } = manifest.organization;
  const hub = hubAccountOf(manifest);
  const handler = sim.clientConfig({ accountId: hub, roleName: SHARE_HANDLER_ROLE });
  const organizationsConfig = { ...handler, region: organizationsRegion(partition) };
  const organizations =
    hub === managementAccountId
      ? new OrganizationsClient(organizationsConfig)
      : new OrganizationsClient({
          ...organizationsConfig,
          credentials: assumedRoleCredentials(
            new STSClient({ region, ...handler }),
            { roleArn: roleArn(partition, managementAccountId, ORG_ACCESS_ROLE_NAME), accountId: managementAccountId },
            'falcon-portfolio-share',
          ),
        });
  await reconcilePortfolioShares({
    requestType: 'Create',
    props: sharePropertiesFor(manifest, portfolioId),
    serviceCatalog: new ServiceCatalogClient({ region, ...handler }),
    organizations,
    sleep: sim.clock.sleep,
    now: () => sim.clock.now(),
    deadline: sim.clock.now() + SHARE_DEADLINE_MS,
  });
}
