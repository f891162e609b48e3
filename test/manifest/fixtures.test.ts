/**
 * Every manifest under test/fixtures/manifests is validated: `valid-*.yaml` must pass; every other fixture must
 * fail with the errors its `# expect-error: <path> :: <message part>` header lines announce, and at no other path.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../manifest/load';

const DIR = path.join(__dirname, '..', 'fixtures', 'manifests');
const EXPECT_ERROR = /^# expect-error: (.*?) :: (.+)$/gm;

const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

function expectedErrors(file: string): { path: string; message: string }[] {
  const text = readFileSync(path.join(DIR, file), 'utf8');
  return [...text.matchAll(EXPECT_ERROR)].map((m) => ({ path: m[1].trim(), message: m[2] }));
}

describe('manifest fixtures', () => {
  it('has valid and invalid fixtures, and every invalid one announces its errors', () => {
    expect(fixtures.filter((f) => f.startsWith('valid-')).length).toBeGreaterThanOrEqual(3);
    for (const file of fixtures.filter((f) => !f.startsWith('valid-'))) {
      expect(expectedErrors(file), file).not.toEqual([]);
    }
  });

  for (const file of fixtures.filter((f) => f.startsWith('valid-'))) {
    it(`${file} is valid`, () => {
      const result = loadManifest(path.join(DIR, file));
      expect(result.ok ? [] : result.errors).toEqual([]);
    });
  }

  for (const file of fixtures.filter((f) => !f.startsWith('valid-'))) {
    it(`${file} fails with the announced errors`, () => {
      const result = loadManifest(path.join(DIR, file));
      expect(result.ok).toBe(false);
      const errors = result.ok ? [] : result.errors;
      const expected = expectedErrors(file);
      for (const { path: errorPath, message } of expected) {
        const found = errors.some((e) => e.path === errorPath && e.message.includes(message));
        expect(found, `${file}: no error at "${errorPath}" containing "${message}" among:\n${errors.map((e) => `${e.path}: ${e.message}`).join('\n')}`).toBe(true);
      }
      // No surprises: every path with an error is announced (a path may carry several errors).
      const unique = (paths: string[]) => [...new Set(paths)].sort();
      expect(unique(errors.map((e) => e.path))).toEqual(unique(expected.map((e) => e.path)));
    });
  }
});
