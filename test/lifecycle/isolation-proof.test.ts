/**
 * Proof (docs/decisions.md#per-account-work): an account event reads and writes that account only. Every call the simulator saw is
 * made either by the hub (Organizations, STS, the hub portfolio) about this account, or inside this account.
 */
import { describe, expect, it } from 'vitest';
import { SIMULATED_REGISTRATION } from '../../cli/simulated/landing-zone';
import { processMessage } from '../../lifecycle-handlers/worker/process-message';
import { inMemoryQueue } from '../../simulator/sqs/in-memory-queue';
import { bootLandingZone, GOVERNED, HUB, perRegionManifest, PROD_OU, vendedEvent } from '../worker/landing-zone-fixture';

const VENDED = '222222222222';
const ACCOUNT_ID = /\b\d{12}\b/g;

describe('an account event touches one member account', () => {
  it('calls only the hub and the vended account, and names no other account', async () => {
    const { sim, invocation } = await bootLandingZone(perRegionManifest());
    const before = sim.calls.length;
    const queue = inMemoryQueue(sim.clock);
    const outcome = await processMessage(JSON.stringify(vendedEvent(VENDED, PROD_OU)), 1, { queue, maxReceives: 3, lifecycle: invocation() });
    expect(outcome.kind).toBe('reconciled');

    const calls = sim.calls.slice(before);
    // Launch role and IOM, and in every governed Region threat detection and the Falcon directory it reads.
    expect(calls.filter((c) => c.operation === 'ProvisionProduct' && !c.error)).toHaveLength(2 + 2 * GOVERNED.length);
    expect([...new Set(calls.map((c) => c.callerAccount))].sort()).toEqual([HUB, VENDED].sort());
    // The hub asks about this account only: no other account ID appears in any request (CrowdStrike's own
    // account, from the registration, is a product parameter, not a member account).
    const allowed = [VENDED, HUB, SIMULATED_REGISTRATION.crowdStrikeAccountId];
    for (const call of calls) {
      const named = JSON.stringify(call.input).match(ACCOUNT_ID) ?? [];
      for (const id of named) expect(allowed, `${call.operation} ${JSON.stringify(call.input)}`).toContain(id);
    }
    const assumed = calls.filter((c) => c.operation === 'AssumeRole').map((c) => c.input.RoleArn);
    expect(new Set(assumed)).toEqual(new Set([`arn:aws:iam::${VENDED}:role/AWSControlTowerExecution`]));
    // The hub's own Service Catalog is only read (the portfolio ID), never changed.
    const hubServiceCatalog = calls.filter((c) => c.callerAccount === HUB && c.service === 'servicecatalog');
    for (const call of hubServiceCatalog) expect(call.operation).toMatch(/^(List|Describe|Search)/);
  });
});
