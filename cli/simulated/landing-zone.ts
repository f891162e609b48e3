/**
 * A simulated landing zone: the AWS simulator (simulator/) seeded from an org model, with everything this
 * package's stacks would have deployed, so the operator CLI, `npm run demo` and the tests run the real lifecycle
 * core and real SDK clients without AWS:
 *
 * - the hub portfolio in every governed Region with the registry's products and versions, the launch constraint
 *   (`portfolio.launchRoleName`) on every product but the launch role and the baseline, the manifest's TagOptions
 *   and principals;
 * - the portfolio shared per `portfolio.shareWith` by the portfolio-share handler's own code (portfolio-shares.ts);
 * - the launch role in the hub (the portfolio stack creates it there), and in member accounts when the
 *   launch-role product succeeds (the simulator runs no CloudFormation, so that effect is stood in for);
 * - Control Tower enabled controls from the org model's `controlTower` section;
 * - a Falcon registration that is plainly SIMULATED (no Falcon tenant was asked);
 * - the landing zone's past, when the org model lists one (`simulatedHistory`, history.ts): earlier manifests
 *   reconciled by the lifecycle core before the command runs.
 */
import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { ControlTowerClient } from '@aws-sdk/client-controltower';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { applyArtifactGuidance } from '../../lifecycle-handlers/artifact-guidance/guidance';
import { ServiceCatalogClient } from '@aws-sdk/client-service-catalog';
import { parse } from 'yaml';
import { createClientsFactory } from '../../lifecycle-handlers/core/clients';
import { OrganizationReader } from '../../lifecycle-handlers/core/organization';
import type { LifecycleDeps } from '../../lifecycle-handlers/core/reconcile';
import type { ResultPublisher } from '../../lifecycle-handlers/core/results';
import { hubAccountOf } from '../../manifest/hub-account';
import type { Manifest } from '../../manifest/schema';
import { portfolioPrincipalPatterns } from '../../products/falcon-baseline/definition';
import { findProduct, LAUNCH_ROLE_PRODUCT_ID, launchesWithLaunchRole, PRODUCTS } from '../../products/registry';
import { type RegistrationOutputs } from '../../vocabulary';
import { AwsSimulator, type CatalogControl, simulatedCatalog, simulatedControlArn } from '../../simulator';
import { InputError } from '../command';
import { installIdentity } from './install-identity';
import { sharePortfolioAsInstalled } from './portfolio-shares';
import { replayHistory, simulatedHistoryOf } from './history';
import { controlTowerExtras } from './org-model-extras';

/** Values no Falcon tenant issued: every one says so, so nobody mistakes a simulated run for a real one. */
export const SIMULATED_REGISTRATION: RegistrationOutputs = {
  crowdStrikeAccountId: '000000000000',
  intermediateRoleName: 'CrowdStrikeCSPMConnector-SIMULATED',
  externalId: 'SIMULATED-external-id-not-issued-by-falcon',
  readerRoleName: 'CrowdStrikeCSPMReader-SIMULATED',
  eventBusName: 'SIMULATED-crowdstrike-ioa-bus',
  // The hub broker's function URL, as the FalconHub stack publishes it (the simulation runs no product stack, so no
  // request ever reaches it).
  brokerUrl: 'https://simulated.lambda-url.us-east-1.on.aws/',
};

/** The role the lifecycle runs as in the hub (a name, so the simulator's call log reads well). */
export const LIFECYCLE_ROLE = 'FalconCatalogLifecycle';

export interface SimulatedLandingZone {
  readonly sim: AwsSimulator;
  readonly manifest: Manifest;
  readonly hubAccountId: string;
  /** The Regions Control Tower governs in this landing zone (may differ from the manifest's). */
  readonly governedRegions: readonly string[];
  /** What Control Catalog `ListControls` would return for the controls the simulator knows. */
  readonly controlCatalog: readonly CatalogControl[];
  /** Lifecycle dependencies for one invocation (fresh clients and caches on each call). */
  lifecycleDeps(publisher: ResultPublisher): LifecycleDeps;
  /** A Control Tower client as the management account, for `ListEnabledControls`. */
  controlTower(): ControlTowerClient;
}

function checkSameOrganisation(manifest: Manifest, sim: AwsSimulator, orgModelFile: string) {
  const org = sim.org.state;
  const { organizationId, managementAccountId, partition } = manifest.organization;
  const mismatches = [
    ...(org.id !== organizationId ? [`organization id ${org.id} vs manifest ${organizationId}`] : []),
    ...(org.managementAccountId !== managementAccountId
      ? [`management account ${org.managementAccountId} vs manifest ${managementAccountId}`]
      : []),
    ...(org.partition !== partition ? [`partition ${org.partition} vs manifest ${partition}`] : []),
  ];
  if (mismatches.length > 0) {
    throw new InputError(`--org ${orgModelFile} does not describe the manifest's organisation: ${mismatches.join('; ')}`);
  }
}

/** The launch-role product's stack creates the role its LaunchRoleName parameter names; terminating removes it. */
function standInForLaunchRoleStack(sim: AwsSimulator) {
  const launchRoleName = findProduct(LAUNCH_ROLE_PRODUCT_ID)?.displayName;
  sim.sc.onStackSucceeded((account, _region, type, product) => {
    const role = product.parameters.LaunchRoleName;
    if (product.productName !== launchRoleName || !role) return;
    if (type === 'TERMINATE_PROVISIONED_PRODUCT') {
      if (sim.iam.hasRole(account, role)) sim.iam.deleteRole(account, role);
    } else {
      sim.iam.createRole(account, role);
    }
  });
}

async function seedHub(sim: AwsSimulator, manifest: Manifest, hub: string) {
  const { portfolio } = manifest;
  for (const region of manifest.organization.governedRegions) {
    const seeded = sim.sc.seedPortfolio(hub, region, {
      displayName: portfolio.name,
      providerName: portfolio.providerName,
      description: portfolio.description,
      tagOptions: portfolio.tagOptions,
      // As the portfolio stack associates them (the blueprint's roles included when it is enabled).
      principals: portfolioPrincipalPatterns(manifest).map((arn) => ({ arn, type: 'IAM_PATTERN' as const })),
      products: PRODUCTS.map((product) => ({
        name: product.displayName,
        description: product.description,
        versions: product.versions.map((v) => ({ name: v.name, description: v.description })),
        // As the portfolio stack publishes them: the launch-role product launches without a constraint (it is what
        // creates the role); every other product, the internal directory included, through the role.
        ...(launchesWithLaunchRole(product.id) ? { launchRoleName: portfolio.launchRoleName } : {}),
      })),
    });
    const client = new ServiceCatalogClient({ region, ...sim.clientConfig({ accountId: hub, roleName: LIFECYCLE_ROLE }) });
    // What the portfolio stack's guidance custom resource does after CloudFormation published the products.
    for (const product of PRODUCTS) {
      const retired = product.versions.filter((v) => v.retired !== undefined).map((v) => v.name);
      if (retired.length > 0) await applyArtifactGuidance(client, { productId: seeded.products[product.displayName].productId, retired });
    }
    await sharePortfolioAsInstalled(sim, manifest, region, seeded.portfolioId);
  }
}

export async function bootSimulatedLandingZone(manifest: Manifest, orgModelFile: string): Promise<SimulatedLandingZone> {
  let sim: AwsSimulator;
  let extras: ReturnType<typeof controlTowerExtras>;
  let history: string[];
  try {
    const text = readFileSync(orgModelFile, 'utf8');
    const raw = parse(text) as unknown;
    extras = controlTowerExtras(raw);
    history = simulatedHistoryOf(raw, orgModelFile);
    sim = AwsSimulator.fromOrgModel(text);
  } catch (cause) {
    // A missing, unparsable or invalid org model is the operator's file to fix, not a crash.
    throw new InputError(`--org ${orgModelFile}: ${(cause as Error).message}`);
  }
  checkSameOrganisation(manifest, sim, orgModelFile);
  const { partition, homeRegion, managementAccountId } = manifest.organization;
  const hub = hubAccountOf(manifest);
  const management = sim.clientConfig({ accountId: managementAccountId, roleName: LIFECYCLE_ROLE });
  const organizations = new OrganizationReader(new OrganizationsClient({ region: homeRegion, ...management }));

  standInForLaunchRoleStack(sim);
  await installIdentity(sim, manifest);
  await seedHub(sim, manifest, hub);
  for (const { organizationalUnit, control } of extras.enabledControls) {
    sim.controltower.enableControl(await organizations.resolveOuRef(organizationalUnit), simulatedControlArn(partition, control));
  }
  const known = [...extras.enabledControls.map((c) => c.control)];

  const lifecycleDeps = (publisher: ResultPublisher): LifecycleDeps => ({
    manifest,
    clients: createClientsFactory({
      base: sim.clientConfig({ accountId: hub, roleName: LIFECYCLE_ROLE }),
      newRetryStrategy: () => sim.retryStrategy,
      organization: manifest.organization,
      roleSessionName: 'falcon-catalog-cli',
    }),
    sleep: sim.clock.sleep,
    logger: new Logger({ serviceName: 'falcon-catalog-cli', logLevel: 'SILENT' }),
    publisher,
    // Simulated records take 30 virtual seconds; polling every 5 keeps runs short in virtual time.
    polling: { intervalMs: 5_000, maxWaitMs: 10 * 60_000 },
    registration: async () => SIMULATED_REGISTRATION,
  });
  await replayHistory(history, manifest, orgModelFile, () => lifecycleDeps({ publish: async () => undefined }));

  return {
    sim,
    manifest,
    hubAccountId: hub,
    governedRegions: extras.governedRegions ?? manifest.organization.governedRegions,
    controlCatalog: simulatedCatalog(partition, known),
    lifecycleDeps,
    controlTower: () =>
      new ControlTowerClient({
        region: homeRegion,
        credentials: management.credentials,
        // The pinned Control Tower client (3.332.0) predates @smithy types; the handler is duck-typed HTTP.
        requestHandler: sim.requestHandler as unknown as ConstructorParameters<typeof ControlTowerClient>[0]['requestHandler'],
        maxAttempts: 1,
      }),
  };
}
