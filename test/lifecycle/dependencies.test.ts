import { describe, expect, it } from 'vitest';
import { dependenciesOf, longestChain } from '../../lifecycle-handlers/core/dependencies';
import type { PlannedAction } from '../../lifecycle-handlers/core/types';
import { plannedAction } from '../helpers/planned-action';

const action = plannedAction;
const name = (a: PlannedAction) => `${a.kind} ${a.productId}@${a.region}`;
const depsOf = (graph: Map<PlannedAction, { on: PlannedAction; kind: string }[]>, a: PlannedAction) =>
  (graph.get(a) ?? []).map((d) => `${d.kind}: ${name(d.on)}`).sort();

describe('the plan as a dependency graph', () => {
  // A vended account: launch role, the directory in two Regions, IOM v1.1.0 and threat detection v1.1.0 (both read
  // the directory), and threat detection v1.0.0 in a third Region (takes its values as parameters).
  const launchRole = action('provision', 'launch-role', 'us-east-1', 'v1.3.0');
  const directoryEast = action('provision', 'directory', 'us-east-1', 'v1.0.0');
  const directoryWest = action('provision', 'directory', 'eu-west-1', 'v1.0.0');
  const iom = action('provision', 'iom', 'us-east-1', 'v1.1.0');
  const ioaWest = action('provision', 'threat-detection', 'eu-west-1', 'v1.1.0');
  const ioaOld = action('update', 'threat-detection', 'us-west-2', 'v1.0.0');
  const vend = [launchRole, directoryEast, directoryWest, iom, ioaWest, ioaOld];

  it('starts the launch role and every directory at once: the directory has no launch constraint', () => {
    const graph = dependenciesOf(vend);
    expect(depsOf(graph, launchRole)).toEqual([]);
    expect(depsOf(graph, directoryEast)).toEqual([]);
    expect(depsOf(graph, directoryWest)).toEqual([]);
  });

  it('starts a product when the launch role and the directory of its Region (if its version reads it) have ended', () => {
    const graph = dependenciesOf(vend);
    expect(depsOf(graph, iom)).toEqual(['directory: provision directory@us-east-1', 'launch-role: provision launch-role@us-east-1']);
    expect(depsOf(graph, ioaWest)).toEqual(['directory: provision directory@eu-west-1', 'launch-role: provision launch-role@us-east-1']);
    // v1.0.0 reads no directory: it waits for the launch role only.
    expect(depsOf(graph, ioaOld)).toEqual(['launch-role: provision launch-role@us-east-1']);
  });

  it('waits for nothing that is only skipped, but for a record an earlier delivery left running', () => {
    const upToDate = action('skip', 'launch-role', 'us-east-1', 'v1.3.0');
    const running = action('skip', 'directory', 'eu-west-1', 'v1.0.0', { inProgress: true, lastRecordId: 'rec-1' });
    const graph = dependenciesOf([upToDate, running, ioaWest]);
    expect(depsOf(graph, ioaWest)).toEqual(['directory: skip directory@eu-west-1']);
    // The running record itself waits for nothing: it is already under way.
    expect(depsOf(graph, running)).toEqual([]);
  });

  it('terminates a Region\'s directory after the products there, and the launch role after everything', () => {
    const goIom = action('terminate', 'iom', 'us-east-1');
    const goIoaWest = action('terminate', 'threat-detection', 'eu-west-1');
    const goDirEast = action('terminate', 'directory', 'us-east-1');
    const goDirWest = action('terminate', 'directory', 'eu-west-1');
    const goRole = action('terminate', 'launch-role', 'us-east-1');
    const graph = dependenciesOf([goRole, goDirEast, goDirWest, goIom, goIoaWest]);
    expect(depsOf(graph, goIom)).toEqual([]);
    expect(depsOf(graph, goDirEast)).toEqual(['terminated-first: terminate iom@us-east-1']);
    expect(depsOf(graph, goDirWest)).toEqual(['terminated-first: terminate threat-detection@eu-west-1']);
    expect(depsOf(graph, goRole)).toHaveLength(4);
  });

  it('finds the longest chain of records: one record before the products', () => {
    expect(longestChain(vend).map(name)).toEqual(['provision launch-role@us-east-1', 'provision iom@us-east-1']);
    const offboarding = [
      action('terminate', 'launch-role', 'us-east-1'),
      action('terminate', 'directory', 'us-east-1'),
      action('terminate', 'iom', 'us-east-1'),
    ];
    expect(longestChain(offboarding).map(name)).toEqual([
      'terminate iom@us-east-1',
      'terminate directory@us-east-1',
      'terminate launch-role@us-east-1',
    ]);
    expect(longestChain([action('skip', 'iom', 'us-east-1', 'v1.1.0')])).toEqual([]);
  });
});
