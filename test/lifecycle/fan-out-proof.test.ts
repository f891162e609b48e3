/**
 * Proof: the organisation trigger (the schedule) is fanned out by the worker into one job per account, with no
 * provisioning in that message itself, and a redelivered fan-out does not double the jobs that reach
 * provisioning (the FIFO queue deduplicates identical job bodies, and each job is idempotent anyway).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { processMessage } from '../../lifecycle-handlers/worker/process-message';
import { inMemoryQueue } from '../../simulator/sqs/in-memory-queue';
import { bootLandingZone, perRegionManifest } from '../worker/landing-zone-fixture';

const SCHEDULE = readFileSync(path.join(__dirname, '..', 'fixtures', 'events', 'scheduled-reconcile.json'), 'utf8');
const EXAMPLE_ACCOUNTS = ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555', '666666666666', '777777777777', '888888888888', '123456789012'];
const CHANGES = /^(ProvisionProduct|UpdateProvisionedProduct|TerminateProvisionedProduct|AcceptPortfolioShare|AssociatePrincipalWithPortfolio)$/;

describe('organisation fan-out through the worker', () => {
  it('queues one job per account, provisions nothing itself, and a redelivery adds no job', async () => {
    const { sim, invocation } = await bootLandingZone(perRegionManifest());
    const queue = inMemoryQueue(sim.clock);
    const worker = { queue, maxReceives: 3 };
    const before = sim.calls.length;

    const fanOut = await processMessage(SCHEDULE, 1, { ...worker, lifecycle: invocation() });
    expect(fanOut).toEqual({ kind: 'fanned-out', accounts: EXAMPLE_ACCOUNTS.length });
    const redelivered = await processMessage(SCHEDULE, 2, { ...worker, lifecycle: invocation() });
    expect(redelivered).toEqual({ kind: 'fanned-out', accounts: EXAMPLE_ACCOUNTS.length });

    const fanOutCalls = sim.calls.slice(before);
    expect(new Set(fanOutCalls.map((c) => c.service))).toEqual(new Set(['organizations']));
    expect(fanOutCalls.filter((c) => CHANGES.test(c.operation))).toEqual([]);
    expect(queue.sent).toBe(2 * EXAMPLE_ACCOUNTS.length);
    const jobs = queue.pending.map((body) => JSON.parse(body) as { accountId: string; cause: { eventName: string } });
    expect(jobs.map((j) => j.accountId).sort()).toEqual([...EXAMPLE_ACCOUNTS].sort());
    expect(new Set(jobs.map((j) => j.cause.eventName))).toEqual(new Set(['ScheduledReconcile']));

    // Drain the queue as the worker would: each job reconciles its one account, with the account's place in the
    // organisation carried from the fan-out, so no job spends the management account's Organizations budget.
    const beforeJobs = sim.calls.length;
    const reconciledAccounts: string[] = [];
    while (queue.pending.length > 0) {
      const body = queue.pending.shift()!;
      const outcome = await processMessage(body, 1, { ...worker, lifecycle: invocation() });
      if (outcome.kind === 'reconciled') reconciledAccounts.push(...outcome.report.accounts.map((a) => a.account.id));
    }
    // Every job reconciles exactly its account, once. Only app-prod and app-dev (Root/Workloads) are assigned
    // products, but the example prepares every account the portfolio is shared with (launch role and directory):
    // the hub (directory only), Root/Workloads, Root/Sandbox, the Shared OU and 444444444444. Not the Security OU
    // (777777777777, 888888888888: not shared) nor the suspended 123456789012.
    expect(reconciledAccounts.sort()).toEqual([...EXAMPLE_ACCOUNTS].sort());
    expect(sim.calls.slice(beforeJobs).filter((c) => c.service === 'organizations')).toEqual([]);
    const provisions = sim.calls.filter((c) => c.operation === 'ProvisionProduct' && !c.error);
    const perPlace = new Map<string, number>();
    for (const c of provisions) {
      const place = `${c.callerAccount}/${c.region}/${String(c.input.ProvisionedProductName)}`;
      perPlace.set(place, (perPlace.get(place) ?? 0) + 1);
    }
    expect([...perPlace.values()].every((n) => n === 1)).toBe(true);
    expect([...new Set(provisions.map((c) => c.callerAccount))].sort()).toEqual([
      '111111111111',
      '222222222222',
      '333333333333',
      '444444444444',
      '555555555555',
      '666666666666',
    ]);
    const productsOf = (account: string) => new Set(provisions.filter((c) => c.callerAccount === account).map((c) => String(c.input.ProvisionedProductName)));
    expect(productsOf('111111111111')).toEqual(new Set(['falcon-directory']));
    expect(productsOf('555555555555')).toEqual(new Set(['falcon-launch-role', 'falcon-directory']));
    expect(productsOf('222222222222')).toEqual(new Set(['falcon-launch-role', 'falcon-directory', 'falcon-iom', 'falcon-threat-detection']));
    expect(queue.parked).toEqual([]);
  });
});
