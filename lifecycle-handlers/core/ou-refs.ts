/**
 * Manifest OU references (`ou-ab12-34cd56ef` or `Root/Workloads/Prod`) matched against an account's ancestry.
 * An OU covers its descendants, so a reference matches when it names any ancestor of the account.
 */
import { OU_ID } from '../../vocabulary';
import type { OuNode } from './types';

export function isOuId(ref: string): boolean {
  return OU_ID.test(ref);
}

/** True when `ref` names one of `ancestors` (by ID, or by path from the root). */
export function ouRefCovers(ref: string, ancestors: readonly OuNode[]): boolean {
  return isOuId(ref) ? ancestors.some((node) => node.id === ref) : ancestors.some((node) => node.path === ref);
}

export function anyOuRefCovers(refs: readonly string[], ancestors: readonly OuNode[]): boolean {
  return refs.some((ref) => ouRefCovers(ref, ancestors));
}
