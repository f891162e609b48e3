/**
 * The shapes every manifest check reports in, and how a path is written for people.
 *
 * Checks produce `Finding`s: a path into the document and a message, nothing about lines. The loader turns them into
 * `ManifestDiagnostic`s by looking the path up in the parsed YAML, so the checks stay pure functions of data and the
 * position logic lives in one place (`yaml-positions.ts`).
 */

export type PathSegment = string | number;
export type Severity = 'error' | 'warning';

export interface Finding {
  readonly severity: Severity;
  readonly path: readonly PathSegment[];
  readonly message: string;
  /** Point at the key of the last path segment instead of its value (unknown keys, bad record keys). */
  readonly at?: 'key' | 'value';
}

export interface ManifestDiagnostic {
  readonly severity: Severity;
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** `assignments[2].regions[0]`; empty for YAML syntax problems and for the document itself. */
  readonly path: string;
  readonly message: string;
}

export const error = (path: readonly PathSegment[], message: string, at?: 'key'): Finding => ({
  severity: 'error',
  path,
  message,
  ...(at ? { at } : {}),
});

export const warning = (path: readonly PathSegment[], message: string): Finding => ({
  severity: 'warning',
  path,
  message,
});

const PLAIN_KEY = /^[A-Za-z_][\w-]*$/;

/** `['assignments', 2, 'regions', 0]` → `assignments[2].regions[0]`; odd keys are quoted: `tagOptions["a.b"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** `file:line:col  path  message`, the one-line form editors and CI logs can jump to. */
export function formatDiagnostic(d: ManifestDiagnostic): string {
  const prefix = d.severity === 'warning' ? 'warning: ' : '';
  return `${d.file}:${d.line}:${d.column}  ${d.path || '(document)'}  ${prefix}${d.message}`;
}

export function byPosition(a: ManifestDiagnostic, b: ManifestDiagnostic): number {
  return a.line - b.line || a.column - b.column;
}
