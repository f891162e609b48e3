/**
 * What a product definition is: the metadata every Falcon product publishes (names, versions, parameters, where
 * it can run), free of the CDK and of the manifest. The manifest validator, the lifecycle core, the CLI and the
 * stacks read definitions through these types; each product fills them in `products/<id>/definition.ts`.
 */
import type { z } from 'zod';
import type { Partition } from './aws';
import type { FalconCloud } from './falcon';

/**
 * Every product the package publishes, in the order the portfolio lists them. The registry
 * (`products/registry.ts`) and the templates (`products/catalog.ts`) are keyed by this type, so the compiler
 * refuses a product without a definition or without a template.
 */
export const PRODUCT_IDS = [
  'launch-role',
  'iom',
  'threat-detection',
  'sensor-management',
  'ssm-distributor',
  'eks-protection',
  'falcon-baseline',
  'ecr-connections',
  'directory',
] as const;
export type ProductId = (typeof PRODUCT_IDS)[number];

export function isProductId(value: string): value is ProductId {
  return (PRODUCT_IDS as readonly string[]).includes(value);
}

/** Where a product's resources live in one account. */
export type RegionScope =
  /** IAM roles and other global resources: provisioned once per account, in the Control Tower home Region. */
  | 'home-only'
  /** Regional resources: provisioned in every assigned Region (home Region first when it has global parts). */
  | 'per-region';

/**
 * What the Falcon organisation registration returns (non-secret), published by the hub and read by the lifecycle
 * core and the broker. Products take their Falcon-derived parameters from here, so nobody types a CrowdStrike
 * account ID or external ID by hand.
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

/**
 * The few organisation facts products read to compute their parameters: a product never sees the whole manifest.
 * `manifest/organization-facts.ts` derives them from a manifest.
 */
export interface OrganizationFacts {
  readonly partition: Partition;
  readonly homeRegion: string;
  readonly governedRegions: readonly string[];
  /** The Service Catalog hub account (the management account when no separate hub is set). */
  readonly hubAccountId: string;
  readonly falconCloud: FalconCloud;
  /** The launch-constraint role's name in every account. */
  readonly launchRoleName: string;
  /** The narrowly scoped sensor-download client's secret, published in the Falcon directory when set. */
  readonly sensorDownloadSecretArn?: string;
}

/** Everything a product needs to compute its CloudFormation parameters for one account and Region. */
export interface ParameterContext {
  readonly org: OrganizationFacts;
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

/** Thrown by `templateParameters` when Falcon-derived values are needed but the hub has not published them yet. */
export class MissingRegistrationError extends Error {
  constructor(productId: string) {
    super(
      `product ${productId} needs the Falcon organisation registration (CrowdStrike account, role and external ID), ` +
        'which the hub has not published yet: deploy the Falcon hub stack first',
    );
  }
}

/** A Region a product must also run in, in every account it goes to, whatever the assignment lists. */
export interface RequiredRegion {
  readonly region: string;
  /** Why the product cannot do without it, for the validator's message. */
  readonly reason: string;
}

export interface ProductVersion {
  /** Immutable version name published as the Service Catalog provisioning artifact name. */
  readonly name: string;
  /** What changed, shown to account owners in the Service Catalog console. */
  readonly description: string;
  /**
   * The oldest launch-role version that can launch, update and terminate this version: every product launched with
   * the launch role states it (a test proves it from CloudFormation's registry schemas, and that the launch-role
   * version before it cannot). The lifecycle core never launches this version into an account whose launch role is
   * older.
   */
  readonly minimumLaunchRole?: string;
  /**
   * Set (to the reason) when the version is retired: the portfolio marks it DEPRECATED in Service Catalog (no new
   * launches; provisioned products can still be updated off it), the manifest validator refuses pinning it, and the
   * lifecycle core moves products on it to the newest version.
   */
  readonly retired?: string;
}

/** A finding a product's own manifest rule reports; the validator places it in the manifest and prints it. */
export interface ProductFinding {
  readonly severity: 'error' | 'warning';
  /** Path below the manifest root, e.g. `['products', 'ssm-distributor']`. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** What a product's own manifest rules see: the organisation facts and how the manifest enables this product. */
export interface ProductSettings {
  readonly org: OrganizationFacts;
  /** The version the manifest pins, or the newest. */
  readonly version: string;
}

export interface ProductDefinition<Id extends ProductId = ProductId> {
  readonly id: Id;
  /**
   * False for the internal products (the launch role, the directory): the lifecycle core provisions them wherever
   * another product needs them, so the manifest cannot assign them.
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
  /**
   * For `per-region` products: Regions the product must also run in, in every account it goes to, whatever Regions
   * the assignment lists, each with the reason. The lifecycle core adds them to the desired state; the manifest
   * validator refuses a manifest that enables the product while its governed Regions lack one of them.
   */
  readonly requiredRegions?: (partition: Partition) => readonly RequiredRegion[];
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
  readonly directoryEntries?: (version: string) => readonly string[];
  /**
   * The product's own manifest rules, for an enabled product: what the manifest must also say for this version to
   * launch. The manifest validator calls them and places their findings.
   */
  readonly manifestChecks?: (settings: ProductSettings) => readonly ProductFinding[];
}
