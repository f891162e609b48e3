/**
 * Matching of IAM wildcard patterns, for the launch-role gate and the policy-validity test.
 *
 * IAM's rules (IAM User Guide, "IAM JSON policy elements: Resource" and "Action"): in an ARN, `*` stands for any
 * run of characters and `?` for one character, within an ARN segment (the parts separated by colons); the resource
 * part (everything after the fifth colon) may itself contain colons and slashes. Actions match case-insensitively.
 *
 * The policy-validity test also needs to know whether a policy's resource pattern can name any ARN of a resource
 * type from the Service Authorization Reference, whose formats read `arn:${Partition}:iam::${Account}:role/${Name}`.
 * That is the intersection of two patterns, decided exactly here: `${Var}` stands for any characters, and a
 * template value the test could not resolve stands for any run of characters (`OPAQUE`).
 */

/** Put in place of a CloudFormation value that cannot be resolved offline (the ARN of another resource, ...). */
export const OPAQUE = '\u0001';

type Token = { kind: 'char'; c: string } | { kind: 'one' } | { kind: 'star' };

function tokensOfGlob(pattern: string, caseInsensitive: boolean): Token[] {
  const tokens: Token[] = [];
  for (const ch of pattern) {
    if (ch === '*' || ch === OPAQUE) tokens.push({ kind: 'star' });
    else if (ch === '?') tokens.push({ kind: 'one' });
    else tokens.push({ kind: 'char', c: caseInsensitive ? ch.toLowerCase() : ch });
  }
  return tokens;
}

/**
 * An ARN format of the Service Authorization Reference: `${Name}` is any run of characters, empty included (AWS-owned
 * resources have an empty account segment, e.g. `arn:aws:ssm:us-east-1::document/AWS-ConfigureAWSPackage`).
 */
function tokensOfFormat(format: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < format.length; i += 1) {
    if (format.startsWith('${', i)) {
      const end = format.indexOf('}', i);
      if (end < 0) throw new Error(`unterminated variable in ARN format ${format}`);
      tokens.push({ kind: 'star' });
      i = end;
    } else {
      tokens.push({ kind: 'char', c: format[i] });
    }
  }
  return tokens;
}

function literal(text: string): Token[] {
  return [...text].map((c) => ({ kind: 'char', c }) as Token);
}

/**
 * Whether some string matches both token lists: a search over pairs of positions, where a star may stay put while
 * the other side consumes a character, or be left behind.
 */
function intersect(a: readonly Token[], b: readonly Token[]): boolean {
  const seen = new Set<number>();
  const width = b.length + 1;
  const stack: Array<[number, number]> = [[0, 0]];
  while (stack.length > 0) {
    const [i, j] = stack.pop()!;
    const key = i * width + j;
    if (seen.has(key)) continue;
    seen.add(key);
    if (i === a.length && j === b.length) return true;
    const ta = a[i];
    const tb = b[j];
    if (ta?.kind === 'star') stack.push([i + 1, j]);
    if (tb?.kind === 'star') stack.push([i, j + 1]);
    if (!ta || !tb) continue;
    // Both sides consume one common character.
    if (ta.kind === 'char' && tb.kind === 'char' && ta.c !== tb.c) continue;
    stack.push([ta.kind === 'star' ? i : i + 1, tb.kind === 'star' ? j : j + 1]);
  }
  return false;
}

/** Splits an ARN (or pattern) into its five leading segments and the resource part. */
function arnParts(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/** Whether a policy Resource pattern (with `*`/`?`) covers a concrete ARN, as IAM compares them. */
export function resourcePatternCovers(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const p = arnParts(pattern);
  const r = arnParts(arn);
  if (!p || !r) return pattern === arn;
  // The service segment is case-insensitive in IAM; the other segments compare exactly.
  return p.every((segment, index) => intersect(tokensOfGlob(segment, index === 2), literal(index === 2 ? r[index].toLowerCase() : r[index])));
}

/** Whether a policy Resource pattern can name some ARN of a Service Authorization Reference ARN format. */
export function resourcePatternFitsFormat(pattern: string, format: string): boolean {
  // A whole ARN that is a template value (a parameter, another resource's ARN) could be any ARN.
  if (pattern.startsWith(OPAQUE)) return true;
  const p = arnParts(pattern);
  const f = arnParts(format);
  if (!p || !f) return false;
  return p.every((segment, index) => intersect(tokensOfGlob(segment, false), tokensOfFormat(f[index])));
}

/** Whether an Action pattern (`service:Name*`) matches a concrete action, case-insensitively. */
export function actionPatternCovers(pattern: string, action: string): boolean {
  return intersect(tokensOfGlob(pattern, true), literal(action.toLowerCase()));
}

/** A string condition value with `*`/`?` (StringLike, ArnLike) against a concrete value. */
export function likeCovers(pattern: string, value: string, caseInsensitive = false): boolean {
  return intersect(tokensOfGlob(pattern, caseInsensitive), literal(caseInsensitive ? value.toLowerCase() : value));
}
