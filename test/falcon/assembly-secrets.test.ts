/**
 * Proves that a Falcon client ID and secret present in the synthesizing process's environment reach no file of
 * the cloud assembly: templates, asset manifests, and the bundled code of the Falcon hub functions.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/example-app';

const SENTINEL_ID = 'SENTINELCLIENTID4d9e2b7a0c1f';
const SENTINEL_SECRET = 'SENTINEL-SECRET-b81f3c0e9d2a47f6a5e1';
const ENV_NAMES = ['FALCON_CLIENT_ID', 'FALCON_CLIENT_SECRET', 'FalconClientID', 'FalconSecret', 'CLIENT_SECRET'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

describe('cloud assembly', () => {
  const saved: Record<string, string | undefined> = {};
  let outdir: string;

  beforeAll(() => {
    for (const name of ENV_NAMES) {
      saved[name] = process.env[name];
      process.env[name] = name.toLowerCase().includes('id') ? SENTINEL_ID : SENTINEL_SECRET;
    }
    // Bundle the Falcon hub functions too, so their code is part of what is searched.
    const built = buildTestApp(undefined, { nag: false, context: { 'aws:cdk:bundling-stacks': ['FalconHub'] } });
    built.app.synth();
    outdir = built.outdir;
  });
  afterAll(() => {
    for (const name of ENV_NAMES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('contains no trace of the Falcon credentials in the environment', () => {
    const files = filesUnder(outdir);
    expect(files.some((f) => f.endsWith('FalconHub.template.json'))).toBe(true);
    expect(files.some((f) => /asset\.[0-9a-f]+[/\\]index\.js$/.test(f))).toBe(true);
    const leaks = files.filter((f) => {
      const text = readFileSync(f).toString('latin1');
      return text.includes(SENTINEL_ID) || text.includes(SENTINEL_SECRET);
    });
    expect(leaks).toEqual([]);
  });
});
