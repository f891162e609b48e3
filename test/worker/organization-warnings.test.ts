/**
 * The scheduled reconcile reads the whole organisation to fan out, so the worker checks the manifest against it there
 * (manifest/org-checks.ts) and logs what does not match: a mistyped target with the closest existing name, and an
 * assignment that covers nothing.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { processMessage } from '../../lifecycle-handlers/worker/process-message';
import { inMemoryQueue } from '../../simulator/sqs/in-memory-queue';
import { bootLandingZone, perRegionManifest } from './landing-zone-fixture';

const SCHEDULE = readFileSync(path.join(__dirname, '..', 'fixtures', 'events', 'scheduled-reconcile.json'), 'utf8');

describe('worker: the scheduled fan-out checks the manifest against the organisation', () => {
  it('logs a warning naming the missing target and the closest one, and still fans out', async () => {
    const { sim, invocation } = await bootLandingZone(perRegionManifest());
    const typo = perRegionManifest({
      assignments: [{ name: 'iom-workloads', product: 'iom', targets: { organizationalUnits: ['Root/Workload'] }, regions: 'home' }],
    });
    const warnings: string[] = [];
    const logger = { warn: (message: string) => void warnings.push(message) } as unknown as Logger;
    const outcome = await processMessage(SCHEDULE, 1, { queue: inMemoryQueue(sim.clock), maxReceives: 3, lifecycle: { ...invocation(typo), logger } });
    expect(outcome.kind).toBe('fanned-out');
    expect(warnings).toContain('manifest assignments[0].targets.organizationalUnits[0]: the organisation has no OU Root/Workload; did you mean Root/Workloads?');
    expect(warnings.some((w) => /^manifest assignments\[0\]\.targets: assignment iom-workloads covers no active account of the organisation: OU Root\/Workload does not exist/.test(w))).toBe(true);
  });
});
