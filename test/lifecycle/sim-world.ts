/**
 * A simulated organisation with the hub portfolio deployed and shared as the portfolio stack would leave it (shared by
 * the portfolio-share handler's own code, cli/simulated/portfolio-shares.ts), and lifecycle deps wired to it through
 * real SDK v3 clients.
 */
import { ServiceCatalogClient } from '@aws-sdk/client-service-catalog';
import { applyArtifactGuidance } from '../../lifecycle-handlers/artifact-guidance/guidance';
import { Logger } from '@aws-lambda-powertools/logger';
import { createClientsFactory } from '../../lifecycle-handlers/core/clients';
import type { LifecycleDeps } from '../../lifecycle-handlers/core/reconcile';
import { REGISTRATION } from './registration-fixture';
import type { ResultEventDetail, ResultPublisher } from '../../lifecycle-handlers/core/results';
import type { Manifest } from '../../manifest/schema';
import { launchesWithLaunchRole, PRODUCTS } from '../../products/registry';
import { AwsSimulator, type SeededPortfolio } from '../../simulator';
import { hubAccountOf } from '../../manifest/hub-account';
import { installIdentity } from '../../cli/simulated/install-identity';
import { sharePortfolioAsInstalled } from '../../cli/simulated/portfolio-shares';
import { exampleIomManifest } from './manifest-fixture';

export const MANAGEMENT = '111111111111';
export const PROD = '222222222222';
export const SANDBOX = '333333333333';
/** Shared with by account ID (the example manifest's `portfolio.shareWith.accounts`). */
export const SHARED_BY_ACCOUNT_ID = '444444444444';
export const EXCLUDED = '555555555555';
export const SECURITY = '666666666666';
export const PROD_2 = '777777777777';

const LAUNCH_ROLE = 'FalconCatalogLaunchRole';
/** The role the lifecycle runs as in the hub (the worker's role). */
export const LIFECYCLE_ROLE = 'FalconCatalogLifecycle';

/**
 * The simulator does not run CloudFormation, so provisioning the launch-role product does not create the role;
 * the accounts start with it, as they would after the launch-role product succeeded.
 */
const ORG_MODEL = `
organization: { id: o-exampleorgid, managementAccountId: "${MANAGEMENT}", rootId: r-exmp, partition: aws }
organizationalUnits:
  - { id: ou-exmp-11111111, name: Workloads, parent: r-exmp }
  - { id: ou-exmp-22222222, name: Prod, parent: ou-exmp-11111111 }
  - { id: ou-exmp-33333333, name: Sandbox, parent: r-exmp }
  - { id: ou-exmp-44444444, name: Security, parent: r-exmp }
accounts:
  - { id: "${PROD}", name: prod-1, parent: ou-exmp-22222222, roles: [${LAUNCH_ROLE}] }
  - { id: "${PROD_2}", name: prod-2, parent: ou-exmp-22222222, roles: [${LAUNCH_ROLE}] }
  - { id: "${SANDBOX}", name: sandbox, parent: ou-exmp-33333333, roles: [${LAUNCH_ROLE}] }
  - { id: "${SHARED_BY_ACCOUNT_ID}", name: partner, parent: ou-exmp-44444444, roles: [${LAUNCH_ROLE}] }
  - { id: "${EXCLUDED}", name: excluded, parent: ou-exmp-11111111, roles: [${LAUNCH_ROLE}] }
  - { id: "${SECURITY}", name: security, parent: ou-exmp-44444444, roles: [${LAUNCH_ROLE}] }
`;

export interface CollectingPublisher extends ResultPublisher {
  readonly published: ResultEventDetail[];
}

export function collectingPublisher(): CollectingPublisher {
  const published: ResultEventDetail[] = [];
  return {
    published,
    async publish(details) {
      published.push(...details);
    },
  };
}

export interface SimWorld {
  readonly sim: AwsSimulator;
  readonly manifest: Manifest;
  readonly deps: LifecycleDeps & { publisher: CollectingPublisher };
  readonly portfolios: Record<string, SeededPortfolio>;
  /** The Service Catalog hub: `organization.hubAccountId`, or the management account. */
  readonly hub: string;
  /** Same simulator, a fresh invocation (new clients and caches), optionally with another manifest. */
  nextInvocation(manifest?: Manifest): LifecycleDeps & { publisher: CollectingPublisher };
  /** What the portfolio stack's guidance custom resource does on deploy: retired versions DEPRECATED, in every Region. */
  deprecateRetired(): Promise<void>;
}

export interface SimWorldOptions {
  readonly manifest?: Manifest;
  /** Extra versions published for a product (by registry ID), e.g. to test updates. */
  readonly extraVersions?: Record<string, string[]>;
  /**
   * `later`: the portfolio is published as an earlier release left it, its retired versions still launchable, until
   * the test calls `deprecateRetired()` (this release's portfolio stack deploy). Default: deprecated at once.
   */
  readonly retiredGuidance?: 'now' | 'later';
}

export async function buildSimWorld(options: SimWorldOptions = {}): Promise<SimWorld> {
  const sim = AwsSimulator.fromOrgModel(ORG_MODEL);
  const manifest = options.manifest ?? exampleIomManifest();
  const hub = hubAccountOf(manifest);
  const portfolios: Record<string, SeededPortfolio> = {};
  await installIdentity(sim, manifest);

  for (const region of manifest.organization.governedRegions) {
    portfolios[region] = sim.sc.seedPortfolio(hub, region, {
      displayName: manifest.portfolio.name,
      providerName: manifest.portfolio.providerName,
      products: PRODUCTS.map((product) => ({
        name: product.displayName,
        versions: [...product.versions.map((v) => v.name), ...(options.extraVersions?.[product.id] ?? [])].map(
          (name) => ({ name }),
        ),
        // As the portfolio stack publishes them: the launch-role product without a constraint, the others (the
        // internal directory included) through the role.
        ...(launchesWithLaunchRole(product.id) ? { launchRoleName: manifest.portfolio.launchRoleName } : {}),
      })),
    });
    await sharePortfolioAsInstalled(sim, manifest, region, portfolios[region].portfolioId);
  }
  const deprecateRetired = async () => {
    for (const region of manifest.organization.governedRegions) {
      const client = new ServiceCatalogClient({ region, ...sim.clientConfig({ accountId: hub, roleName: LIFECYCLE_ROLE }) });
      for (const product of PRODUCTS) {
        const retired = product.versions.filter((v) => v.retired !== undefined).map((v) => v.name);
        if (retired.length > 0) await applyArtifactGuidance(client, { productId: portfolios[region].products[product.displayName].productId, retired });
      }
    }
  };
  if (options.retiredGuidance !== 'later') await deprecateRetired();

  const makeDeps = (m: Manifest) => ({
    manifest: m,
    registration: async () => REGISTRATION,
    clients: createClientsFactory({
      base: sim.clientConfig({ accountId: hub, roleName: LIFECYCLE_ROLE }),
      newRetryStrategy: () => sim.retryStrategy,
      organization: m.organization,
    }),
    sleep: sim.clock.sleep,
    logger: new Logger({ serviceName: 'lifecycle-test', logLevel: 'SILENT' }),
    publisher: collectingPublisher(),
    polling: { intervalMs: 5_000, maxWaitMs: 10 * 60_000 },
  });
  return { sim, manifest, hub, portfolios, deps: makeDeps(manifest), nextInvocation: (m) => makeDeps(m ?? manifest), deprecateRetired };
}
