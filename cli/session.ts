/**
 * What `plan`, `reconcile` and `status` do before their own work: load the manifest, open the landing zone (simulated
 * or AWS), read the organisation once, and check the manifest against it (manifest/org-checks.ts). Validator
 * warnings and organisation warnings are printed together, with their positions in the manifest; an account the
 * operator names that the organisation does not have ends the command with a message.
 */
import { OrganizationReader } from '../lifecycle-handlers/core/organization';
import type { AccountContext, OuNode } from '../lifecycle-handlers/core/types';
import { closest } from '../manifest/closest';
import { locateFindings, type ManifestDiagnostic } from '../manifest/load';
import { organizationChecks } from '../manifest/org-checks';
import { type CliIo, InputError, UsageError } from './command';
import { formatAs, type LoadedManifest, loadManifestFor, type TargetFlags } from './options';
import { openTarget, type Target } from './target';

export interface Session {
  readonly loaded: LoadedManifest;
  readonly target: Target;
  readonly organization: { readonly nodes: readonly OuNode[]; readonly accounts: readonly AccountContext[] };
  /** The validator's warnings and the organisation's, in file order. */
  readonly manifestWarnings: readonly ManifestDiagnostic[];
}

export interface SessionOptions extends TargetFlags {
  readonly controlCatalog?: string;
}

/** Opens a session, or returns undefined after printing why the manifest is invalid (exit 1). */
export async function openSession(flags: SessionOptions, io: CliIo): Promise<Session | undefined> {
  if (flags.state !== undefined && flags.org === undefined) {
    throw new UsageError('--state keeps a simulated landing zone: give it together with --org <org-model.yaml>');
  }
  const loaded = loadManifestFor(flags.manifest, io);
  if (!loaded) return undefined;
  const target = await openTarget(
    { manifest: loaded.manifest, orgModelFile: flags.org, stateFile: flags.state, controlCatalogFile: flags.controlCatalog },
    io,
  );
  const organization = await new OrganizationReader(target.deps.clients.organizations()).view();
  const orgWarnings = locateFindings(loaded.absolute, organizationChecks(loaded.manifest, organization), loaded.file);
  const manifestWarnings = [...loaded.warnings, ...orgWarnings].sort((a, b) => a.line - b.line || a.column - b.column);
  // On stderr in every mode: --json keeps stdout to one document (which has the warnings too).
  io.stderr(`Target: ${target.description}\n`);
  if (!flags.json) for (const line of formatAs(loaded.file, manifestWarnings)) io.stderr(`${line}\n`);
  return { loaded, target, organization, manifestWarnings };
}

/** The account, as the organisation has it; an account it does not have is the operator's input to fix. */
export function requireAccount(session: Session, accountId: string, where: string): AccountContext {
  const account = session.organization.accounts.find((a) => a.id === accountId);
  if (account) return account;
  const near = closest(accountId, session.organization.accounts.map((a) => a.id), true);
  const nearAccount = session.organization.accounts.find((a) => a.id === near);
  const hint = nearAccount ? `; the closest is ${nearAccount.id}${nearAccount.name ? ` (${nearAccount.name})` : ''}` : '';
  throw new InputError(`${where}: the organisation has no account ${accountId}${hint}; nothing was run`);
}
