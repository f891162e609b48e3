/**
 * What the package can deliver: one definition per product, keyed by `ProductId` (vocabulary/), so a product the
 * vocabulary names but the registry lacks is a compile error. `catalog.ts` does the same for the templates.
 *
 * This file is deliberately free of CDK imports: the manifest validator, the CLI and the lifecycle core read it,
 * and they must stay fast and small. The CloudFormation of each product lives in its folder beside this one.
 */
import { PRODUCT_IDS, type ProductDefinition, type ProductId, type ProductVersion } from '../vocabulary';
import { FALCON_DIRECTORY } from './directory/definition';
import { DIRECTORY_PRODUCT_ID } from './directory/entries';
import { ECR_CONNECTIONS } from './ecr-connections/definition';
import { EKS_PROTECTION } from './eks-protection/definition';
import { BASELINE_PRODUCT_ID, FALCON_BASELINE } from './falcon-baseline/definition';
import { IOM } from './iom/definition';
import { LAUNCH_ROLE, LAUNCH_ROLE_PRODUCT_ID } from './launch-role/definition';
import { SENSOR_MANAGEMENT } from './sensor-management/definition';
import { SSM_DISTRIBUTOR } from './ssm-distributor/definition';
import { THREAT_DETECTION } from './threat-detection/definition';

export { LAUNCH_ROLE_PRODUCT_ID };
/**
 * Re-exported for two modules whose text a published template follows: ecr-connections v1.1.0 inlines code bundled
 * from lifecycle-handlers/ecr-connection/request.ts and products/ecr-connections/principal.ts, and esbuild picks the
 * minified names from the whole text of every module it reads, type imports included. Their import lines stay as
 * published; everything else takes these types from the vocabulary.
 */
export type { FalconCloud, Partition } from '../vocabulary';

const DEFINITIONS: { readonly [Id in ProductId]: ProductDefinition<Id> } = {
  'launch-role': LAUNCH_ROLE,
  iom: IOM,
  'threat-detection': THREAT_DETECTION,
  'sensor-management': SENSOR_MANAGEMENT,
  'ssm-distributor': SSM_DISTRIBUTOR,
  'eks-protection': EKS_PROTECTION,
  'falcon-baseline': FALCON_BASELINE,
  'ecr-connections': ECR_CONNECTIONS,
  directory: FALCON_DIRECTORY,
};

/** Every product, in the portfolio's order. */
export const PRODUCTS: readonly ProductDefinition[] = PRODUCT_IDS.map((id) => DEFINITIONS[id]);

export const ASSIGNABLE_PRODUCTS: readonly ProductDefinition[] = PRODUCTS.filter((p) => p.assignable);

/**
 * Whether a product carries the `LocalRoleName` launch constraint (the launch role). Not the launch-role product,
 * which creates the role, nor the baseline, which provisions the launch role first with its launcher's own rights,
 * nor the internal Falcon directory: the lifecycle core launches it with its own rights, like the launch role, so
 * that it need not wait for the launch role's record and a vend has one record before its products, not two. (Its
 * only resources are SSM parameters under the directory's path; account owners never launch it.) Every other
 * product does. The portfolio stack, the lifecycle's dependency graph and the simulated landing zones read this one
 * answer.
 */
export function launchesWithLaunchRole(productId: string): boolean {
  return productId !== LAUNCH_ROLE_PRODUCT_ID && productId !== BASELINE_PRODUCT_ID && productId !== DIRECTORY_PRODUCT_ID;
}

export function findProduct(id: string): ProductDefinition | undefined {
  return PRODUCTS.find((p) => p.id === id);
}

export function currentVersionName(def: ProductDefinition): string {
  return def.versions[def.versions.length - 1].name;
}

export function findVersion(def: ProductDefinition, name: string): ProductVersion | undefined {
  return def.versions.find((v) => v.name === name);
}

/** The versions that can still be launched (not retired), oldest first. */
export function launchableVersions(def: ProductDefinition): ProductVersion[] {
  return def.versions.filter((v) => v.retired === undefined);
}

/**
 * Orders two versions of one product by their place in its history (-1, 0, 1); a version the registry does not
 * list sorts first, as the oldest possible.
 */
export function compareVersions(def: ProductDefinition, a: string, b: string): number {
  const names = def.versions.map((v) => v.name);
  return Math.sign(names.indexOf(a) - names.indexOf(b));
}
