/**
 * Broker action `product-parameters`: the template parameters of the Falcon products a `falcon-baseline` stack is
 * about to provision in the CALLER'S OWN account and one Region, computed in the hub exactly as the lifecycle
 * core computes them (the registry's `templateParameters`, the manifest's `blueprint.products` settings and the
 * Falcon registration). The person launching the baseline therefore never types a Falcon value.
 *
 * The broker has no manifest file: the stack passes it a reduced copy (`blueprintSource`) in its environment,
 * with only what the parameters depend on, so the Lambda environment stays far below its 4 KB limit.
 */
import {
  BASELINE_PRODUCT_IDS,
  BASELINE_V1_COMPONENTS,
  BLUEPRINT_CONFIGURABLE_PRODUCT_IDS,
  baselinePins,
} from '../../products/falcon-baseline/definition';
import { findProduct } from '../../products/registry';
import { REGION, type RegistrationOutputs } from '../../vocabulary';
import { manifestSchema, type Manifest } from '../../manifest/schema';
import { BrokerDeps, BrokerError } from './broker-types';
import { organizationFacts } from '../../manifest/organization-facts';

export const BLUEPRINT_SOURCE_ENV = 'BLUEPRINT_SOURCE';
/** Lambda allows 4 KB for all variables together; the other variables take well under 1 KB. */
const MAX_SOURCE_LENGTH = 3_000;

/**
 * The manifest reduced to what product parameters depend on: organisation, Falcon cloud, launch role name,
 * enabled products and the blueprint's per-product parameters. Still a valid manifest (the broker re-parses it).
 */
export function blueprintSource(manifest: Manifest): string {
  const reduced = {
    version: manifest.version,
    organization: manifest.organization,
    falcon: manifest.falcon,
    portfolio: {
      name: manifest.portfolio.name,
      providerName: manifest.portfolio.providerName,
      shareWith: { organization: false, organizationalUnits: [], accounts: [] },
      launchRoleName: manifest.portfolio.launchRoleName,
      // The directory publishes it, and sensor-management / ssm-distributor from v1.1.0 fall back to it.
      selfService: { prepareAccounts: false, sensorDownloadSecretArn: manifest.portfolio.selfService.sensorDownloadSecretArn },
    },
    products: manifest.products,
    blueprint: manifest.blueprint ? { enabled: manifest.blueprint.enabled, products: manifest.blueprint.products } : undefined,
  };
  const json = JSON.stringify(reduced);
  if (json.length > MAX_SOURCE_LENGTH) {
    throw new Error(
      `the blueprint settings take ${json.length} characters, more than the ${MAX_SOURCE_LENGTH} the broker's ` +
        'environment can hold: shorten blueprint.products parameters',
    );
  }
  return json;
}

export function parseBlueprintSource(json: string): Manifest {
  return manifestSchema.parse(JSON.parse(json));
}

function requestedProducts(body: Record<string, unknown>): string[] {
  const { products } = body;
  if (!Array.isArray(products) || products.length === 0 || !products.every((p) => typeof p === 'string')) {
    throw new BrokerError(400, 'products must be a non-empty list of product IDs');
  }
  const unknown = products.filter((p) => !BASELINE_PRODUCT_IDS.includes(p));
  if (unknown.length > 0) {
    throw new BrokerError(400, `not a baseline product: ${unknown.join(', ')} (one of ${BASELINE_PRODUCT_IDS.join(', ')})`);
  }
  return [...new Set(products as string[])];
}

function requestedRegion(body: Record<string, unknown>, manifest: Manifest): string {
  const { region } = body;
  if (typeof region !== 'string' || !REGION.test(region)) {
    throw new BrokerError(400, 'region must be a Region code such as us-east-1');
  }
  if (!manifest.organization.governedRegions.includes(region)) {
    throw new BrokerError(400, `${region} is not a governed Region of this organisation`);
  }
  return region;
}

/**
 * The version whose parameters to compute for each product: the one the caller's baseline pins. Baseline v1.1.0 and
 * newer send it (`versions`); v1.0.0's function sends none, so its own pins apply. Only a version some baseline
 * version pins is served.
 */
function requestedVersions(body: Record<string, unknown>, products: readonly string[]): Record<string, string> {
  const { versions } = body;
  if (versions !== undefined && (typeof versions !== 'object' || versions === null || Array.isArray(versions))) {
    throw new BrokerError(400, 'versions must map product IDs to the product versions the baseline pins');
  }
  const sent = (versions ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    products.map((id) => {
      const version = sent[id] ?? BASELINE_V1_COMPONENTS.find((c) => c.productId === id)?.version;
      if (typeof version !== 'string') throw new BrokerError(400, `versions.${id} is required: falcon-baseline v1.0.0 does not provision ${id}`);
      if (!baselinePins(id, version)) throw new BrokerError(400, `no falcon-baseline version provisions ${id} ${version}`);
      return [id, version];
    }),
  );
}

/** Parameters of one product for the caller's account, or a 4xx/409 saying why the hub cannot give them. */
function parametersOf(
  productId: string,
  version: string,
  manifest: Manifest,
  caller: string,
  region: string,
  registration: RegistrationOutputs,
): Record<string, string> {
  const def = findProduct(productId);
  if (!def) throw new BrokerError(400, `unknown product ${productId}`);
  const setting = manifest.blueprint?.products[productId as keyof NonNullable<Manifest['blueprint']>['products']];
  if (BLUEPRINT_CONFIGURABLE_PRODUCT_IDS.includes(productId) && !setting) {
    throw new BrokerError(
      403,
      `${productId} is not offered through the blueprint: the hub manifest's blueprint.products does not list it`,
    );
  }
  try {
    return def.templateParameters({
      org: organizationFacts(manifest),
      // The baseline pins each component's version; its parameters are those of that version.
      version,
      accountId: caller,
      region,
      isHomeRegion: region === manifest.organization.homeRegion,
      assignment: setting?.parameters ?? {},
      registration,
    });
  } catch (err) {
    // A product the hub cannot serve yet (no registration, no event bus, Region not supported): the caller's
    // stack fails with this message instead of provisioning with guessed values.
    throw new BrokerError(409, `${productId}: ${(err as Error).message}`);
  }
}

export async function productParameters(
  caller: string,
  body: Record<string, unknown>,
  deps: BrokerDeps,
): Promise<Record<string, unknown>> {
  const manifest = deps.blueprint;
  if (!manifest?.blueprint?.enabled) {
    throw new BrokerError(403, 'the Account Factory blueprint is not enabled in the hub manifest (blueprint.enabled)');
  }
  const products = requestedProducts(body);
  const versions = requestedVersions(body, products);
  const region = requestedRegion(body, manifest);
  const registration = await deps.readOutputs();
  const parameters = Object.fromEntries(
    products.map((id) => [id, parametersOf(id, versions[id], manifest, caller, region, registration)]),
  );
  return { region, parameters };
}
