/**
 * The reference docs state keys, options and product lists; these tests hold them to the code: every manifest key
 * (manifest/schema.ts) and every product parameter is in manifest/README.md, the assignable products listed there are
 * the registry's, every falcon-catalog option is in the README's option table (and nothing else is), and every org
 * model key is in docs/simulated-landing-zone.md.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildProgram } from '../../cli/main';
import { extrasSchema } from '../../cli/simulated/org-model-extras';
import { manifestSchema } from '../../manifest/schema';
import { ASSIGNABLE_PRODUCTS } from '../../products/registry';
import { orgModelSchema } from '../../simulator/organizations/org-model';

const ROOT = path.join(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** Every object key under a zod schema, as dotted paths (`portfolio.shareWith.organization`). */
function keysOf(schema: z.ZodType, prefix = ''): string[] {
  let s: z.ZodType = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else break;
  }
  if (s instanceof z.ZodRecord) return keysOf(s.valueType as z.ZodType, `${prefix}*.`);
  if (!(s instanceof z.ZodObject)) return [];
  return Object.entries(s.shape as Record<string, z.ZodType>).flatMap(([key, value]) => [`${prefix}${key}`, ...keysOf(value, `${prefix}${key}.`)]);
}

/** The last segment of each key must appear in backticks in the text (tables write nested keys by their own name). */
function undocumented(keys: readonly string[], text: string): string[] {
  return keys.filter((key) => {
    const last = key.split('.').filter((k) => k !== '*').pop()!;
    // `key`, `parent.key`, or the key as the head of its children (`key.child`, `key[].child`).
    return !new RegExp(`[\`.]${last}(\`|\\.|\\[\\])`).test(text);
  });
}

describe('manifest/README.md', () => {
  const text = read('manifest/README.md');

  it('describes every key of the manifest schema (the eks section is described in docs/eks-protection.md)', () => {
    const keys = keysOf(manifestSchema).filter((k) => !k.startsWith('eks.') && !k.startsWith('products.*') && !k.startsWith('blueprint.products.*'));
    expect(undocumented(keys, text)).toEqual([]);
    expect(undocumented(keysOf(manifestSchema).filter((k) => k.startsWith('eks.')), read('docs/eks-protection.md') + text)).toEqual([]);
  });

  it('lists every parameter of every assignable product', () => {
    const missing = ASSIGNABLE_PRODUCTS.flatMap((p) => Object.keys(p.assignmentParameters.shape).filter((k) => !text.includes(`\`${k}\``)).map((k) => `${p.id}.${k}`));
    expect(missing).toEqual([]);
  });

  it('names exactly the registry\'s assignable products wherever it lists them', () => {
    const ids: string[] = ASSIGNABLE_PRODUCTS.map((p) => p.id).sort();
    const lists = text.split('\n').filter((l) => /assignable products? ?\(?[`:]|an assignable product:/.test(l));
    expect(lists.length).toBeGreaterThanOrEqual(2);
    for (const line of lists) {
      const named = [...line.matchAll(/`([a-z][a-z-]+)`/g)].map((m) => m[1]).filter((id) => ids.includes(id) || /^(iom|threat-detection|sensor-management|ssm-distributor|eks-protection|ecr-connections)$/.test(id));
      expect([...new Set(named)].sort(), line).toEqual(ids);
    }
  });
});

describe('README.md, Operator CLI', () => {
  const section = (() => {
    const readme = read('README.md');
    const start = readme.indexOf('## Operator CLI');
    return readme.slice(start, readme.indexOf('\n## ', start + 1));
  })();
  const program = buildProgram({ stdout: () => undefined, stderr: () => undefined, cwd: ROOT }, () => undefined);
  const options = new Map<string, string[]>();
  for (const command of program.commands) {
    for (const option of command.options) {
      if (option.long && option.long !== '--help') options.set(option.long, [...(options.get(option.long) ?? []), command.name()]);
    }
  }

  it('shows every command in its synopsis', () => {
    for (const command of program.commands) expect(section).toContain(`npx falcon-catalog ${command.name()} `);
    expect(section).toContain('npx falcon-catalog --version');
  });

  it('has a row for every option of every command, and no row for an option that does not exist', () => {
    const rows = [...section.matchAll(/^\| `(--[a-z-]+)[^`]*`(?:, `(--[a-z-]+)`)? \| ([^|]+) \|/gm)];
    const documented = new Set(rows.flatMap((r) => [r[1], r[2]].filter(Boolean)));
    expect([...options.keys()].filter((o) => !documented.has(o))).toEqual([]);
    expect([...documented].filter((o) => !options.has(o))).toEqual([]);
    // The commands each row names do take the option.
    for (const [, long, second, commands] of rows) {
      if (commands.trim() === 'all' || second) continue;
      for (const name of commands.split(',').map((c) => c.trim())) expect(options.get(long), `${long} on ${name}`).toContain(name);
    }
  });
});

describe('docs/simulated-landing-zone.md', () => {
  it('describes every key of the org model and of its controlTower section', () => {
    const text = read('docs/simulated-landing-zone.md');
    expect(undocumented([...keysOf(orgModelSchema), ...keysOf(extrasSchema)], text)).toEqual([]);
  });
});
