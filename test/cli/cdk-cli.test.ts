/**
 * The real `cdk` CLI, as the README has a user run it: with its own defaults (version reporting, path and asset
 * metadata on), it lists every stack, synthesizes, and publishes product templates byte-identical to the locked
 * snapshots, for the example manifest and for one with every product.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { loadValidManifest } from '../../manifest/load';
import { buildApp } from '../../stacks/build-app';
import { ROOT } from './run-bin';

const CDK = path.join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');
const SNAPSHOTS = path.join(ROOT, 'product-stack-snapshots');
const out = mkdtempSync(path.join(tmpdir(), 'falcon-cdk-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function cdk(...args: string[]) {
  const run = spawnSync(process.execPath, [CDK, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 280_000,
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', AWS_EC2_METADATA_DISABLED: 'true' },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function stackNames(manifestFile: string): string[] {
  const { app } = buildApp(loadValidManifest(path.join(ROOT, manifestFile)), { nag: false });
  return app.node.children.filter((c): c is Stack => Stack.isStack(c)).map((s) => s.stackName);
}

const snapshotTexts = new Map(
  readdirSync(SNAPSHOTS).map((f) => [readFileSync(path.join(SNAPSHOTS, f), 'utf8'), f] as const),
);

describe.each([
  ['manifest/manifest.example.yaml', 'example'],
  ['bench/manifests/every-product.yaml', 'every-product'],
])('npx cdk with %s', (manifestFile, name) => {
  const dir = path.join(out, name);

  // One listing is enough: it synthesizes the whole app, as synth does below.
  it.runIf(name === 'example')('cdk ls lists every stack of the app', () => {
    const { code, stdout, stderr } = cdk('ls', '-c', `manifest=${manifestFile}`);
    expect(code, stderr).toBe(0);
    expect(stdout.trim().split('\n').sort()).toEqual(stackNames(manifestFile).sort());
  }, 300_000);

  it('cdk synth --quiet writes product templates identical to the locked snapshots', () => {
    const { code, stderr } = cdk('synth', '--quiet', '-o', dir, '-c', `manifest=${manifestFile}`);
    expect(code, stderr).toBe(0);
    const files = readdirSync(dir);
    const products = files.filter((f) => f.endsWith('.product.template.json'));
    expect(products.length).toBeGreaterThan(0);
    for (const file of products) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      expect(snapshotTexts.get(text), `${file} matches no snapshot`).toBeDefined();
      expect(text).not.toMatch(/CDKMetadata|aws:cdk:path|aws:asset:path/);
    }
    // The CLI's defaults were in force: the parent stacks carry them.
    const hub = readFileSync(path.join(dir, 'FalconHub.template.json'), 'utf8');
    expect(hub).toMatch(/CDKMetadata/);
    expect(hub).toMatch(/aws:cdk:path/);
  }, 300_000);
});
