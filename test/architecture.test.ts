/**
 * Which way imports point. Parsed with the TypeScript compiler API (import/export declarations, `import()` and
 * `require()` calls), resolved to repository paths, then held to the layout rules in README.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(__dirname, '..');

interface Edge {
  readonly from: string;
  /** Repository-relative path of a local module, or the package name of a dependency. */
  readonly to: string;
}

function sourceFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '*.ts', '*.mts'], { cwd: ROOT, encoding: 'utf8' });
  return listed.split('\n').filter((f) => f && !f.endsWith('.d.ts') && existsSync(path.join(ROOT, f)));
}

function specifiers(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) {
        found.push(node.arguments[0].text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function resolveLocal(from: string, spec: string): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`, `${base}.json`]) {
    if (existsSync(path.join(ROOT, candidate)) && !candidate.endsWith('/') && path.extname(candidate)) return candidate;
  }
  return base;
}

function packageOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const EDGES: readonly Edge[] = sourceFiles().flatMap((from) =>
  specifiers(from).map((spec) => ({ from, to: spec.startsWith('.') ? resolveLocal(from, spec) : packageOf(spec) })),
);

const under = (dir: string) => (file: string) => file.startsWith(`${dir}/`);
const show = (edges: readonly Edge[]) => edges.map((e) => `${e.from} -> ${e.to}`);

describe('import rules', () => {
  it('parses the imports it checks (the rules below are not vacuous)', () => {
    expect(EDGES.some((e) => e.from === 'products/registry.ts' && e.to === 'products/iom/definition.ts')).toBe(true);
    expect(EDGES.some((e) => e.from === 'cli/call-trace.ts' && e.to === 'simulator/index.ts')).toBe(true);
    expect(EDGES.some((e) => e.from === 'products/iom/definition.ts' && e.to === 'vocabulary/index.ts')).toBe(true);
  });

  it('nothing outside test/ imports test/', () => {
    expect(show(EDGES.filter((e) => !under('test')(e.from) && under('test')(e.to)))).toEqual([]);
  });

  it('the lifecycle core never imports the CDK or product templates', () => {
    const bad = EDGES.filter(
      (e) =>
        under('lifecycle-handlers/core')(e.from) &&
        (e.to === 'aws-cdk-lib' || e.to === 'constructs' || /^products\/[^/]+\/template\.ts$/.test(e.to) || e.to === 'products/catalog.ts'),
    );
    expect(show(bad)).toEqual([]);
  });

  it('the vocabulary is a leaf: it imports nothing from the repository outside its own folder', () => {
    const local = (to: string) => /\.(ts|json)$/.test(to);
    const bad = EDGES.filter((e) => under('vocabulary')(e.from) && local(e.to) && !under('vocabulary')(e.to));
    expect(show(bad)).toEqual([]);
  });

  it('product definitions import only the vocabulary, the kit, their own folder and the directory entries', () => {
    const definitions = (f: string) => /^products\/[^/]+\/definition\.ts$/.test(f) || f === 'products/registry.ts';
    const allowed = (from: string, to: string) =>
      under('vocabulary')(to) ||
      under('products/kit')(to) ||
      to === 'products/directory/entries.ts' ||
      path.posix.dirname(to) === path.posix.dirname(from) ||
      // The registry is the one place that lists every definition.
      (from === 'products/registry.ts' && /^products\/[^/]+\/definition\.ts$/.test(to));
    const bad = EDGES.filter(
      (e) => definitions(e.from) && /\.(ts|json)$/.test(e.to) && !allowed(e.from, e.to),
    );
    const cdk = EDGES.filter((e) => definitions(e.from) && (e.to === 'aws-cdk-lib' || e.to === 'constructs'));
    expect(show([...bad, ...cdk])).toEqual([]);
  });

  it('products never import the manifest: they read the organisation facts they are given', () => {
    expect(show(EDGES.filter((e) => under('products')(e.from) && under('manifest')(e.to)))).toEqual([]);
  });

  it('a product folder imports only the kit, its own folder and shared modules, never another product', () => {
    // launch-role is the exception by design: the launch-constraint role grants exactly the rights the other
    // products' templates need, so it reads their definitions and templates.
    const productOf = (f: string) => /^products\/([^/]+)\//.exec(f)?.[1];
    const bad = EDGES.filter((e) => {
      const from = productOf(e.from);
      const to = productOf(e.to);
      // The directory's entries are a vocabulary every product that reads the directory names.
      return from && from !== 'kit' && from !== 'launch-role' && to && to !== 'kit' && to !== from && e.to !== 'products/directory/entries.ts';
    });
    expect(show(bad)).toEqual([]);
  });

  it('templates import the lifecycle handlers only for the constants of their published versions', () => {
    // These imports are in published templates' inline code paths; they change with the product's next version.
    const published = [
      'products/ecr-connections/template.ts -> lifecycle-handlers/ecr-connection/request.ts',
      'products/falcon-baseline/template.ts -> lifecycle-handlers/broker-client/client.ts',
      'products/falcon-baseline/template.ts -> lifecycle-handlers/core/identity.ts',
    ];
    const found = show(EDGES.filter((e) => under('products')(e.from) && under('lifecycle-handlers')(e.to)));
    expect(found.filter((edge) => !published.includes(edge))).toEqual([]);
  });
});
