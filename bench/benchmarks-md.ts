import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Replaces (or appends) one `## heading` section of BENCHMARKS.md; the other sections stay as they are. */
export function writeBenchSection(heading: string, body: string): void {
  const file = join(__dirname, '..', 'BENCHMARKS.md');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const section = `${heading}\n\n${body}\n`;
  const start = text.indexOf(`${heading}\n`);
  let next: string;
  if (start === -1) next = `${text.trimEnd()}\n\n${section}`;
  else {
    const after = text.indexOf('\n## ', start + heading.length);
    next = text.slice(0, start) + section + (after === -1 ? '' : `\n${text.slice(after + 1)}`);
  }
  writeFileSync(file, next);
}
