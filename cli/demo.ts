/**
 * `npm run demo`: Account Factory vends a new account into Root/Workloads/Prod of the example organisation, in
 * the simulated landing zone, and the whole lifecycle runs through the real core and SDK clients:
 * event → plan → execution progress → final status → the result events.
 */
import * as path from 'node:path';
import { parseTrigger } from '../lifecycle-handlers/core/events';
import { OrganizationReader } from '../lifecycle-handlers/core/organization';
import { handleTrigger, planTrigger } from '../lifecycle-handlers/core/reconcile';
import { loadValidManifest } from '../manifest/load';
import { tracingSleep } from './call-trace';
import { renderPlan } from './plan-view';
import { progressLine } from './progress-line';
import { renderResults } from './results-view';
import { bootSimulatedLandingZone } from './simulated/landing-zone';
import { statusRows } from './status-report';
import { renderStatus } from './status-view';

const ROOT = path.join(__dirname, '..');
const NEW_ACCOUNT = { id: '210987654321', name: 'payments-prod', ouPath: 'Root/Workloads/Prod' };

/** The event Control Tower sends when Account Factory has created and enrolled an account. */
function createManagedAccountSucceeded(ouId: string, now: Date) {
  return {
    version: '0',
    id: 'demo-create-managed-account-0001',
    'detail-type': 'AWS Service Event via CloudTrail',
    source: 'aws.controltower',
    account: '111111111111',
    time: now.toISOString(),
    region: 'us-east-1',
    resources: [],
    detail: {
      eventName: 'CreateManagedAccount',
      eventSource: 'controltower.amazonaws.com',
      serviceEventDetails: {
        createManagedAccountStatus: {
          organizationalUnit: { organizationalUnitName: 'Prod', organizationalUnitId: ouId },
          account: { accountName: NEW_ACCOUNT.name, accountId: NEW_ACCOUNT.id },
          state: 'SUCCEEDED',
          message: 'AWS Control Tower successfully created a managed account.',
        },
      },
    },
  };
}

const heading = (text: string) => `\n== ${text} ${'='.repeat(Math.max(0, 100 - text.length))}\n`;

export async function runDemo(write: (text: string) => void): Promise<boolean> {
  const manifest = loadValidManifest(path.join(ROOT, 'manifest', 'manifest.example.yaml'));
  const landingZone = await bootSimulatedLandingZone(manifest, path.join(ROOT, 'manifest', 'org-model.example.yaml'));
  const { sim } = landingZone;
  write(`SIMULATED landing zone: organisation ${manifest.organization.organizationId}, hub ${landingZone.hubAccountId}, ` +
    `portfolio "${manifest.portfolio.name}" in ${manifest.organization.governedRegions.join(', ')} (Falcon registration simulated)\n`);

  const published: Parameters<Parameters<typeof landingZone.lifecycleDeps>[0]['publish']>[0][number][] = [];
  const deps = { ...landingZone.lifecycleDeps({ publish: async (details) => void published.push(...details) }) };
  const prodOu = await new OrganizationReader(deps.clients.organizations()).resolveOuRef(NEW_ACCOUNT.ouPath);
  sim.org.addAccount({ id: NEW_ACCOUNT.id, name: NEW_ACCOUNT.name, parent: prodOu });
  const event = createManagedAccountSucceeded(prodOu, sim.clock.date());

  write(heading(`1. Account Factory vends ${NEW_ACCOUNT.id} (${NEW_ACCOUNT.name}) into ${NEW_ACCOUNT.ouPath}; Control Tower emits`));
  write(`${JSON.stringify(event.detail, null, 2)}\n`);
  const parsed = parseTrigger(event);
  if (!parsed.ok) throw new Error(`the demo event does not parse: ${parsed.error.message}`);

  write(heading('2. Plan (nothing changed yet)'));
  write(`${renderPlan(await planTrigger(parsed.trigger, deps))}\n`);

  write(heading('3. Execution (virtual time; each line is an API call that changes something)'));
  const report = await handleTrigger(parsed.trigger, { ...deps, sleep: tracingSleep(sim, (line) => write(`${line}\n`)) }, {
    onProgress: (update) => write(`${progressLine(update)}\n`),
  });
  write(`${renderResults(report)}\n`);

  write(heading(`4. Status of ${NEW_ACCOUNT.id} after the run`));
  const rows = (await statusRows(landingZone.lifecycleDeps({ publish: async () => undefined }))).filter((r) => r.account === NEW_ACCOUNT.id);
  write(`${renderStatus(rows)}\n`);

  write(heading(`5. Result events (source falcon.catalog), one per account × product × Region`));
  for (const detail of published) {
    write(`${JSON.stringify({ account: detail.accountId, region: detail.region, product: detail.productId, outcome: detail.outcome, version: detail.version, recordId: detail.recordId, trigger: detail.trigger.eventName })}\n`);
  }
  return rows.length > 0 && rows.every((r) => r.matchesManifest && r.lastRecordStatus === 'SUCCEEDED');
}

if (require.main === module) {
  runDemo((text) => process.stdout.write(text)).then(
    (ok) => {
      process.stdout.write(ok ? '\nDemo complete: every product of the new account SUCCEEDED.\n' : '\nDemo finished with failures (see above).\n');
      process.exitCode = ok ? 0 : 1;
    },
    (error: unknown) => {
      process.stderr.write(`demo failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
