import { error, formatPath, type Finding, type PathSegment } from './diagnostics';
import { quoteSafely } from './secret-scan';

/**
 * One error per repeated entry of `values` (at the repeat, naming the first), so a copy-paste slip in a list is
 * found where it was made. `what` names an entry: "Region", "account".
 */
export function duplicatesIn(values: readonly string[], path: readonly PathSegment[], what: string): Finding[] {
  const firstIndex = new Map<string, number>();
  const findings: Finding[] = [];
  values.forEach((value, index) => {
    const first = firstIndex.get(value);
    if (first === undefined) firstIndex.set(value, index);
    else {
      const firstAt = formatPath([...path, first]);
      findings.push(error([...path, index], `duplicate ${what} ${quoteSafely(value)} (already at ${firstAt})`));
    }
  });
  return findings;
}
