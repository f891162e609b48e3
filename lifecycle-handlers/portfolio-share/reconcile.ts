/**
 * Create / Update / Delete of the portfolio-share custom resource, over injected clients (so tests run the same
 * code through real SDK clients against the simulator).
 */
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { ServiceCatalogClient } from '@aws-sdk/client-service-catalog';
import { OrganizationReader } from '../core/organization';
import { applyShareActions, listExistingShares, ShareExecutorOptions } from './share-executor';
import { planShareActions, ShareSettings, ShareTarget } from './share-plan';

/** Resource properties as CloudFormation delivers them: every scalar arrives as a string. */
export interface ShareResourceProperties {
  readonly PortfolioId: string;
  readonly OrganizationId: string;
  readonly ShareWithOrganization: string;
  readonly OrganizationalUnits: string[];
  readonly Accounts: string[];
  readonly ShareTagOptions: string;
  readonly SharePrincipals: string;
}

export interface ReconcileSharesInput extends ShareExecutorOptions {
  readonly requestType: 'Create' | 'Update' | 'Delete';
  readonly props: ShareResourceProperties;
  readonly previous?: ShareResourceProperties;
  readonly serviceCatalog: ServiceCatalogClient;
  readonly organizations: OrganizationsClient;
}

const truthy = (v: string | boolean | undefined) => v === true || v === 'true';

/** Share targets named by the properties, OU paths resolved to IDs. */
async function targetsOf(props: ShareResourceProperties, organizations: OrganizationsClient): Promise<ShareTarget[]> {
  const targets: ShareTarget[] = [];
  if (truthy(props.ShareWithOrganization)) targets.push({ type: 'ORGANIZATION', value: props.OrganizationId });
  const reader = new OrganizationReader(organizations);
  const ouIds = await Promise.all((props.OrganizationalUnits ?? []).map((ref) => reader.resolveOuRef(ref)));
  for (const id of new Set(ouIds)) targets.push({ type: 'ORGANIZATIONAL_UNIT', value: id });
  for (const id of new Set(props.Accounts ?? [])) targets.push({ type: 'ACCOUNT', value: id });
  return targets;
}

export async function reconcilePortfolioShares(input: ReconcileSharesInput): Promise<void> {
  const { props, serviceCatalog, organizations } = input;
  const settings: ShareSettings = {
    shareTagOptions: truthy(props.ShareTagOptions),
    sharePrincipals: truthy(props.SharePrincipals),
  };
  const existing = await listExistingShares(serviceCatalog, props.PortfolioId);
  // On delete the portfolio itself is going away, and Service Catalog refuses to delete a shared portfolio: remove
  // every share, without resolving OU paths (an OU may already be gone). On update, the previous set holds leavers.
  const desired = input.requestType === 'Delete' ? [] : await targetsOf(props, organizations);
  const previouslyManaged =
    input.requestType === 'Delete'
      ? existing
      : input.previous && input.previous.PortfolioId === props.PortfolioId
        ? await targetsOf(input.previous, organizations)
        : [];

  const actions = planShareActions({ desired, previouslyManaged, existing, settings });
  input.log?.(`${actions.length} share action(s) to apply`, { actions: actions.map((a) => `${a.kind} ${a.target.value}`) });
  await applyShareActions(serviceCatalog, props.PortfolioId, actions, input);
}
