/**
 * The portfolio-share custom resource's properties for a manifest (pure): the portfolio stack hands exactly these to
 * the handler, and a simulated landing zone shares its portfolio with the same, so both take one code path.
 */
import type { Manifest } from '../../manifest/schema';
import { portfolioPrincipalPatterns } from '../../products/falcon-baseline/definition';
import type { ShareResourceProperties } from './reconcile';

export function sharePropertiesFor(manifest: Manifest, portfolioId: string): ShareResourceProperties {
  const { shareWith } = manifest.portfolio;
  return {
    PortfolioId: portfolioId,
    OrganizationId: manifest.organization.organizationId,
    ShareWithOrganization: String(shareWith.organization),
    OrganizationalUnits: [...shareWith.organizationalUnits],
    Accounts: [...shareWith.accounts],
    ShareTagOptions: String(manifest.portfolio.shareTagOptions),
    // Principal associations travel with organisation/OU shares, so account owners can launch at once.
    SharePrincipals: String(portfolioPrincipalPatterns(manifest).length > 0),
  };
}
