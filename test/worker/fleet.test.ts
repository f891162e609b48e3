import { describe, expect, it } from 'vitest';
import { fleetSizeFor, jobShapeOf, MAX_FLEET, MIN_FLEET, workerFleetSize } from '../../lifecycle-handlers/worker/fleet';
import { exampleManifest, manifestWith } from '../lifecycle/manifest-fixture';

describe('the worker fleet, sized from the provisioning rate R', () => {
  it('keeps R busy by Little\'s law with headroom: N = headroom × R × job duration / calls per job', () => {
    // 4 calls over 2 layers of (30 s + 5 s) plus 2 s of reads: 72 s; 1.25 × 10 × 72 / 4 = 225.
    expect(workerFleetSize({ provisioningRatePerSecond: 10, provisionsPerJob: 4, recordLayers: 2 })).toBe(225);
    // Twice the rate, twice the fleet; twice the calls per job, half.
    expect(workerFleetSize({ provisioningRatePerSecond: 20, provisionsPerJob: 4, recordLayers: 2 })).toBe(450);
    expect(workerFleetSize({ provisioningRatePerSecond: 10, provisionsPerJob: 8, recordLayers: 2 })).toBe(113);
  });

  it('stays inside what Lambda accepts for an SQS event source (2 to 1,000)', () => {
    expect(workerFleetSize({ provisioningRatePerSecond: 0.01, provisionsPerJob: 4, recordLayers: 1 })).toBe(MIN_FLEET);
    expect(workerFleetSize({ provisioningRatePerSecond: 500, provisionsPerJob: 1, recordLayers: 2 })).toBe(MAX_FLEET);
  });

  it('reads the job shape from the manifest: the launch role, the directories it prepares, and the layers', () => {
    const example = exampleManifest();
    expect(example.portfolio.selfService.prepareAccounts).toBe(true);
    expect(jobShapeOf(example)).toEqual({ provisionsPerJob: 1 + example.organization.governedRegions.length, recordLayers: 2 });
    const plain = manifestWith({ portfolio: { ...example.portfolio, selfService: { prepareAccounts: false } } });
    expect(jobShapeOf(plain)).toEqual({ provisionsPerJob: 2, recordLayers: 2 });
    expect(fleetSizeFor(example)).toBe(225);
    const faster = manifestWith({ lifecycle: { ...example.lifecycle, provisioningRatePerSecond: 20 } });
    expect(fleetSizeFor(faster)).toBe(450);
  });
});
