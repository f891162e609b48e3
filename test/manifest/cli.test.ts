import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { lineOf } from './manifest-text';
import { findProduct } from '../../products/registry';
import { summarizeManifest } from '../../cli/manifest-summary';
import { loadValidManifest } from '../../manifest/load';

const IOM_VERSIONS = findProduct('iom')!.versions.map((v) => v.name).join(', ');

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'falcon-catalog.cjs');

/** Runs the real bin, as a user would, from the repository root. */
function runBin(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Runs the CLI in-process with collected output: fast, for the cases that need no process boundary. */
async function runMain(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: ROOT });
  return { code, stdout, stderr };
}

describe('falcon-catalog (spawned bin)', () => {
  it('validate prints its warnings and a one-line summary and exits 0 for the example manifest', () => {
    const { code, stdout, stderr } = runBin('validate', '--manifest', 'manifest/manifest.example.yaml');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const example = loadValidManifest(path.join(ROOT, 'manifest', 'manifest.example.yaml'));
    const lines = stdout.trim().split('\n');
    expect(lines[lines.length - 1]).toBe(`manifest/manifest.example.yaml: valid — ${summarizeManifest(example)}`);
    expect(summarizeManifest(example)).toContain(`${Object.keys(example.products).length} products enabled`);
    // Every other line is a warning with its position.
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^manifest\/manifest\.example\.yaml:\d+:\d+ {2}\S+ {2}warning: /);
  });

  it('validate prints every error as file:line:col  path  message and exits 1', () => {
    const file = 'test/fixtures/manifests/invalid-cross-field.yaml';
    const { code, stdout } = runBin('validate', '--manifest', file);
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    const versionLine = lineOf(readFileSync(path.join(ROOT, file), 'utf8'), 'version: v2.0.0');
    expect(lines).toContain(
      `${file}:${versionLine}:14  products.iom.version  this package does not ship iom version "v2.0.0"; shipped versions: ${IOM_VERSIONS}`,
    );
    expect(lines.filter((l) => /^test\/fixtures\/manifests\/invalid-cross-field\.yaml:\d+:\d+ {2}\S+ {2}(?!warning)/.test(l))).toHaveLength(8);
    expect(lines[lines.length - 1]).toBe(`${file}: invalid — 8 errors`);
  });

  it('exits 2 for an unknown option, pointing at the help', () => {
    const { code, stdout, stderr } = runBin('validate', '--strictest', '--manifest', 'manifest/manifest.example.yaml');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("falcon-catalog: unknown option '--strictest'");
    expect(stderr).toContain('(falcon-catalog validate --help shows its options)');
  });
});

describe('falcon-catalog (in process)', () => {
  it('--help lists the commands and exits 0', async () => {
    const { code, stdout } = await runMain('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: falcon-catalog [options] [command]');
    expect(stdout).toMatch(/^ {2}validate \[options\] +check a manifest/m);
  });

  it('validate --help prints the command usage and exits 0', async () => {
    const { code, stdout } = await runMain('validate', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('Exit codes: 0 valid, 1 invalid, 2 usage error.');
  });

  it('exits 2 without a command, with an unknown command, or without a file', async () => {
    const none = await runMain();
    expect([none.code, none.stderr]).toEqual([2, expect.stringContaining('Commands:')]);
    const unknown = await runMain('deploy');
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining("unknown command 'deploy'")]);
    const noFile = await runMain('validate');
    expect([noFile.code, noFile.stderr]).toEqual([2, expect.stringContaining("required option '--manifest <file>' not specified")]);
  });

  it('--json prints the result, with the manifest and its defaults when valid', async () => {
    const { code, stdout } = await runMain('validate', '--json', '--manifest', 'manifest/manifest.example.yaml');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ file: 'manifest/manifest.example.yaml', valid: true, errors: [] });
    expect(result.manifest.portfolio.shareWith.accounts).toEqual(['444444444444']);
  });

  it('--json lists the errors with positions and exits 1 when invalid', async () => {
    const file = 'test/fixtures/manifests/invalid-yaml-syntax.yaml';
    const { code, stdout } = await runMain('validate', '--manifest', file, '--json');
    expect(code).toBe(1);
    const result = JSON.parse(stdout);
    expect(result.valid).toBe(false);
    expect(result.errors[0]).toMatchObject({ severity: 'error', file, line: 7, column: 1, path: '' });
  });

  it('reports a missing file as an invalid manifest (exit 1), not a crash', async () => {
    const { code, stdout } = await runMain('validate', '--manifest', 'no/such.yaml');
    expect(code).toBe(1);
    expect(stdout).toContain('no/such.yaml:1:1  (document)  cannot read the manifest: no such file');
  });
});
