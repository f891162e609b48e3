/**
 * Where a path points in the YAML source.
 *
 * The walk follows the parsed node tree (keeping source ranges) rather than the plain data, so positions are exact
 * even for aliases and flow collections. A path that does not exist in the file (a missing key, a value filled in
 * by a default) resolves to the deepest node that does exist: for a missing key, that is the parent map.
 */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { PathSegment } from './diagnostics';

export interface SourcePosition {
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

const START_OF_FILE: SourcePosition = { line: 1, column: 1 };

export function positionAt(lineCounter: LineCounter, offset: number): SourcePosition {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function keyMatches(key: unknown, segment: PathSegment): boolean {
  const value = isScalar(key) ? key.value : key;
  return String(value) === String(segment);
}

function startOf(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as Node).range;
    if (range) return range[0];
  }
  return undefined;
}

/** Offset of the node at `path` (or of its key when `at` is 'key'), falling back to the nearest ancestor. */
export function offsetOfPath(
  doc: Document,
  path: readonly PathSegment[],
  at: 'key' | 'value' = 'value',
): number | undefined {
  let node: unknown = doc.contents;
  let offset = startOf(node);
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) node = node.resolve(doc);
    const segment = path[i];
    const isLast = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyMatches(item.key, segment));
      if (!pair) return offset;
      if (isLast && at === 'key') return startOf(pair.key) ?? offset;
      // `key:` with no value has a null value node: point at the key.
      const valueStart = startOf(pair.value);
      offset = valueStart ?? startOf(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      node = node.items[segment];
      offset = startOf(node) ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

export function positionOfPath(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PathSegment[],
  at: 'key' | 'value' = 'value',
): SourcePosition {
  const offset = offsetOfPath(doc, path, at);
  return offset === undefined ? START_OF_FILE : positionAt(lineCounter, offset);
}
