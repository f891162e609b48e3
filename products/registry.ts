/**
 * What the package can deliver: one entry per Falcon feature that is published as a Service Catalog product.
 *
 * This file is deliberately free of CDK imports: the manifest validator, the CLI and the lifecycle core read it,
 * and they must stay fast and small. The CloudFormation of each product lives in its own file beside this one.
 */
import { z } from 'zod';
import type { Manifest } from '../manifest/schema';
import { BASELINE_PRODUCT_ID, FALCON_BASELINE } from './falcon-baseline/definition';
import { FALCON_DIRECTORY } from './directory/definition';
import { IOM } from './iom/definition';
import { SENSOR_MANAGEMENT } from './sensor-management/definition';
import { MissingRegistrationError } from './kit/definition-helpers';
import { SSM_DISTRIBUTOR } from './ssm-distributor/definition';
import { EKS_PROTECTION } from './eks-protection/definition';
import { ECR_CONNECTIONS } from './ecr-connections/definition';
import { THREAT_DETECTION } from './threat-detection/definition';
import type { DirectoryKey } from './directory/entries';
import { BOUNDARY_LAUNCH_ROLE_VERSION } from './kit/product-boundary';

export type Partition = 'aws' | 'aws-us-gov';
export type FalconCloud = 'us-1' | 'us-2' | 'eu-1' | 'us-gov-1' | 'us-gov-2';

export const FALCON_CLOUDS: readonly FalconCloud[] = ['us-1', 'us-2', 'eu-1', 'us-gov-1', 'us-gov-2'];
export const GOV_FALCON_CLOUDS: readonly FalconCloud[] = ['us-gov-1', 'us-gov-2'];

/** Where a product's resources live in one account. */
export type RegionScope =
  /** IAM roles and other global resources: provisioned once per account, in the Control Tower home Region. */
  | 'home-only'
  /** Regional resources: provisioned in every assigned Region (home Region first when it has global parts). */
  | 'per-region';

/**
 * What the Falcon organisation registration returns (non-secret), published by the hub (issue: Falcon hub) and
 * read by the lifecycle core and the broker. Products take their Falcon-derived parameters from here, so nobody
 * types a CrowdStrike account ID or external ID by hand.
 */
export interface RegistrationOutputs {
  readonly crowdStrikeAccountId: string;
  readonly intermediateRoleName: string;
  readonly externalId: string;
  readonly readerRoleName: string;
  /** The CrowdStrike event bus for IOA forwarding, when the registration returned one. */
  readonly eventBusName?: string;
  readonly cloudTrailBucketName?: string;
  /**
   * The hub broker's function URL (SSM `/falcon-catalog/broker/url`, written by the FalconHub stack, not by the
   * registration): products whose member-side custom resource asks the broker take it as a parameter.
   */
  readonly brokerUrl?: string;
}

/** Everything a product needs to compute its CloudFormation parameters for one account and Region. */
export interface ParameterContext {
  readonly manifest: Manifest;
  /** The product version being provisioned: versions may declare different parameters. */
  readonly version: string;
  readonly accountId: string;
  readonly region: string;
  readonly isHomeRegion: boolean;
  /** The assignment's `parameters`, already validated by the product's `assignmentParameters` schema. */
  readonly assignment: Readonly<Record<string, unknown>>;
  /**
   * The Regions the assignment names (its `regions` resolved: home, governed, or the list). A `home-only` product
   * is provisioned in the home Region only, but one that acts on several Regions from there (ecr-connections)
   * takes them as a parameter. Absent means the home Region.
   */
  readonly assignmentRegions?: readonly string[];
  /** Absent until the hub has registered the organisation with Falcon. */
  readonly registration?: RegistrationOutputs;
}

export { MissingRegistrationError };

export interface ProductVersion {
  /** Immutable version name published as the Service Catalog provisioning artifact name. */
  readonly name: string;
  /** What changed, shown to account owners in the Service Catalog console. */
  readonly description: string;
  /**
   * The oldest launch-role version that can launch, update and terminate this version: every product launched with
   * the launch role states it (test/gates/launch-role-gate.test.ts proves it from CloudFormation's registry schemas,
   * and that the launch-role version before it cannot). The lifecycle core never launches this version into an
   * account whose launch role is older.
   */
  readonly minimumLaunchRole?: string;
  /**
   * Set (to the reason) when the version is retired: the portfolio marks it DEPRECATED in Service Catalog (no new
   * launches; provisioned products can still be updated off it), the manifest validator refuses pinning it, and the
   * lifecycle core moves products on it to the newest version.
   */
  readonly retired?: string;
}

export interface ProductDefinition {
  readonly id: string;
  /**
   * False for the internal `launch-role` product: the lifecycle core provisions it into every account that gets
   * any other product (it creates the launch-constraint role), so the manifest cannot assign it.
   */
  readonly assignable: boolean;
  /** Service Catalog product name. */
  readonly displayName: string;
  readonly description: string;
  readonly regionScope: RegionScope;
  /**
   * For `per-region` products that exist only in some Regions: the Regions where the product can run. The
   * lifecycle core skips any other assigned Region and reports this as the reason. Absent means every Region.
   */
  readonly supportedRegions?: readonly string[];
  /** Oldest first. The last entry is the newest; the manifest picks which one is current. */
  readonly versions: readonly ProductVersion[];
  /**
   * Why this product cannot run for a given partition / Falcon cloud pair, or undefined when it can.
   * Checked by the manifest validator so an impossible rollout is refused before anything is deployed.
   */
  readonly unsupportedReason: (partition: Partition, cloud: FalconCloud) => string | undefined;
  /** Schema of the `parameters` an assignment may set for this product (strict: unknown keys are errors). */
  readonly assignmentParameters: z.ZodObject;
  /**
   * The product template's CloudFormation parameters (names as in the template) for one account and Region.
   * Pure; throws MissingRegistrationError when Falcon-derived values are needed but not yet published.
   */
  readonly templateParameters: (ctx: ParameterContext) => Record<string, string>;
  /**
   * The Falcon directory entries (`products/directory/entries.ts`) a version's template reads from SSM in the member
   * account. The lifecycle core provisions the `falcon-directory` product first in every Region where such a
   * version goes. Absent or empty: the version takes every value as a parameter.
   */
  readonly directoryEntries?: (version: string) => readonly DirectoryKey[];
}

export const PRODUCTS: readonly ProductDefinition[] = [
  {
    id: 'launch-role',
    assignable: false,
    displayName: 'CrowdStrike Falcon - launch role',
    description:
      'The local launch-constraint role that Service Catalog uses to launch the other Falcon products in this ' +
      'account, so account owners need no IAM rights of their own. Provisioned first, without a launch constraint.',
    regionScope: 'home-only',
    versions: [
      { name: 'v1.0.0', description: 'Launch role scoped to the resources the Falcon products create.' },
      {
        name: 'v1.1.0',
        description:
          'Adds the rights to launch threat-detection, sensor-management and ssm-distributor: cs-* rules and ' +
          'functions, their log group, the Distributor association, and passing only their own roles.',
      },
      {
        name: 'v1.2.0',
        description:
          'Adds the rights to launch ecr-connections: its custom resource function falcon-ecr-connections (create, ' +
          'invoke, delete), its log group, and passing only its own role to Lambda.',
      },
      {
        name: 'v1.3.0',
        description:
          'Adds the rights for the Falcon directory: writing the SSM parameters under /falcon-catalog/directory/ ' +
          '(directory product) and reading them (products v1.1.0 and newer take their Falcon values from there).',
      },
      {
        name: BOUNDARY_LAUNCH_ROLE_VERSION,
        description:
          'Creates the product boundary (policy /falcon-catalog/FalconCatalogProductBoundary) and creates or changes ' +
          'a CrowdStrike* role only under it, never removing a boundary; adds every call CloudFormation makes for ' +
          'the products\' resources (association and directory tags, log reads, function settings).',
      },
    ],
    unsupportedReason: () => undefined,
    assignmentParameters: z.object({}).strict(),
    templateParameters: (ctx) => ({ LaunchRoleName: ctx.manifest.portfolio.launchRoleName }),
  },
  IOM,
  THREAT_DETECTION,
  SENSOR_MANAGEMENT,
  SSM_DISTRIBUTOR,
  EKS_PROTECTION,
  FALCON_BASELINE,
  ECR_CONNECTIONS,
  FALCON_DIRECTORY,
];

export const ASSIGNABLE_PRODUCTS: readonly ProductDefinition[] = PRODUCTS.filter((p) => p.assignable);
export const LAUNCH_ROLE_PRODUCT_ID = 'launch-role';

/**
 * Whether a product carries the `LocalRoleName` launch constraint (the launch role). Not the launch-role product,
 * which creates the role, nor the baseline, which provisions the launch role first with its launcher's own rights;
 * every other product does, the internal directory included. The portfolio stack and the simulated landing zones
 * read this one answer.
 */
export function launchesWithLaunchRole(productId: string): boolean {
  return productId !== LAUNCH_ROLE_PRODUCT_ID && productId !== BASELINE_PRODUCT_ID;
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
