import type { ArtifactParameter, PrincipalType } from './model';
import { associatePrincipal, createPortfolio } from './portfolios';
import { addArtifact, createProduct } from './products';
import type { ScStore } from './store';

export interface SeedVersion {
  name: string;
  description?: string;
  active?: boolean;
  guidance?: 'DEFAULT' | 'DEPRECATED';
  /** Template parameters; omit when the test does not care (then any parameters are accepted). */
  parameters?: ArtifactParameter[];
}

export interface SeedProduct {
  name: string;
  owner?: string;
  description?: string;
  versions: SeedVersion[];
  /** Adds a LAUNCH constraint with this LocalRoleName. */
  launchRoleName?: string;
}

export interface SeedPortfolioSpec {
  displayName: string;
  providerName?: string;
  description?: string;
  products?: SeedProduct[];
  /** key → allowed values, associated with the portfolio. */
  tagOptions?: Record<string, string[]>;
  principals?: Array<{ arn: string; type?: PrincipalType }>;
}

export interface SeededPortfolio {
  portfolioId: string;
  products: Record<string, { productId: string; artifacts: Record<string, string> }>;
}

/** Builds a portfolio as the portfolio stack would have deployed it (what CloudFormation does, not the API). */
export function seedPortfolio(store: ScStore, account: string, region: string, spec: SeedPortfolioSpec): SeededPortfolio {
  const state = store.state(account, region);
  const portfolio = createPortfolio(store, state, {
    displayName: spec.displayName,
    providerName: spec.providerName ?? 'Simulator',
    description: spec.description,
  });
  const seeded: SeededPortfolio = { portfolioId: portfolio.id, products: {} };
  for (const productSpec of spec.products ?? []) {
    if (productSpec.versions.length === 0) throw new Error(`seedPortfolio: product ${productSpec.name} needs at least one version`);
    const product = createProduct(store, state, { name: productSpec.name, owner: productSpec.owner ?? spec.providerName ?? 'Simulator', description: productSpec.description });
    const artifacts: Record<string, string> = {};
    for (const version of productSpec.versions) artifacts[version.name] = addArtifact(store, product, version).id;
    portfolio.productIds.add(product.id);
    if (productSpec.launchRoleName) {
      portfolio.launchConstraints.set(product.id, { constraintId: store.newId('cons'), localRoleName: productSpec.launchRoleName });
    }
    seeded.products[productSpec.name] = { productId: product.id, artifacts };
  }
  for (const [key, values] of Object.entries(spec.tagOptions ?? {})) {
    for (const value of values) {
      const id = store.newId('tag');
      state.tagOptions.set(id, { id, key, value, active: true, owner: account });
      portfolio.tagOptionIds.add(id);
    }
  }
  for (const principal of spec.principals ?? []) {
    associatePrincipal(store, state, portfolio.id, principal.arn, principal.type ?? (principal.arn.includes(':iam:::') ? 'IAM_PATTERN' : 'IAM'));
  }
  return seeded;
}
