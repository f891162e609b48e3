/**
 * Reads a manifest and reports every problem in it at once, each with `file:line:column`, the path of the offending
 * value and what would be valid.
 *
 * Order of work: YAML syntax (if the text does not parse, shape checks would only add noise, so they are skipped),
 * then the zod schema, then the cross-field checks (which assume the shape is right). The pasted-credential scan
 * runs in every case, because a leaked secret matters more than anything else in the file.
 */
import { readFileSync } from 'node:fs';
import { type Document, LineCounter, parseDocument, type YAMLError } from 'yaml';
import { crossCheck } from './cross-checks';
import { byPosition, error, type Finding, formatDiagnostic, formatPath, type ManifestDiagnostic } from './diagnostics';
import { type Manifest, manifestSchema } from './schema';
import { findPastedSecrets } from './secret-scan';
import { positionAt, positionOfPath } from './yaml-positions';
import { findingsFromZodIssues } from './zod-issues';

export type ManifestResult =
  | { readonly ok: true; readonly manifest: Manifest; readonly warnings: readonly ManifestDiagnostic[] }
  | {
      readonly ok: false;
      readonly errors: readonly ManifestDiagnostic[];
      readonly warnings: readonly ManifestDiagnostic[];
    };

export type { ManifestDiagnostic } from './diagnostics';

/** One `file:line:col  path  message` line per diagnostic, in file order. */
export function formatManifestErrors(diagnostics: readonly ManifestDiagnostic[]): string {
  return diagnostics.map(formatDiagnostic).join('\n');
}

/** Thrown by `loadValidManifest`; the message lists every error, one per line. */
export class ManifestInvalidError extends Error {
  constructor(readonly errors: readonly ManifestDiagnostic[]) {
    const count = `${errors.length} error${errors.length === 1 ? '' : 's'}`;
    super(`The manifest is invalid (${count}):\n${formatManifestErrors(errors)}`);
    this.name = 'ManifestInvalidError';
  }
}

/** The key written at `offset` (yaml reports a duplicate key by its first character only). */
function keyAt(text: string, offset: number): string {
  const match = /^("[^"\n]*"|'[^'\n]*'|[^:\n]+?)\s*:/.exec(text.slice(offset));
  return match ? match[1].replace(/^["']|["']$/g, '') : text.slice(offset, offset + 1);
}

function syntaxDiagnostic(
  file: string,
  text: string,
  lineCounter: LineCounter,
  problem: YAMLError,
): ManifestDiagnostic {
  const { line, column } = positionAt(lineCounter, problem.pos[0]);
  const message =
    problem.code === 'DUPLICATE_KEY'
      ? `duplicate key ${JSON.stringify(keyAt(text, problem.pos[0]))}: each key may appear once in a map`
      : `YAML: ${problem.message}`;
  return { severity: problem.name === 'YAMLWarning' ? 'warning' : 'error', file, line, column, path: '', message };
}

function locate(file: string, doc: Document, lineCounter: LineCounter, finding: Finding): ManifestDiagnostic {
  const { line, column } = positionOfPath(doc, lineCounter, finding.path, finding.at);
  return { severity: finding.severity, file, line, column, path: formatPath(finding.path), message: finding.message };
}

function plainData(doc: Document): unknown {
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch {
    // A broken document may not convert (an alias to a missing anchor); its syntax errors say why.
    return null;
  }
}

function emptyDocument(doc: Document): boolean {
  return doc.contents === null;
}

/** Validates manifest `text`; `fileName` is only used in the diagnostics. */
export function parseManifest(text: string, fileName: string): ManifestResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const data = plainData(doc);
  const findings: Finding[] = findPastedSecrets(data);
  const toDiagnostic = (f: Finding) => locate(fileName, doc, lineCounter, f);

  const syntax = [...doc.errors, ...doc.warnings].map((p) => syntaxDiagnostic(fileName, text, lineCounter, p));
  let manifest: Manifest | undefined;
  if (!syntax.some((d) => d.severity === 'error')) {
    if (emptyDocument(doc)) {
      findings.push(error([], 'the manifest is empty: start from manifest/manifest.example.yaml'));
    } else {
      const parsed = manifestSchema.safeParse(data, { reportInput: true });
      if (parsed.success) {
        manifest = parsed.data;
        findings.push(...crossCheck(manifest));
      } else {
        findings.push(...findingsFromZodIssues(parsed.error.issues, manifestSchema));
      }
    }
  }

  const all = [...syntax, ...findings.map(toDiagnostic)].sort(byPosition);
  const errors = all.filter((d) => d.severity === 'error');
  const warnings = all.filter((d) => d.severity === 'warning');
  if (manifest && errors.length === 0) return { ok: true, manifest, warnings };
  return { ok: false, errors, warnings };
}

/** Reads and validates the manifest at `path`. A file that cannot be read is reported like any other error. */
export function loadManifest(path: string): ManifestResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (cause as Error).message;
    return {
      ok: false,
      errors: [
        { severity: 'error', file: path, line: 1, column: 1, path: '', message: `cannot read the manifest: ${reason}` },
      ],
      warnings: [],
    };
  }
  return parseManifest(text, path);
}

/**
 * For CDK apps and scripts that cannot continue without a valid manifest: the manifest, or a thrown error listing
 * every problem.
 */
export function loadValidManifest(path: string): Manifest {
  const result = loadManifest(path);
  if (!result.ok) throw new ManifestInvalidError(result.errors);
  return result.manifest;
}

/**
 * Positions for findings made after the manifest was loaded (against the organisation, say), so they print as
 * `file:line:col  path  message` like the validator's own. `fileName` is only used in the diagnostics.
 */
export function locateFindings(path: string, findings: readonly Finding[], fileName = path): ManifestDiagnostic[] {
  if (findings.length === 0) return [];
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(path, 'utf8'), { lineCounter, prettyErrors: false, uniqueKeys: true });
  return findings.map((f) => locate(fileName, doc, lineCounter, f)).sort(byPosition);
}
