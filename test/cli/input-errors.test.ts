/** Files and options an operator gets wrong end in a message saying what to fix, with exit 1 or 2, never a stack trace. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runBin } from './run-bin';

const dir = mkdtempSync(path.join(tmpdir(), 'falcon-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const MANIFEST = ['--manifest', 'manifest/manifest.example.yaml'];
const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;

describe('operator input errors', () => {
  it('an org model that is not YAML, is missing, or is another organisation', () => {
    const cases: Array<[string, RegExp]> = [
      [file('broken.yaml', 'garbage: [\n'), /--org .*broken\.yaml: .*line 2/],
      [path.join(dir, 'missing.yaml'), /--org .*missing\.yaml: ENOENT/],
      [file('other.yaml', 'organization: { id: o-otherorgid1, managementAccountId: "999999999999", rootId: r-abcd, partition: aws }\n'), /does not describe the manifest's organisation: organization id o-otherorgid1 vs manifest o-exampleorgid/],
    ];
    for (const [orgModel, message] of cases) {
      const { code, stderr } = runBin('plan', ...MANIFEST, '--org', orgModel);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(STACK_TRACE);
      expect(code).toBe(1);
    }
  });

  it('a control catalog that is not the output of aws controlcatalog list-controls', () => {
    const org = ['--org', 'manifest/org-model.example.yaml'];
    const notJson = runBin('plan', ...MANIFEST, ...org, '--control-catalog', file('cc.json', 'garbage'));
    expect(notJson.stderr).toMatch(/--control-catalog .*cc\.json: cannot read it as JSON/);
    const wrongShape = runBin('plan', ...MANIFEST, ...org, '--control-catalog', file('cc2.json', '{"Items": []}'));
    expect(wrongShape.stderr).toMatch(/expected the output of "aws controlcatalog list-controls"/);
    for (const r of [notJson, wrongShape]) {
      expect(r.stderr).not.toMatch(STACK_TRACE);
      expect(r.code).toBe(1);
    }
  });

  it('npm run synth with a mistyped option names it and prints the usage', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'bin/synth.ts', '--manfest', 'x'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.stderr).toContain("npm run synth: Unknown option '--manfest'");
    expect(run.stderr).toContain('Usage: npm run synth [-- --manifest <file>] [--out <dir>]');
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.status).toBe(2);
  });
});
