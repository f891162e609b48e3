/**
 * A simulated landing zone that outlives one command: `--org <model> --state <file>`. The first command boots it
 * from the org model and saves it; each later one boots from what was saved and brings it to the present:
 *
 * 1. the organisation as it was saved, every account ACTIVE for the moment (a suspended account cannot be entered),
 *    with the hub installed for both the saved and the current manifest (its portfolio in every Region either names,
 *    shared with everything either shares with);
 * 2. every saved product provisioned again through the lifecycle's own executor (lifecycle-handlers/core/execute.ts),
 *    with its saved version and parameters, so it carries the lifecycle's tags as before;
 * 3. the org model's edits since then applied as Organizations would see them: new OUs and accounts join, accounts
 *    move, are suspended or come back (removing an OU or an account is refused: suspend the account instead);
 * 4. the portfolio shares brought to the current manifest by the production share reconciler
 *    (lifecycle-handlers/portfolio-share), as `cdk deploy` of the edited manifest would.
 *
 * So `reconcile`, an edit of the manifest or the org model, then `plan` shows the updates and terminations.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { mapWithConcurrency } from '../../lifecycle-handlers/core/concurrency';
import { executeAccountPlan } from '../../lifecycle-handlers/core/execute';
import { provisionedProductName } from '../../lifecycle-handlers/core/identity';
import { hubCatalogCache, readHubCatalog } from '../../lifecycle-handlers/core/hub-catalog';
import { shareKindFor } from '../../lifecycle-handlers/core/share-kind';
import { OrganizationReader } from '../../lifecycle-handlers/core/organization';
import { DEFAULT_POLLING } from '../../lifecycle-handlers/core/provisioning';
import type { LifecycleDeps } from '../../lifecycle-handlers/core/reconcile';
import type { ResultPublisher } from '../../lifecycle-handlers/core/results';
import type { PlannedAction } from '../../lifecycle-handlers/core/types';
import { reconcilePortfolioShares, type ShareResourceProperties } from '../../lifecycle-handlers/portfolio-share/reconcile';
import { formatPath } from '../../manifest/diagnostics';
import { hubAccountOf } from '../../manifest/hub-account';
import { organizationChecks } from '../../manifest/org-checks';
import type { Manifest } from '../../manifest/schema';
import { type OrgModel, parseOrgModel } from '../../simulator';
import { InputError } from '../command';
import { bootSimulatedLandingZone, type SimulatedLandingZone } from './landing-zone';
import { orgModelView } from './org-model-view';
import { captureProvisioned, readState, type SavedLandingZone, type SavedProduct, writeState } from './state-file';

export interface OpenedLandingZone {
  readonly landingZone: SimulatedLandingZone;
  /** Lifecycle dependencies with the current manifest (the boot may have used a wider install). */
  lifecycleDeps(publisher: ResultPublisher): LifecycleDeps;
  /** Writes the state file (nothing without --state). */
  save(): Promise<void>;
  /** What the boot did to catch up with the saved state, for the target line. */
  readonly restored?: string;
}

type ShareWith = Manifest['portfolio']['shareWith'];

const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];

function readOrgText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new InputError(`--org ${file}: ${(cause as Error).message}`);
  }
}

function parseModel(text: string, where: string): OrgModel {
  try {
    return parseOrgModel(text);
  } catch (cause) {
    throw new InputError(`${where}: ${(cause as Error).message}`);
  }
}

/**
 * The manifest the hub is installed for while the saved products are restored: the current one, widened to every
 * Region and share the saved one had, and shared with every account that has a saved product (it may since have moved
 * out of every shared OU: its products stayed, as they would in AWS, but restoring them needs a launch path).
 */
function installManifest(manifest: Manifest, saved: SavedLandingZone): Manifest {
  const { shareWith } = manifest.portfolio;
  const hub = hubAccountOf(manifest);
  const holders = saved.provisioned.map((p) => p.account).filter((account) => account !== hub);
  const was = { ...saved.install.shareWith, accounts: union(saved.install.shareWith.accounts, holders) };
  return {
    ...manifest,
    organization: { ...manifest.organization, governedRegions: union(manifest.organization.governedRegions, saved.install.governedRegions) },
    portfolio: {
      ...manifest.portfolio,
      shareWith: {
        organization: shareWith.organization || was.organization,
        organizationalUnits: union(shareWith.organizationalUnits, was.organizationalUnits),
        accounts: union(shareWith.accounts, was.accounts),
      },
    },
  };
}

async function restoreProducts(landingZone: SimulatedLandingZone, manifest: Manifest, products: readonly SavedProduct[]): Promise<void> {
  const deps = landingZone.lifecycleDeps({ publish: async () => undefined });
  const reader = new OrganizationReader(deps.clients.organizations());
  const hubCatalog = hubCatalogCache((region) => deps.clients.hubServiceCatalog(region), manifest.portfolio.name);
  const byAccount = new Map<string, SavedProduct[]>();
  for (const p of products) byAccount.set(p.account, [...(byAccount.get(p.account) ?? []), p]);
  const failures: string[] = [];
  await mapWithConcurrency([...byAccount], 8, async ([accountId, saved]) => {
    const account = await reader.account(accountId);
    const actions: PlannedAction[] = saved.map((p) => ({
      kind: 'provision',
      accountId,
      region: p.region,
      productId: p.product,
      provisionedProductName: provisionedProductName(p.product),
      reason: 'restored from the state file',
      version: p.version,
      parameters: p.parameters,
      parameterDiff: [],
    }));
    const results = await executeAccountPlan({
      manifest,
      account,
      actions,
      clients: await deps.clients.forAccount(accountId),
      shareKind: shareKindFor(manifest, account, landingZone.hubAccountId),
      hubCatalog,
      sleep: deps.sleep,
      polling: deps.polling ?? DEFAULT_POLLING,
      logger: deps.logger,
    });
    for (const r of results.filter((x) => x.outcome !== 'provisioned')) failures.push(`${accountId} ${r.region} ${r.productId}: ${r.reason}`);
  });
  if (failures.length > 0) {
    throw new InputError(`the saved landing zone could not be restored (${failures.slice(0, 3).join('; ')}); delete the --state file to start over`);
  }
}

/** The org model's edits since the save, applied the way Organizations would see them. */
function applyOrgChanges(landingZone: SimulatedLandingZone, before: OrgModel, after: OrgModel, orgFile: string): void {
  const { org } = landingZone.sim;
  const refuse = (what: string) => {
    throw new InputError(
      `--org ${orgFile}: ${what} since the --state file was saved; the simulated landing zone cannot undo that ` +
        '(suspend an account instead of removing it), so delete the --state file to start over',
    );
  };
  if (before.organization.id !== after.organization.id || before.organization.rootId !== after.organization.rootId) {
    refuse('the organisation changed');
  }
  const beforeOus = new Map(before.organizationalUnits.map((ou) => [ou.id, ou]));
  const afterOus = new Map(after.organizationalUnits.map((ou) => [ou.id, ou]));
  for (const [id, ou] of beforeOus) {
    const now = afterOus.get(id);
    if (!now) refuse(`OU ${id} (${ou.name}) was removed`);
    else if (now.name !== ou.name || now.parent !== ou.parent) refuse(`OU ${id} was renamed or moved`);
  }
  let pending = after.organizationalUnits.filter((ou) => !beforeOus.has(ou.id));
  while (pending.length > 0) {
    const ready = pending.filter((ou) => ou.parent === after.organization.rootId || beforeOus.has(ou.parent) || org.state.getOu(ou.parent));
    if (ready.length === 0) refuse(`new OUs ${pending.map((ou) => ou.id).join(', ')} have no parent`);
    for (const ou of ready) org.addOrganizationalUnit(ou);
    pending = pending.filter((ou) => !ready.includes(ou));
  }
  const beforeAccounts = new Map(before.accounts.map((a) => [a.id, a]));
  for (const account of before.accounts) if (!after.accounts.some((a) => a.id === account.id)) refuse(`account ${account.id} was removed`);
  for (const account of after.accounts) {
    const was = beforeAccounts.get(account.id);
    if (!was) org.addAccount({ id: account.id, name: account.name, parent: account.parent, status: account.status });
    else if (was.parent !== account.parent) org.moveAccount(account.id, account.parent);
    if (account.status !== 'ACTIVE') org.state.setStatus(account.id, account.status);
  }
}

const shareProperties = (manifest: Manifest, portfolioId: string, shareWith: ShareWith): ShareResourceProperties => ({
  PortfolioId: portfolioId,
  OrganizationId: manifest.organization.organizationId,
  ShareWithOrganization: String(shareWith.organization),
  OrganizationalUnits: [...shareWith.organizationalUnits],
  Accounts: [...shareWith.accounts],
  ShareTagOptions: String(manifest.portfolio.shareTagOptions),
  SharePrincipals: 'true',
});

/** The portfolio shares, from the widened install to the current manifest's, in every Region of the install. */
async function reshare(landingZone: SimulatedLandingZone, install: Manifest, current: Manifest): Promise<void> {
  if (JSON.stringify(install.portfolio.shareWith) === JSON.stringify(current.portfolio.shareWith)) return;
  const deps = landingZone.lifecycleDeps({ publish: async () => undefined });
  const { clock } = landingZone.sim;
  for (const region of install.organization.governedRegions) {
    const serviceCatalog = deps.clients.hubServiceCatalog(region);
    const { portfolioId } = await readHubCatalog(serviceCatalog, install.portfolio.name, region);
    await reconcilePortfolioShares({
      requestType: 'Update',
      props: shareProperties(current, portfolioId, current.portfolio.shareWith),
      previous: shareProperties(install, portfolioId, install.portfolio.shareWith),
      serviceCatalog,
      organizations: deps.clients.organizations(),
      sleep: clock.sleep,
      now: () => clock.now(),
      deadline: clock.now() + 60 * 60_000,
    });
  }
}

/**
 * With every account ACTIVE: the saved organisation, ready to have its products provisioned again. Its
 * `simulatedHistory` is dropped: the saved products are what that past (and every command since) left.
 */
function allActive(orgText: string): string {
  const raw = parse(orgText) as { accounts?: { status?: string }[]; simulatedHistory?: unknown };
  for (const account of raw.accounts ?? []) account.status = 'ACTIVE';
  delete raw.simulatedHistory;
  return stringify(raw);
}

/**
 * The install shares the portfolio with what `portfolio.shareWith` names; an OU or account the organisation does not
 * have would fail that deployment, so the landing zone cannot be built: say which, and the closest existing name.
 */
function checkShareTargets(manifest: Manifest, model: OrgModel, orgModelFile: string): void {
  // Another organisation altogether is reported as such when the landing zone boots.
  if (model.organization.id !== manifest.organization.organizationId) return;
  // The share custom resource shares with accounts as organisation nodes too, so an unknown account fails it as well.
  const problems = organizationChecks(manifest, orgModelView(model)).filter((f) => f.path[0] === 'portfolio');
  if (problems.length === 0) return;
  throw new InputError(
    `the portfolio cannot be shared as the manifest says with the organisation in ${orgModelFile} (the share would fail ` +
      `to deploy): ${problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join('; ')}`,
  );
}

export async function openSimulatedLandingZone(manifest: Manifest, orgModelFile: string, stateFile?: string): Promise<OpenedLandingZone> {
  const saved = stateFile ? readState(stateFile) : undefined;
  const currentOrgText = readOrgText(orgModelFile);
  checkShareTargets(manifest, parseModel(currentOrgText, `--org ${orgModelFile}`), orgModelFile);
  let landingZone: SimulatedLandingZone;
  let install = manifest;
  let restored: string | undefined;
  if (!saved) {
    landingZone = await bootSimulatedLandingZone(manifest, orgModelFile);
  } else {
    if (saved.install.hubAccountId !== hubAccountOf(manifest)) {
      throw new InputError(
        `--state ${stateFile}: saved with hub account ${saved.install.hubAccountId}, but the manifest's hub is ` +
          `${hubAccountOf(manifest)}; delete the --state file to start over`,
      );
    }
    const savedModel = parseModel(saved.orgModel, `--state ${stateFile}`);
    const currentModel = parseModel(currentOrgText, `--org ${orgModelFile}`);
    install = installManifest(manifest, saved);
    const dir = mkdtempSync(path.join(tmpdir(), 'falcon-state-'));
    try {
      const savedOrgFile = path.join(dir, path.basename(orgModelFile));
      writeFileSync(savedOrgFile, allActive(saved.orgModel));
      landingZone = await bootSimulatedLandingZone(install, savedOrgFile);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await restoreProducts(landingZone, install, saved.provisioned);
    applyOrgChanges(landingZone, savedModel, currentModel, orgModelFile);
    await reshare(landingZone, install, manifest);
    restored = `${saved.provisioned.length} provisioned product(s) restored from ${stateFile} (saved ${saved.savedAt})`;
  }

  return {
    landingZone,
    restored,
    lifecycleDeps: (publisher) => ({ ...landingZone.lifecycleDeps(publisher), manifest }),
    async save() {
      if (!stateFile) return;
      writeState(stateFile, {
        format: 'falcon-catalog simulated landing zone',
        version: 1,
        savedAt: landingZone.sim.clock.date().toISOString(),
        orgModel: currentOrgText,
        install: {
          hubAccountId: hubAccountOf(manifest),
          governedRegions: install.organization.governedRegions,
          shareWith: manifest.portfolio.shareWith,
        },
        provisioned: captureProvisioned(landingZone.sim, install.organization.governedRegions),
      });
    },
  };
}
