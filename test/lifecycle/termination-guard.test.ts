/**
 * The blast-radius guard against the simulated organisation: an OU typo terminates nothing and is reported; a run
 * over the limit terminates nothing until the operator confirms the exact number; a fan-out job holds every
 * termination; and a stale view of an account is re-read before anything is terminated.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Trigger } from '../../lifecycle-handlers/core/events';
import { handleTrigger, planTrigger, reconcileOrganization, type TriggerReport } from '../../lifecycle-handlers/core/reconcile';
import { processMessage } from '../../lifecycle-handlers/worker/process-message';
import { inMemoryQueue } from '../../simulator/sqs/in-memory-queue';
import { runBin } from '../cli/run-bin';
import { buildSimWorld, PROD, PROD_2, SANDBOX, type SimWorld } from './sim-world';
import { plainManifestWith } from './manifest-fixture';

const vended = (accountId: string): Trigger => ({
  kind: 'account',
  accountId,
  source: { eventName: 'CreateManagedAccount', eventId: `vend-${accountId}` },
});

const live = (world: SimWorld, account: string) =>
  ['us-east-1', 'us-west-2', 'eu-west-1'].flatMap((r) => world.sim.sc.provisionedProducts(account, r).map((p) => `${r}/${p.name}`)).sort();

const actionsOf = (report: TriggerReport) => report.accounts.flatMap((a) => a.actions);
const resultsOf = (report: TriggerReport) => report.accounts.flatMap((a) => a.results);

/** IOM (newest) for Root/Workloads and Root/Sandbox, nothing else (no self-service foundation beyond what IOM needs). */
const iomFor = (organizationalUnits: string[], lifecycle: Record<string, unknown> = {}) =>
  plainManifestWith({
    products: { iom: { enabled: true } },
    assignments: [{ name: 'iom-everywhere', product: 'iom', targets: { organizationalUnits }, regions: 'home', parameters: {} }],
    lifecycle,
  });

async function vendAll(world: SimWorld, accounts: string[]) {
  for (const account of accounts) await handleTrigger(vended(account), world.deps);
  return Object.fromEntries(accounts.map((a) => [a, live(world, a)]));
}

afterEach(() => vi.restoreAllMocks());

describe('blast-radius guard', () => {
  it('an OU typo terminates nothing: the assignment is an error, its terminations are held and reported', async () => {
    const world = await buildSimWorld({ manifest: iomFor(['Root/Workloads', 'Root/Sandbox']) });
    const before = await vendAll(world, [PROD, SANDBOX]);
    expect(before[PROD]).toContain('us-east-1/falcon-iom');

    const typo = world.nextInvocation(iomFor(['Root/Workoads', 'Root/Sandbox']));
    const plan = await planTrigger(vended(PROD), typo);
    expect(plan.missingTargets).toEqual([
      expect.objectContaining({ assignment: 'iom-everywhere', product: 'iom', target: 'OU Root/Workoads' }),
    ]);
    const iom = actionsOf(plan).find((a) => a.productId === 'iom');
    expect(iom).toMatchObject({ kind: 'skip', held: true });
    expect(iom?.reason).toMatch(/^held: assignment iom-everywhere targets OU Root\/Workoads, which does not exist in the organisation .*Root has no child OU named "Workoads"/);
    // Its launch role and directory stay with it.
    expect(actionsOf(plan).filter((a) => a.kind === 'terminate')).toEqual([]);

    const applied = await handleTrigger(vended(PROD), typo);
    expect(live(world, PROD)).toEqual(before[PROD]);
    expect(resultsOf(applied).filter((r) => r.held).map((r) => [r.productId, r.outcome])).toContainEqual(['iom', 'skipped']);
    expect(typo.publisher.published.filter((e) => e.held).map((e) => e.productId)).toContain('iom');
  });

  it('a run over lifecycle.maxTerminationsPerRun terminates nothing until the operator confirms that exact number', async () => {
    const world = await buildSimWorld({ manifest: iomFor(['Root/Workloads', 'Root/Sandbox']) });
    const before = await vendAll(world, [PROD, PROD_2, SANDBOX]);
    const perAccount = before[PROD].length;

    // The assignment is dropped: every product of the three accounts (launch role and IOM) would go, more than 3.
    const droppedManifest = () => plainManifestWith({ assignments: [], lifecycle: { maxTerminationsPerRun: 3 } });
    const dropped = world.nextInvocation(droppedManifest());
    const metrics = new Metrics({ namespace: 'FalconCatalog', serviceName: 'falcon-lifecycle' });
    const added = vi.spyOn(metrics, 'addMetric');
    const held = await reconcileOrganization({ ...dropped, metrics });
    const total = 3 * perAccount;
    expect(held.held.held).toBe(total);
    expect(held.held.causes).toEqual([
      `this run would terminate ${total} provisioned products, more than lifecycle.maxTerminationsPerRun (3); ` +
        `check falcon-catalog plan, then run falcon-catalog reconcile --confirm-terminations ${total}, or raise the limit`,
    ]);
    expect(held.counts.terminated).toBe(0);
    for (const account of [PROD, PROD_2, SANDBOX]) expect(live(world, account)).toEqual(before[account]);
    expect(dropped.publisher.published.filter((e) => e.held)).toHaveLength(total);
    expect(added).toHaveBeenCalledWith('terminationsHeld', 'Count', total);

    // A confirmation of another number is not a confirmation of this run.
    const wrong = await reconcileOrganization({ ...world.nextInvocation(droppedManifest()), terminations: { confirmed: total - 1 } });
    expect(wrong.counts.terminated).toBe(0);
    expect(wrong.held.causes[0]).toContain(`(--confirm-terminations ${total - 1} was given, but this run would terminate ${total})`);

    const confirmed = await reconcileOrganization({ ...world.nextInvocation(droppedManifest()), terminations: { confirmed: total } });
    expect(confirmed.counts.terminated).toBe(total);
    for (const account of [PROD, PROD_2, SANDBOX]) expect(live(world, account)).toEqual([]);
  });

  it('raising the limit in the manifest lets the same run proceed', async () => {
    const world = await buildSimWorld({ manifest: iomFor(['Root/Workloads']) });
    const before = await vendAll(world, [PROD, PROD_2]);
    // IOM, the Falcon directory it reads and the launch role, in each of the two accounts.
    const total = before[PROD].length + before[PROD_2].length;
    expect(total).toBe(6);
    const limited = await reconcileOrganization(world.nextInvocation(plainManifestWith({ assignments: [], lifecycle: { maxTerminationsPerRun: total - 1 } })));
    expect([limited.held.held, limited.counts.terminated]).toEqual([total, 0]);
    const raised = await reconcileOrganization(world.nextInvocation(plainManifestWith({ assignments: [], lifecycle: { maxTerminationsPerRun: total } })));
    expect([raised.held.held, raised.counts.terminated]).toEqual([0, total]);
  });

  it('a fan-out job holds every termination: it sees one account of the run, never the run', async () => {
    const world = await buildSimWorld({ manifest: iomFor(['Root/Workloads']) });
    const before = await vendAll(world, [PROD]);
    const queue = inMemoryQueue(world.sim.clock);
    const job = JSON.stringify({ falconCatalog: 'reconcile-account', accountId: PROD, cause: { eventName: 'ScheduledReconcile', eventId: 'daily' } });
    const outcome = await processMessage(job, 1, { queue, maxReceives: 3, lifecycle: world.nextInvocation(plainManifestWith({ assignments: [] })) });
    expect(outcome.kind).toBe('reconciled');
    if (outcome.kind !== 'reconciled') return;
    expect(outcome.report.counts.terminated).toBe(0);
    expect(outcome.report.held.held).toBe(before[PROD].length);
    expect(outcome.report.held.causes[0]).toContain('the limit of a scheduled or OU-wide job');
    expect(live(world, PROD)).toEqual(before[PROD]);
  });

  it('re-reads the account before terminating: a stale "suspended" in the job terminates nothing', async () => {
    const world = await buildSimWorld({ manifest: iomFor(['Root/Workloads'], { onAccountSuspended: 'terminate' }) });
    const before = await vendAll(world, [PROD]);
    const ancestors = [
      { id: 'r-exmp', path: 'Root' },
      { id: 'ou-exmp-11111111', path: 'Root/Workloads' },
      { id: 'ou-exmp-22222222', path: 'Root/Workloads/Prod' },
    ];
    const stale: Trigger = {
      kind: 'account',
      accountId: PROD,
      source: { eventName: 'ScheduledReconcile', eventId: 'stale' },
      context: { id: PROD, status: 'SUSPENDED', ancestors },
    };
    const report = await handleTrigger(stale, world.nextInvocation());
    expect(report.counts.terminated).toBe(0);
    const reasons = new Set(resultsOf(report).filter((r) => r.held).map((r) => r.reason));
    expect([...reasons]).toEqual([
      'held: Organizations now reports this account as ACTIVE under Root/Workloads/Prod, not what this plan was made from; the next run plans it again',
    ]);
    expect(live(world, PROD)).toEqual(before[PROD]);
  });
});

describe('falcon-catalog plan reports a missing target', () => {
  it('in text and in --json', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'falcon-guard-'));
    const file = path.join(dir, 'manifest.yaml');
    const example = readFileSync(path.join(__dirname, '..', '..', 'manifest', 'manifest.example.yaml'), 'utf8');
    writeFileSync(file, example.replace('organizationalUnits: [Root/Workloads, Root/Sandbox]', 'organizationalUnits: [Root/Workoads, Root/Sandbox]'));
    const org = ['--org', 'manifest/org-model.example.yaml', '--cdk-out', 'test/cli/no-such-cdk-out'];

    const text = runBin('plan', '--manifest', file, ...org);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^error: assignment iom-everywhere targets OU Root\/Workoads, which does not exist in the organisation .*; its terminations are held$/m);

    const json = runBin('plan', '--manifest', file, ...org, '--json');
    expect(json.code).toBe(0);
    const plan = JSON.parse(json.stdout);
    expect(plan.missingTargets).toEqual([
      expect.objectContaining({ assignment: 'iom-everywhere', target: 'OU Root/Workoads', message: expect.stringContaining('does not exist in the organisation') }),
    ]);
    expect(plan.heldTerminations).toBe(0);
  });
});
