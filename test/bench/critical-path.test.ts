import { describe, expect, it } from 'vitest';
import { criticalPath, lowerBound } from '../../bench/critical-path';
import { plannedAction } from '../helpers/planned-action';

const action = (productId: string, region: string, version: string) => plannedAction('provision', productId, region, version);

describe('a vend\'s critical path and the bound its graph allows', () => {
  const launchRole = action('launch-role', 'us-east-1', 'v1.3.0');
  const directoryWest = action('directory', 'eu-west-1', 'v1.0.0');
  const iom = action('iom', 'us-east-1', 'v1.1.0');
  const ioaWest = action('threat-detection', 'eu-west-1', 'v1.1.0');
  const plan = [launchRole, directoryWest, iom, ioaWest];

  it('walks back from the last record to end through the dependency that ended last', () => {
    const times = new Map([
      [launchRole, { requestedMs: 1_000, succeededMs: 31_000 }],
      [directoryWest, { requestedMs: 1_500, succeededMs: 31_500 }],
      [iom, { requestedMs: 31_200, succeededMs: 61_200 }],
      [ioaWest, { requestedMs: 31_800, succeededMs: 61_800 }],
    ]);
    expect(criticalPath(plan, times)).toEqual([
      { item: 'directory@eu-west-1', requestedMs: 1_500, succeededMs: 31_500 },
      { item: 'threat-detection@eu-west-1', requestedMs: 31_800, succeededMs: 61_800 },
    ]);
    expect(criticalPath(plan, new Map())).toEqual([]);
  });

  it('bounds the vend by the wait before its first record and its longest chain of records', () => {
    expect(lowerBound(plan, 30_000)).toEqual({
      chain: ['launch-role@us-east-1', 'iom@us-east-1'],
      beforeFirstRecordMs: 0,
      requestedMs: 30_000,
      succeededMs: 60_000,
    });
    // A new account's principal association propagating before the first launch comes first.
    expect(lowerBound(plan, 30_000, 10_000)).toMatchObject({ requestedMs: 40_000, succeededMs: 70_000 });
  });
});
