import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as format from '../../../src/shared/format';
import { procKey } from '../../../src/shared/proc-key';

// Facts defined once (issue 23): a second hand-written copy drifts, so the tree is searched for one.
const root = join(__dirname, '..', '..', '..');
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'examples' ? [] : sources(p);
    return /\.(ts|tsx)$/.test(n) ? [p] : [];
  });
}
const files = sources(join(root, 'src')).map((p) => ({ path: relative(root, p), text: readFileSync(p, 'utf8') }));
const where = (re: RegExp, except: string[]) =>
  files
    .filter((f) => !except.includes(f.path))
    .flatMap((f) => f.text.split('\n').flatMap((l, i) => (re.test(l) ? [`${f.path}:${i + 1}: ${l.trim()}`] : [])));

describe('one definition of each fact', () => {
  it('builds a process key only in procKey()', () => {
    expect(procKey(42, 1234)).toBe('42:1234');
    // `${x.pid}:${x.startTime}` (or `${pid}:${st}`) built by hand anywhere else; the run marker and the journal's key carry a run id too.
    expect(where(/`\$\{[\w.]*pid\}:\$\{[\w.]*(startTime|st)\}`/, ['src/shared/proc-key.ts'])).toEqual([]);
  });

  it('formats in src/shared/format.ts only, "84 %" with a space everywhere', () => {
    expect(format.fmtEfficiency(0.84)).toBe('84 %');
    expect(format.fmtSpeedup(2)).toBe('2.00×');
    expect(format.fmtBytes(30 * 1024 * 1024)).toBe('30.0 MiB');
    // The limits' own words ("2 min", "512 MiB" for a limit the user typed) stay with the supervisor's messages.
    const names = Object.keys(format).join('|');
    expect(where(new RegExp(`(function|const) (${names})\\b`), ['src/shared/format.ts', 'src/main/core/supervisor/helpers.ts'])).toEqual(
      [],
    );
    expect(where(/Math\.round\([^)]*\* ?100\)\}%/, [])).toEqual([]);
  });

  it('reads the kernel’s state letters from one table', () => {
    expect(where(/\b[dD]: 'disk-wait'|case 'D':/, ['src/shared/proc-state.ts'])).toEqual([]);
  });
});
