import { describe, expect, it } from 'vitest';
import { commandSchemas } from '../../../src/shared/commands';
import { parseQuery, queryError } from '../../../src/shared/query';
import type { ProcRow } from '../../../src/shared/model';

const row = (cmd: string): ProcRow =>
  ({ pid: 10, ppid: 1, name: 'node', cmd, user: 'me', state: 'sleeping', runId: null }) as unknown as ProcRow;

describe('the filter regexes run on a linear-time engine (RE2)', () => {
  it('a catastrophic-backtracking pattern is matched like any other (no match, and it returns)', () => {
    // On a backtracking engine this pattern against 40 commas takes tens of seconds per row.
    const m = parseQuery('cmd~^(.*?,){9}ZZZ')!;
    expect(m(row('x,'.repeat(40) + 'y'.repeat(50)))).toBe(false);
    expect(m(row('x,'.repeat(9) + 'zzz'))).toBe(true); // case-insensitive, as before
  });

  it('backreferences and lookaround are named in an error; an unfinished pattern is not an error', () => {
    expect(queryError('cmd~(a)\\1')).toMatch(/^cmd~\(a\)\\1: backreferences .* cannot be used; .*RE2/);
    expect(queryError('state:R name~(?=py)')).toMatch(/^name~\(\?=py\): lookahead/);
    expect(queryError('-user~(?<!x)root')).toMatch(/^user~\(\?<!x\)root: lookbehind/);
    expect(queryError('name~(?<n>py)\\k<n>')).toMatch(/backreferences/);
    expect(queryError('cmd~a\\\\1')).toBeNull(); // an escaped backslash, then a 1
    expect(queryError('cmd~\\(?=')).toBeNull(); // a literal paren, optional, then "="
    expect(queryError('name~pyth( cpu>5 py')).toBeNull();
    expect(queryError('')).toBeNull();
  });

  it('the host refuses a table query it cannot match, naming the construct', () => {
    const table = { sort: { key: 'cpu', dir: 'desc' }, mode: 'flat', hideKernel: false, offset: 0, count: 10, rev: 1, frozen: false };
    const bad = commandSchemas['monitor.configure'].safeParse({ table: { ...table, query: 'cmd~(?!x)' } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toContain('lookahead');
    expect(commandSchemas['monitor.configure'].safeParse({ table: { ...table, query: 'cmd~^(.*?,){9}ZZZ' } }).success).toBe(true);
  });
});
