/** `npm run demo` runs to completion: the vended account's products end SUCCEEDED and match the manifest. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './run-bin';
import { LAUNCH_ROLE_VERSION } from '../lifecycle/registration-fixture';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

describe('npm run demo', () => {
  it('vends an account and shows event, plan, progress, status and result events', () => {
    const run = spawnSync('npm', ['run', '--silent', 'demo'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = run.stdout;
    const sections = ['== 1. Account Factory vends 210987654321', '== 2. Plan', '== 3. Execution', '== 4. Status of 210987654321', '== 5. Result events'];
    const positions = sections.map((s) => out.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(out).toContain('"eventName": "CreateManagedAccount"');
    expect(out).toMatch(/ProvisionProduct falcon-launch-role/);
    // The launch role, the Falcon directory in each governed Region (the example prepares shared accounts), and IOM.
    expect(out).toMatch(/ProvisionProduct falcon-directory/);
    expect(out).toMatch(/\[1\/1\] 210987654321 payments-prod: 5 provisioned/);
    const status = out.slice(positions[3], positions[4]).split('\n').filter((l) => l.startsWith('210987654321'));
    expect(status.map((l) => l.split(/\s{2,}/).slice(2, 9))).toEqual([
      ['launch-role', 'us-east-1', 'AVAILABLE', LAUNCH_ROLE_VERSION, 'SUCCEEDED', LAUNCH_ROLE_VERSION, 'yes'],
      ...REGIONS.map((region) => ['directory', region, 'AVAILABLE', 'v1.0.0', 'SUCCEEDED', 'v1.0.0', 'yes']),
      ['iom', 'us-east-1', 'AVAILABLE', 'v1.2.0', 'SUCCEEDED', 'v1.2.0', 'yes'],
    ]);
    const events = out.slice(positions[4]).split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    expect(events.map((e) => [e.account, e.product, e.outcome, e.trigger])).toEqual([
      ['210987654321', 'launch-role', 'provisioned', 'CreateManagedAccount'],
      ...REGIONS.map(() => ['210987654321', 'directory', 'provisioned', 'CreateManagedAccount']),
      ['210987654321', 'iom', 'provisioned', 'CreateManagedAccount'],
    ]);
    expect(out).toContain('Demo complete: every product of the new account SUCCEEDED.');
  });
});
