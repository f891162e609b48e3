/** The printed table: one line per figure, the value measured in this run, its target and whether it was met. */
export interface Row {
  readonly figure: string;
  readonly value: string;
  readonly target: string;
  readonly met?: boolean;
}

export function renderTable(rows: readonly Row[]): string {
  const cells = rows.map((r) => [r.figure, r.value, r.target, r.met === undefined ? '' : r.met ? 'met' : 'MISSED']);
  const header = ['figure', 'measured', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}
