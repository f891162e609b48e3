/**
 * The portfolio-sharing stack, one per governed Region (portfolios are regional): the portfolio, every enabled
 * product with its immutable version history, launch constraints, TagOptions, principal associations, the
 * organisation/OU/account share, the ProductStack asset bucket and the AppRegistry application.
 */
import { Stack, StackProps } from 'aws-cdk-lib';
import { CfnRole, IRole, Role } from 'aws-cdk-lib/aws-iam';
import {
  CfnPortfolioPrincipalAssociation,
  CloudFormationProduct,
  CloudFormationProductVersion,
  Portfolio,
  ProductStack,
  TagOptions,
} from 'aws-cdk-lib/aws-servicecatalog';
import { Construct } from 'constructs';
import * as path from 'node:path';
import { hubAccountOf } from '../manifest/hub-account';
import type { Manifest } from '../manifest/schema';
import { PRODUCT_STACKS } from '../products/catalog';
import { BASELINE_PRODUCT_ID, portfolioPrincipalPatterns } from '../products/falcon-baseline/definition';
import { createLaunchRole } from '../products/launch-role/template';
import { ORG_ACCESS_ROLE_NAME } from '../lifecycle-handlers/core/access';
import { sharePropertiesFor } from '../lifecycle-handlers/portfolio-share/properties';
import { SharedSnapshotHistory } from './shared-snapshot-history';
import { DIRECTORY_PRODUCT_ID } from '../products/directory/entries';
import { LAUNCH_ROLE_PRODUCT_ID, PRODUCTS, currentVersionName, launchesWithLaunchRole } from '../products/registry';
import { ProductDefinition } from '../vocabulary';
import { registerWithAppRegistry } from './app-registry';
import { ProductAssetBucket } from './constructs/asset-bucket';
import { BlueprintAccessRole } from './constructs/blueprint-access-role';
import { REPO_ROOT } from './constructs/node-function';
import { PortfolioShare } from './constructs/portfolio-share';
import { ArtifactGuidance } from './constructs/artifact-guidance';

/** Committed template snapshots: the immutable record of every published product version. */
export const SNAPSHOT_DIRECTORY = path.join(REPO_ROOT, 'product-stack-snapshots');

export interface PortfolioStackProps extends StackProps {
  readonly manifest: Manifest;
  readonly region: string;
  /** The home-Region stack, which owns the hub's launch role; other Regions deploy after it. */
  readonly homeStack?: PortfolioStack;
}

export interface PublishedProduct {
  readonly definition: ProductDefinition;
  readonly productStack: ProductStack;
  readonly product: CloudFormationProduct;
  readonly versions: readonly string[];
}

/**
 * Products published in every portfolio: the internal launch role and Falcon directory, those the manifest enables,
 * the blueprint.
 */
export function publishedDefinitions(manifest: Manifest): ProductDefinition[] {
  return PRODUCTS.filter(
    (p) =>
      p.id === LAUNCH_ROLE_PRODUCT_ID ||
      p.id === DIRECTORY_PRODUCT_ID ||
      (p.id === BASELINE_PRODUCT_ID && manifest.blueprint?.enabled === true) ||
      manifest.products[p.id as keyof Manifest['products']]?.enabled,
  );
}

export class PortfolioStack extends Stack {
  readonly portfolio: Portfolio;
  readonly products: PublishedProduct[] = [];
  private readonly manifest: Manifest;

  constructor(scope: Construct, id: string, props: PortfolioStackProps) {
    super(scope, id, {
      ...props,
      env: { account: hubAccountOf(props.manifest), region: props.region },
      description: `CrowdStrike Falcon catalog: portfolio, products and organisation share (${props.region})`,
    });
    const { manifest } = props;
    this.manifest = manifest;
    const pf = manifest.portfolio;

    const assets = new ProductAssetBucket(this, 'ProductAssets', {
      hubAccountId: hubAccountOf(manifest),
      region: props.region,
      organizationId: manifest.organization.organizationId,
    });

    this.portfolio = new Portfolio(this, 'Portfolio', {
      displayName: pf.name,
      providerName: pf.providerName,
      description: pf.description || undefined,
    });

    const tagOptionEntries = Object.entries(pf.tagOptions);
    if (tagOptionEntries.length > 0) {
      this.portfolio.associateTagOptions(new TagOptions(this, 'TagOptions', { allowedValuesForTags: pf.tagOptions }));
    }

    // With the blueprint on, this includes the Account Factory blueprint execution roles.
    const principals = portfolioPrincipalPatterns(manifest);
    principals.forEach((pattern, index) => {
      new CfnPortfolioPrincipalAssociation(this, `PrincipalPattern${index}`, {
        portfolioId: this.portfolio.portfolioId,
        principalArn: pattern,
        principalType: 'IAM_PATTERN',
      });
    });

    const launchRole = this.launchRoleFor(props);

    for (const definition of publishedDefinitions(manifest)) {
      this.products.push(this.publish(definition, assets, launchRole));
    }
    // Retired versions stay published (provisioned products on them must be updatable off them) but DEPRECATED.
    const withRetired = this.products
      .map((p) => ({ product: p.product, retired: p.definition.versions.filter((v) => v.retired !== undefined).map((v) => v.name) }))
      .filter((p) => p.retired.length > 0);
    if (withRetired.length > 0) new ArtifactGuidance(this, 'Guidance', { products: withRetired });

    new PortfolioShare(this, 'Share', {
      properties: sharePropertiesFor(manifest, this.portfolio.portfolioId),
      managementAccountId: manifest.organization.managementAccountId,
      ...(hubAccountOf(manifest) === manifest.organization.managementAccountId
        ? {}
        : { orgAccessRoleArn: `arn:${this.partition}:iam::${manifest.organization.managementAccountId}:role/${ORG_ACCESS_ROLE_NAME}` }),
    });

    if (!props.homeStack && manifest.blueprint?.enabled && manifest.blueprint.createAccessRole) {
      // AFC looks for this role in the hub account; IAM is global, so only the home-Region stack creates it.
      new BlueprintAccessRole(this, 'BlueprintAccess', {
        managementAccountId: manifest.organization.managementAccountId,
        consoleUserRoleArns: manifest.blueprint.consoleUserRoleArns,
      });
    }

    registerWithAppRegistry(this, manifest);
  }

  /**
   * Service Catalog requires a LocalRoleName launch role in the account that owns the constraint as well as in
   * the launching account. IAM is global: the home-Region stack creates it, the others reference it by name.
   */
  private launchRoleFor(props: PortfolioStackProps): IRole {
    const name = props.manifest.portfolio.launchRoleName;
    if (props.homeStack) {
      this.addStackDependency(props.homeStack, 'the hub launch role is created by the home-Region portfolio stack');
      return Role.fromRoleName(this, 'LaunchRoleRef', name);
    }
    const role: CfnRole = createLaunchRole(this, name);
    // Referencing the role through its Ref makes every launch constraint wait until the role exists.
    return Role.fromRoleName(this, 'LaunchRoleRef', role.ref);
  }

  private publish(definition: ProductDefinition, assets: ProductAssetBucket, launchRole: IRole): PublishedProduct {
    const ProductStackClass = PRODUCT_STACKS[definition.id];
    const productStack = new ProductStackClass(this, `${pascal(definition.id)}Template`, {
      assetBucket: assets.bucket,
      description: definition.description,
    });
    const newest = currentVersionName(definition);
    const history = new SharedSnapshotHistory(this, `${pascal(definition.id)}History`, {
      productId: definition.id,
      productStack,
      currentVersionName: newest,
      currentVersionLocked: true,
      description: definition.versions[definition.versions.length - 1].description,
      directory: SNAPSHOT_DIRECTORY,
    });
    const versions: CloudFormationProductVersion[] = definition.versions.map((v) =>
      v.name === newest ? history.currentVersion() : history.versionFromSnapshot(v.name),
    );
    const support = this.manifest.portfolio.support;
    const product = new CloudFormationProduct(this, `${pascal(definition.id)}Product`, {
      productName: definition.displayName,
      owner: 'CrowdStrike Falcon catalog',
      distributor: 'CrowdStrike (packaged by the platform security team)',
      description: definition.description,
      productVersions: versions,
      supportEmail: support.email,
      supportUrl: support.url,
      supportDescription: support.description,
    });
    this.portfolio.addProduct(product);
    // The lifecycle core records each provisioned product's parameters in tags (no Service Catalog API returns
    // them), and rewrites those tags on update; Service Catalog refuses tag changes without this constraint.
    this.portfolio.constrainTagUpdates(product, { allow: true, description: 'The Falcon lifecycle records parameters in tags' });
    // Neither the launch-role product (it creates the role) nor the baseline (it provisions the launch role first,
    // with the rights of Account Factory's blueprint role or of the account owner) can use the launch role.
    if (launchesWithLaunchRole(definition.id)) {
      // The launch-role product itself is launched with the lifecycle core's own rights: it creates the role.
      this.portfolio.setLocalLaunchRole(product, launchRole, {
        description: 'Launch with the local Falcon launch role, so account owners need no IAM rights',
      });
    }
    return { definition, productStack, product, versions: definition.versions.map((v) => v.name) };
  }

}

function pascal(id: string): string {
  return id
    .split('-')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}
