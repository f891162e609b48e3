/**
 * `plan`, `reconcile` and `status` against the simulated example landing zone, with what they should show derived
 * from the example manifest, the org model and the product registry (test/cli/expected-plan.ts), not pinned.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ASSIGNABLE_PRODUCTS } from '../../products/registry';
import { assignedItems, exampleWorld } from './expected-plan';
import { EXAMPLE, ROOT, runBin, runCli } from './run-bin';

const { manifest, org } = exampleWorld();
const dir = mkdtempSync(path.join(tmpdir(), 'falcon-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NO_CDK_OUT = ['--cdk-out', 'test/cli/no-such-cdk-out'];

type Action = { account: string; product: string; region: string; action: string; reason: string; parameterDiff: { key: string }[] };
const key = (x: { account: string; product: string; region: string }) => `${x.account}/${x.product}/${x.region}`;
const assignedProducts = new Set<string>(ASSIGNABLE_PRODUCTS.map((p) => p.id));

describe('falcon-catalog plan --org', () => {
  it('--json: every assigned item of the example, totals that add up, and a reason for each idle account', async () => {
    const { code, stdout } = await runCli(['plan', ...EXAMPLE, '--json', ...NO_CDK_OUT]);
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan).toMatchObject({ target: 'simulated', trigger: { kind: 'organization' } });
    const actions: Action[] = plan.actions;
    const planned = new Map(actions.filter((a) => assignedProducts.has(a.product)).map((a) => [key(a), a.action]));
    const expected = assignedItems(manifest, org.accounts);
    expect(new Map(expected.map((e) => [key(e), e.action]))).toEqual(planned);
    // Every feature the example enables is planned somewhere.
    const enabled = Object.entries(manifest.products).filter(([, s]) => s?.enabled).map(([id]) => id);
    expect(new Set(actions.filter((a) => assignedProducts.has(a.product)).map((a) => a.product))).toEqual(new Set(enabled));
    // Totals are the rows, counted.
    for (const kind of ['provision', 'update', 'terminate', 'hold', 'skip']) {
      expect(plan.totals[kind], kind).toBe(actions.filter((a) => a.action === kind).length);
    }
    expect(plan.totals.accounts).toBe(org.accounts.length);
    // Accounts with nothing to do have a line, with the reason.
    const busy = new Set(actions.map((a) => a.account));
    const idle = org.accounts.filter((a) => !busy.has(a.id)).map((a) => a.id);
    expect(idle.length).toBeGreaterThan(0);
    expect(plan.idleAccounts.map((a: { account: string }) => a.account).sort()).toEqual(idle.sort());
    for (const a of plan.idleAccounts) expect(a.reason).toMatch(/no assignment covers|excluded from/);
    // A provision lists every parameter it sets, each new.
    const iom = actions.find((a) => a.product === 'iom' && a.action === 'provision')!;
    expect(iom.parameterDiff.length).toBeGreaterThan(0);
  });

  it('text: one line per item and per idle account, parameters only with --details, then the totals', async () => {
    const json = JSON.parse((await runCli(['plan', ...EXAMPLE, '--json', ...NO_CDK_OUT])).stdout);
    const text = await runCli(['plan', ...EXAMPLE, ...NO_CDK_OUT]);
    expect(text.code).toBe(0);
    const rows = text.stdout.split('\n').filter((l) => /^\d{12} /.test(l));
    expect(rows).toHaveLength(json.actions.length + json.idleAccounts.length);
    expect(text.stdout).not.toMatch(/→/);
    expect(text.stdout).toMatch(/--details shows the parameters/);
    expect(text.stdout).toContain(
      `Plan: ${json.totals.provision} to provision, 0 to update, 0 to terminate, ${json.totals.skip} unchanged or skipped, ` +
        `across ${org.accounts.length} accounts (${json.idleAccounts.length} with nothing to do).`,
    );
    expect(text.stdout).toMatch(/^PRODUCT +PROVISION +UPDATE +TERMINATE +HOLD +SKIP$/m);
    const details = await runCli(['plan', ...EXAMPLE, '--details', ...NO_CDK_OUT]);
    const changes = details.stdout.split('\n').filter((l) => /^ +\S+: \(none\) →/.test(l));
    expect(changes).toHaveLength(json.actions.reduce((n: number, a: Action) => n + (a.action === 'provision' ? a.parameterDiff.length : 0), 0));
  });

  it('--account plans one account; an account the organisation does not have is a message', async () => {
    const account = org.accounts.find((a) => a.status === 'ACTIVE' && assignedItems(manifest, [a]).length > 0)!;
    const one = await runCli(['plan', ...EXAMPLE, '--json', '--account', account.id]);
    expect(one.code).toBe(0);
    const actions: Action[] = JSON.parse(one.stdout).actions;
    expect(new Set(actions.map((a) => a.account))).toEqual(new Set([account.id]));
    for (const item of assignedItems(manifest, [account])) expect(actions.map(key)).toContain(key(item));

    const missing = await runCli(['plan', ...EXAMPLE, '--account', '999999999990']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/--account 999999999990: the organisation has no account 999999999990; the closest is \d{12}/);
  });

  it('warns with file:line:col about a target the organisation does not have, naming the closest', async () => {
    const file = path.join(dir, 'typo.yaml');
    const example = readFileSync(path.join(ROOT, 'manifest', 'manifest.example.yaml'), 'utf8');
    writeFileSync(file, example.replace('organizationalUnits: [Root/Workloads, Root/Sandbox]', 'organizationalUnits: [Root/Workloads, Root/Sandboxx]'));
    const { code, stderr } = await runCli(['plan', '--manifest', file, '--org', 'manifest/org-model.example.yaml', ...NO_CDK_OUT]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/typo\.yaml:\d+:\d+ {2}assignments\[0\]\.targets\.organizationalUnits\[1\] {2}warning: the organisation has no OU Root\/Sandboxx; did you mean Root\/Sandbox\?/);
    // The validator's own warnings are repeated too.
    expect(stderr).toMatch(/typo\.yaml:\d+:\d+ {2}blueprint\.enabled {2}warning: /);
  });
});

describe('a persistent simulated landing zone (--state)', () => {
  const state = path.join(dir, 'landing-zone.json');

  it('reconcile, then status sees what it provisioned; suspended accounts are skipped on purpose, not drift', async () => {
    const reconcile = await runCli(['reconcile', ...EXAMPLE, '--state', state, '--json']);
    expect(reconcile.code).toBe(0);
    const report = JSON.parse(reconcile.stdout);
    expect(report.counts.failed).toBe(0);
    const expected = assignedItems(manifest, org.accounts);
    const provisioned = report.accounts.flatMap((a: { results: { outcome: string; accountId: string; productId: string; region: string }[] }) =>
      a.results.filter((r) => r.outcome === 'provisioned' && assignedProducts.has(r.productId)).map((r) => `${r.accountId}/${r.productId}/${r.region}`),
    );
    expect(provisioned.sort()).toEqual(expected.filter((e) => e.action === 'provision').map(key).sort());
    expect(report.resultEvents).toBe(report.counts.provisioned + report.counts.skipped);

    const status = await runCli(['status', ...EXAMPLE, '--state', state, '--json']);
    expect(status.code).toBe(0);
    const { rows, counts } = JSON.parse(status.stdout);
    expect(counts.drift).toBe(0);
    expect(counts.ok).toBe(report.counts.provisioned);
    const suspended = org.accounts.filter((a) => a.status !== 'ACTIVE').map((a) => a.id);
    const suspendedRows = rows.filter((r: { account: string }) => suspended.includes(r.account));
    expect(suspendedRows.length).toBeGreaterThan(0);
    for (const row of suspendedRows) expect(row).toMatchObject({ state: 'skipped', detail: expect.stringMatching(/SUSPENDED/) });
    const text = await runCli(['status', ...EXAMPLE, '--state', state]);
    expect(text.stdout).toMatch(new RegExp(`^${counts.ok} of ${rows.length} account × product × Region entries match the manifest; ${counts.skipped} left as they are on purpose`, 'm'));
  });

  it('an edited manifest and org model: plan shows the updates and the terminations', async () => {
    const edited = path.join(dir, 'edited.yaml');
    const example = readFileSync(path.join(ROOT, 'manifest', 'manifest.example.yaml'), 'utf8');
    // Drop the threat-detection assignment, and change a parameter of the ssm-distributor one.
    const start = example.indexOf('  - name: threat-detection-workloads');
    const end = example.indexOf('\n  #', start + 1);
    writeFileSync(edited, (example.slice(0, start) + example.slice(end + 1)).replace('maxConcurrency: 10%', 'maxConcurrency: 20%'));
    const { manifest: editedManifest } = exampleWorld(path.relative(ROOT, edited));
    const ssm = editedManifest.assignments.find((a) => a.product === 'ssm-distributor')!;
    const dropped = manifest.assignments.find((a) => a.product === 'threat-detection')!;

    const { code, stdout, stderr } = await runCli(['plan', '--manifest', edited, '--org', 'manifest/org-model.example.yaml', '--state', state, '--json', ...NO_CDK_OUT]);
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    const actions: Action[] = plan.actions;
    const updates = actions.filter((a) => a.action === 'update');
    expect(new Set(updates.map((a) => a.product))).toEqual(new Set([ssm.product]));
    expect(updates.map((a) => a.parameterDiff.map((d) => d.key))).toEqual(updates.map(() => ['MaxConcurrency']));
    // The dropped assignment's products go: terminated, or held when there are more than the manifest's limit.
    const leaving = assignedItems(manifest, org.accounts).filter((i) => i.product === dropped.product && i.action === 'provision');
    const gone = actions.filter((a) => a.product === dropped.product && (a.action === 'terminate' || a.action === 'hold'));
    expect(gone.map(key).sort()).toEqual(leaving.map(key).sort());
    expect(plan.totals.terminate + plan.totals.hold).toBeGreaterThanOrEqual(leaving.length);
    expect(stderr).toMatch(/restored from .*landing-zone\.json/);

    // The org model too: an account moves out of every shared OU and assignment, and loses its products.
    const movedOrg = path.join(dir, 'org.yaml');
    const account = org.accounts.find((a) => a.status === 'ACTIVE' && a.ancestors.some((n) => n.path === 'Root/Sandbox') && assignedItems(manifest, [a]).length > 0)!;
    const security = org.nodes.find((n) => n.path === 'Root/Security')!;
    const orgText = readFileSync(path.join(ROOT, 'manifest', 'org-model.example.yaml'), 'utf8');
    const line = orgText.split('\n').find((l) => l.includes(`"${account.id}"`))!;
    writeFileSync(movedOrg, orgText.replace(line, line.replace(/parent: [\w-]+/, `parent: ${security.id}`)));
    const moved = await runCli(['plan', '--manifest', edited, '--org', movedOrg, '--state', state, '--json', '--account', account.id]);
    expect(moved.code).toBe(0);
    const movedActions: Action[] = JSON.parse(moved.stdout).actions;
    expect(movedActions.length).toBeGreaterThan(0);
    for (const a of movedActions) expect(['terminate', 'hold']).toContain(a.action);
  });
});

describe('the spawned bin', () => {
  it('plan --org runs end to end and prints the plan table', () => {
    const { code, stdout, stderr } = runBin('plan', ...EXAMPLE, ...NO_CDK_OUT);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ACCOUNT +NAME +REGION +PRODUCT +ACTION +VERSION +REASON$/m);
    expect(stderr).toMatch(/^Target: SIMULATED landing zone from manifest\/org-model\.example\.yaml/m);
  });
});
