/**
 * Every shell command the project's Markdown shows a reader, as they would copy it: `npx …`, `npm …` and `aws …`
 * lines in fenced blocks (with `\` continuations joined) and inline code spans, split at `&&` and `;`, comments cut.
 * A synopsis (`[--flag]`, `a | b`, `<placeholder>` as a whole argument list) is kept apart: it is read for its
 * flags, not run.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface DocCommand {
  readonly text: string;
  /** `README.md:93`: where a reader sees it. */
  readonly where: string;
  readonly synopsis: boolean;
}

const TOOLS = /^(npx|npm|aws)\s/;

/** The Markdown files a reader of the repository sees (tracked, outside node_modules). */
export function markdownFiles(root: string): string[] {
  return execFileSync('git', ['ls-files', '*.md'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f && !f.includes('node_modules/'));
}

function commandsIn(line: string): string[] {
  return line
    .replace(/\s+#\s.*$/, '')
    .split(/&&|;/)
    .map((s) => s.trim())
    .filter((s) => TOOLS.test(s));
}

const isSynopsis = (text: string) => /\[[^\]]*\]|\s\|\s/.test(text);

export function docCommands(root: string): DocCommand[] {
  const found: DocCommand[] = [];
  for (const file of markdownFiles(root)) {
    const lines = readFileSync(path.join(root, file), 'utf8').split('\n');
    let inFence = false;
    for (let i = 0; i < lines.length; i++) {
      const where = `${file}:${i + 1}`;
      if (/^\s*```/.test(lines[i])) {
        inFence = !inFence;
        continue;
      }
      if (inFence) {
        let line = lines[i].trim();
        while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1).trim()} ${lines[++i].trim()}`;
        for (const text of commandsIn(line)) found.push({ text, where, synopsis: isSynopsis(text) });
        continue;
      }
      for (const span of lines[i].matchAll(/`([^`]+)`/g)) {
        for (const text of commandsIn(span[1])) found.push({ text, where, synopsis: isSynopsis(text) });
      }
    }
  }
  return found;
}
