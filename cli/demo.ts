/**
 * `falcon-catalog demo` (`npm run demo`): Account Factory vends a new account into an OU of the example organisation
 * (or the one given), in the simulated landing zone, and the whole lifecycle runs through the real core and SDK
 * clients: event → plan → execution progress → final status → the result events.
 */
import * as path from 'node:path';
import { parseTrigger } from '../lifecycle-handlers/core/events';
import { OrganizationReader } from '../lifecycle-handlers/core/organization';
import { handleTrigger, planTrigger } from '../lifecycle-handlers/core/reconcile';
import { closest } from '../manifest/closest';
import type { Manifest } from '../manifest/schema';
import { tracingSleep } from './call-trace';
import { InputError } from './command';
import { renderPlan } from './plan-view';
import { progressLine } from './progress-line';
import { renderResults } from './results-view';
import { bootSimulatedLandingZone } from './simulated/landing-zone';
import { statusRows } from './status-report';
import { renderStatus } from './status-view';

const ROOT = path.join(__dirname, '..');
export const DEMO_DEFAULTS = {
  manifest: path.join(ROOT, 'manifest', 'manifest.example.yaml'),
  org: path.join(ROOT, 'manifest', 'org-model.example.yaml'),
  account: '210987654321',
  accountName: 'payments-prod',
  ou: 'Root/Workloads/Prod',
};

export interface DemoOptions {
  readonly manifest: Manifest;
  /** Resolved path of the org model. */
  readonly org: string;
  readonly account: string;
  readonly accountName: string;
  readonly ou: string;
}

/** The event Control Tower sends when Account Factory has created and enrolled an account. */
function createManagedAccountSucceeded(newAccount: { id: string; name: string }, ou: { id: string; name: string }, managementAccountId: string, region: string, now: Date) {
  return {
    version: '0',
    id: 'demo-create-managed-account-0001',
    'detail-type': 'AWS Service Event via CloudTrail',
    source: 'aws.controltower',
    account: managementAccountId,
    time: now.toISOString(),
    region,
    resources: [],
    detail: {
      eventName: 'CreateManagedAccount',
      eventSource: 'controltower.amazonaws.com',
      serviceEventDetails: {
        createManagedAccountStatus: {
          organizationalUnit: { organizationalUnitName: ou.name, organizationalUnitId: ou.id },
          account: { accountName: newAccount.name, accountId: newAccount.id },
          state: 'SUCCEEDED',
          message: 'AWS Control Tower successfully created a managed account.',
        },
      },
    },
  };
}

const heading = (text: string) => `\n== ${text} ${'='.repeat(Math.max(0, 100 - text.length))}\n`;

export async function runDemo(options: DemoOptions, write: (text: string) => void): Promise<boolean> {
  const { manifest } = options;
  const newAccount = { id: options.account, name: options.accountName };
  const landingZone = await bootSimulatedLandingZone(manifest, options.org);
  const { sim } = landingZone;
  write(`SIMULATED landing zone: organisation ${manifest.organization.organizationId}, hub ${landingZone.hubAccountId}, ` +
    `portfolio "${manifest.portfolio.name}" in ${manifest.organization.governedRegions.join(', ')} (Falcon registration simulated)\n`);

  const published: Parameters<Parameters<typeof landingZone.lifecycleDeps>[0]['publish']>[0][number][] = [];
  const deps = { ...landingZone.lifecycleDeps({ publish: async (details) => void published.push(...details) }) };
  const organization = await new OrganizationReader(deps.clients.organizations()).view();
  if (organization.accounts.some((a) => a.id === newAccount.id)) {
    throw new InputError(`--account ${newAccount.id}: the organisation already has that account; give a new account ID to vend`);
  }
  const ou = organization.nodes.find((n) => n.path === options.ou || n.id === options.ou);
  if (!ou) {
    const near = closest(options.ou, organization.nodes.map((n) => n.path), true);
    throw new InputError(`--ou ${options.ou}: the organisation has no such OU${near ? `; did you mean ${near}?` : ''}`);
  }
  sim.org.addAccount({ id: newAccount.id, name: newAccount.name, parent: ou.id });
  const ouName = ou.path.split('/').pop() ?? ou.path;
  const event = createManagedAccountSucceeded(newAccount, { id: ou.id, name: ouName }, manifest.organization.managementAccountId, manifest.organization.homeRegion, sim.clock.date());

  write(heading(`1. Account Factory vends ${newAccount.id} (${newAccount.name}) into ${ou.path}; Control Tower emits`));
  write(`${JSON.stringify(event.detail, null, 2)}\n`);
  const parsed = parseTrigger(event);
  if (!parsed.ok) throw new Error(`the demo event does not parse: ${parsed.error.message}`);

  write(heading('2. Plan (nothing changed yet)'));
  write(`${renderPlan(await planTrigger(parsed.trigger, deps), manifest)}\n`);

  write(heading('3. Execution (virtual time; each line is an API call that changes something)'));
  const report = await handleTrigger(parsed.trigger, { ...deps, sleep: tracingSleep(sim, (line) => write(`${line}\n`)) }, {
    onProgress: (update) => write(`${progressLine(update)}\n`),
  });
  write(`${renderResults(report)}\n`);

  write(heading(`4. Status of ${newAccount.id} after the run`));
  const statusDeps = landingZone.lifecycleDeps({ publish: async () => undefined });
  const vended = await new OrganizationReader(statusDeps.clients.organizations()).account(newAccount.id);
  const rows = await statusRows(statusDeps, { accounts: [vended] });
  write(`${renderStatus(rows)}\n`);

  write(heading(`5. Result events (source falcon.catalog), one per account × product × Region`));
  for (const detail of published) {
    write(`${JSON.stringify({ account: detail.accountId, region: detail.region, product: detail.productId, outcome: detail.outcome, version: detail.version, recordId: detail.recordId, trigger: detail.trigger.eventName })}\n`);
  }
  // Every product is as the manifest wants it (its last record SUCCEEDED), or deliberately skipped (not offered there).
  return rows.length > 0 && rows.every((r) => r.state === 'skipped' || (r.state === 'ok' && r.lastRecordStatus === 'SUCCEEDED'));
}
