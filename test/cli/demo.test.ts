/**
 * `npm run demo`: a vended account's products end as the manifest wants them (SUCCEEDED, or skipped on purpose where
 * a product is not offered), and the demo honours its flags.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { assignedItems, exampleWorld } from './expected-plan';
import { ROOT } from './run-bin';

const { manifest, org } = exampleWorld();

function demo(...args: string[]) {
  const run = spawnSync('npm', ['run', '--silent', 'demo', ...(args.length > 0 ? ['--', ...args] : [])], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npm run demo', () => {
  it('vends an account into the OU given and shows event, plan, progress, status and result events', () => {
    const ou = org.nodes.find((n) => n.path === 'Root/Workloads/Prod')!;
    const { code, stdout: out, stderr } = demo('--account', '135792468013', '--account-name', 'team-prod', '--ou', ou.path);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const sections = ['== 1. Account Factory vends 135792468013 (team-prod) into Root/Workloads/Prod', '== 2. Plan', '== 3. Execution', '== 4. Status of 135792468013', '== 5. Result events'];
    const positions = sections.map((s) => out.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(out).toContain('"eventName": "CreateManagedAccount"');
    expect(out).toMatch(/ProvisionProduct falcon-launch-role/);

    // The new account gets what an account in that OU gets from the manifest's assignments.
    const expected = assignedItems(manifest, [{ id: '135792468013', status: 'ACTIVE', ancestors: org.nodes.filter((n) => ou.path.startsWith(n.path)) }]);
    const status = out.slice(positions[3], positions[4]).split('\n').filter((l) => l.startsWith('135792468013'));
    const cells = status.map((l) => l.split(/\s{2,}/));
    for (const item of expected) {
      const row = cells.find((c) => c[2] === item.product && c[3] === item.region);
      expect(row, `${item.product} in ${item.region}`).toBeDefined();
      expect(row![8]).toBe(item.action === 'provision' ? 'ok' : 'skipped');
    }
    const events = out.slice(positions[4]).split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    for (const item of expected.filter((i) => i.action === 'provision')) {
      expect(events).toContainEqual(expect.objectContaining({ account: '135792468013', product: item.product, region: item.region, outcome: 'provisioned', trigger: 'CreateManagedAccount' }));
    }
    expect(out).toContain('Demo complete');
  });

  it('--help lists its options', () => {
    const { code, stdout } = demo('--help');
    expect(code).toBe(0);
    for (const flag of ['--manifest', '--org', '--account', '--account-name', '--ou']) expect(stdout).toContain(flag);
  });
});
