/**
 * `falcon-catalog init`: a new manifest anywhere, whose editor schema reference (yaml-language-server `$schema`, a
 * path relative to the file) resolves to the package's manifest.schema.json, and which validates.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../../manifest/load';
import { ROOT, runCli } from './run-bin';

const dir = mkdtempSync(path.join(tmpdir(), 'falcon-init-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('falcon-catalog init', () => {
  for (const where of ['my-manifest.yaml', 'infra/falcon/manifest.yaml']) {
    it(`writes ${where} with a $schema that resolves to manifest/manifest.schema.json`, async () => {
      const file = path.join(dir, where);
      const { code, stdout } = await runCli(['init', '--manifest', file]);
      expect(code).toBe(0);
      expect(stdout).toContain(`wrote ${file}`);
      const text = readFileSync(file, 'utf8');
      const reference = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text)?.[1];
      expect(reference).toBeDefined();
      expect(path.resolve(path.dirname(file), reference!)).toBe(path.join(ROOT, 'manifest', 'manifest.schema.json'));
      expect(JSON.parse(readFileSync(path.resolve(path.dirname(file), reference!), 'utf8')).title).toMatch(/manifest/);
      const result = loadManifest(file);
      expect(result.ok ? [] : result.errors).toEqual([]);
    });
  }

  it('--force replaces an existing file', async () => {
    const file = path.join(dir, 'my-manifest.yaml');
    expect((await runCli(['init', '--manifest', file])).code).toBe(1);
    expect((await runCli(['init', '--manifest', file, '--force'])).code).toBe(0);
  });
});
