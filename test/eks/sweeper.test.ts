/**
 * The sweeper for existing clusters: one queue message per account × Region the manifest assigns eks-protection
 * to (management account included when assigned), then each pair handled on its own with bounded concurrency,
 * through real SDK clients against the simulator.
 */
import { describe, expect, it } from 'vitest';
import { handleWork, type WorkResult } from '../../lifecycle-handlers/eks/handle-work';
import { planSweep } from '../../lifecycle-handlers/eks/plan-sweep';
import { OrganizationReader } from '../../lifecycle-handlers/core/organization';
import type { SweepTargetOutcome } from '../../lifecycle-handlers/eks/types';
import { APP_DEV, APP_PROD, HUB, HUB_REGION, grantExecutionRole, hubHarness, manifestWithEks, newSimulator } from './support';

const REGIONS = [HUB_REGION, 'eu-west-1'];

describe('existing-cluster sweeper', () => {
  const manifest = manifestWithEks({
    // Root/Workloads holds app-prod (in Prod) and app-dev; the management account is named directly.
    targets: { organizationalUnits: ['Root/Workloads', 'Root/Security'], accounts: [HUB], exclude: { accounts: ['888888888888'] } },
    regions: REGIONS,
  });

  it('queues every assigned account × Region exactly once, management account included', async () => {
    const sim = newSimulator();
    const { organizations, queue } = hubHarness(sim);

    const queued = await planSweep(manifest, new OrganizationReader(organizations), queue);

    const pairs = queue.sent.map(({ work }) => (work.kind === 'sweep-target' ? `${work.accountId}/${work.region}` : 'other'));
    const expected = [HUB, APP_PROD, APP_DEV, '777777777777'].flatMap((a) => REGIONS.map((r) => `${a}/${r}`));
    expect(queued).toBe(expected.length);
    expect([...pairs].sort()).toEqual([...expected].sort());
    expect(new Set(pairs).size).toBe(pairs.length);
    // Planning only reads the organisation: nothing is listed in member accounts yet.
    expect(sim.calls.filter((c) => c.service !== 'organizations')).toEqual([]);
  });

  it('sweeps each pair on its own: one account denying AssumeRole is reported and the others are built', async () => {
    const sim = newSimulator();
    // app-dev never got the product: its execution role does not exist.
    grantExecutionRole(sim, HUB, APP_PROD, '777777777777');
    sim.eks.addCluster(HUB, { name: 'platform', region: 'eu-west-1', nodegroups: ['ng'] });
    sim.eks.addCluster(APP_DEV, { name: 'dev', region: HUB_REGION, nodegroups: ['ng'] });
    // app-prod already has `payments` (Fargate) in us-east-1 from the org model.
    const { deps, organizations, queue } = hubHarness(sim);
    await planSweep(manifest, new OrganizationReader(organizations), queue);

    const results: WorkResult[] = [];
    for (const { work } of queue.sent) results.push(await handleWork(work, deps));
    const outcomes = results.map((r) => r.outcome as SweepTargetOutcome);

    const failed = outcomes.filter((o) => o.failure);
    expect(failed.map((o) => `${o.accountId}/${o.region}`).sort()).toEqual([`${APP_DEV}/eu-west-1`, `${APP_DEV}/${HUB_REGION}`]);
    expect(failed[0].failure).toContain('AccessDenied');
    const builds = sim.codebuild.recordedBuilds();
    expect(builds.map((b) => `${b.environmentVariables.find((v) => v.name === 'CLUSTER_ACCOUNT_ID')!.value}:${b.environmentVariables.find((v) => v.name === 'CLUSTER_NAME')!.value}`).sort()).toEqual([
      `${HUB}:platform`,
      `${APP_PROD}:payments`,
    ]);
    expect(builds.every((b) => b.region === HUB_REGION && b.account === HUB)).toBe(true);
    // Each pair's clusters were listed once.
    const listed = sim.calls.filter((c) => c.operation === 'ListClusters').map((c) => `${c.callerAccount}/${c.region}`);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toHaveLength(6);
  });

  it('checks the clusters of one pair at most `clusterConcurrency` at a time', async () => {
    const sim = newSimulator();
    grantExecutionRole(sim, APP_PROD);
    for (let i = 0; i < 7; i++) sim.eks.addCluster(APP_PROD, { name: `c${i}`, region: 'eu-west-1', nodegroups: ['ng'] });
    sim.latency.set({ service: 'eks', operation: 'DescribeCluster', ms: 1000 });
    const { deps } = hubHarness(sim, { clusterConcurrency: 3 });

    const result = await handleWork({ kind: 'sweep-target', accountId: APP_PROD, region: 'eu-west-1' }, deps);

    expect((result.outcome as SweepTargetOutcome).clusters).toHaveLength(7);
    // Calls are logged when their latency has passed: calls made together share a virtual time.
    const describes = sim.calls.filter((c) => c.operation === 'DescribeCluster');
    const perInstant = new Map<number, number>();
    for (const call of describes) perInstant.set(call.time, (perInstant.get(call.time) ?? 0) + 1);
    expect(describes).toHaveLength(7);
    expect(Math.max(...perInstant.values())).toBe(3);
    expect(sim.codebuild.recordedBuilds()).toHaveLength(7);
  });
});
