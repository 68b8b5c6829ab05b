import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../../../../src/renderer/src/i18n/I18nProvider';
import { DICTS, translate } from '../../../../src/renderer/src/i18n/translate';
import { ThreadRowView } from '../../../../src/renderer/src/proctable/ThreadRow';
import { RUN_VIEW_COLUMNS } from '../../../../src/renderer/src/proctable/columns';
import { filterRows, nextSort, PROC_COLUMNS, sortRows } from '../../../../src/renderer/src/proctable/columns';
import { buildTree, visibleRows, type ViewOptions } from '../../../../src/renderer/src/proctable/tree';
import { comparator } from '../../../../src/renderer/src/proctable/columns';
import { mergedThreadsFor } from '../../../../src/renderer/src/proctable/threadWatch';
import { proc } from '../../renderer-fixtures';

const rows = [
  proc(1, { ppid: 0, name: 'init', cpu: 1 }),
  proc(10, { ppid: 1, name: 'python3', cmd: 'python3 main.py --model threads', cpu: 180, runId: 'run-a', state: 'running', threads: 5 }),
  proc(11, { ppid: 10, name: 'python3', cmd: 'python3 worker', cpu: 90, runId: 'run-a' }),
  proc(12, { ppid: 10, name: 'sh', cmd: 'sh -c sleep', cpu: 0, runId: 'run-a', state: 'zombie' }),
  proc(20, { ppid: 1, name: 'sshd', cmd: '/usr/sbin/sshd', cpu: 0.5, rss: 99999 }),
  proc(30, { ppid: 999, name: 'orphan', cmd: 'orphan', orphan: true }),
];
const base: ViewOptions = { mode: 'tree', sort: { column: 'cpu', dir: 'desc' }, query: '', expanded: new Set(), threads: {} };

describe('process table columns', () => {
  it('are data: every column has a label, a width and a sort value', () => {
    expect(PROC_COLUMNS.map((c) => c.id)).toEqual([
      'pid',
      'ppid',
      'user',
      'name',
      'state',
      'wait',
      'cpu',
      'mem',
      'rss',
      'virt',
      'shr',
      'threads',
      'ni',
      'pri',
      'core',
      'cputime',
      'io',
      'net',
      'started',
      'run',
    ]);
    for (const c of PROC_COLUMNS) {
      expect(c.label).toMatch(/^col\./);
      expect(c.width).toBeTruthy();
      expect(['number', 'string']).toContain(typeof c.sortValue(rows[0]!));
    }
  });
  it('sort by any column, ties broken by pid', () => {
    expect(sortRows(rows, { column: 'cpu', dir: 'desc' }).map((r) => r.pid)).toEqual([10, 11, 1, 20, 12, 30]);
    expect(sortRows(rows, { column: 'name', dir: 'asc' }).map((r) => r.pid)).toEqual([1, 30, 10, 11, 12, 20]);
    expect(sortRows(rows, { column: 'rss', dir: 'desc' })[0]!.pid).toBe(20);
    expect(sortRows(rows, { column: 'state', dir: 'asc' }).map((r) => r.pid)[0]).toBe(10);
  });
  it('a header click flips the same column, or starts another at its natural direction', () => {
    expect(nextSort({ column: 'cpu', dir: 'desc' }, 'cpu')).toEqual({ column: 'cpu', dir: 'asc' });
    expect(nextSort({ column: 'cpu', dir: 'desc' }, 'pid')).toEqual({ column: 'pid', dir: 'asc' });
    expect(nextSort({ column: 'pid', dir: 'asc' }, 'rss')).toEqual({ column: 'rss', dir: 'desc' });
  });
  it('filter matches name, command, pid, state, run and field:value terms; all words must match', () => {
    const pids = (q: string): number[] => filterRows(rows, q).map((r) => r.pid);
    expect(pids('')).toHaveLength(rows.length);
    expect(pids('PYTHON')).toEqual([10, 11]);
    expect(pids('threads')).toEqual([10]);
    expect(pids('20')).toEqual([20]);
    expect(pids('zombie')).toEqual([12]);
    expect(pids('run-a')).toEqual([10, 11, 12]);
    expect(pids('python worker')).toEqual([11]);
    expect(pids('pid:11')).toEqual([11]);
    expect(pids('ppid:10')).toEqual([11, 12]);
    expect(pids('state:orphan')).toEqual([30]);
    expect(pids('nothing-like-this')).toEqual([]);
  });
});

describe('process tree', () => {
  it('nests children under parents; a missing parent makes a root', () => {
    const roots = buildTree(rows, comparator({ column: 'pid', dir: 'asc' }));
    expect(roots.map((n) => n.row.pid)).toEqual([1, 30]);
    expect(roots[0]!.children.map((n) => n.row.pid)).toEqual([10, 20]);
    expect(roots[0]!.children[0]!.children.map((n) => n.row.pid)).toEqual([11, 12]);
  });
  it('survives a ppid cycle (pid reuse) without looping or losing rows', () => {
    const cyc = [proc(5, { ppid: 6 }), proc(6, { ppid: 5 }), proc(7, { ppid: 7 })];
    const flat = visibleRows(cyc, { ...base, sort: { column: 'pid', dir: 'asc' } });
    expect(flat.map((r) => (r.kind === 'proc' ? r.row.pid : -1)).sort()).toEqual([5, 6, 7]);
  });
  it('tree rows carry depth; siblings follow the sort', () => {
    const flat = visibleRows(rows, base);
    expect(flat.map((r) => (r.kind === 'proc' ? `${r.row.pid}@${r.depth}` : r.key))).toEqual([
      '1@0',
      '10@1',
      '11@2',
      '12@2',
      '20@1',
      '30@0',
    ]);
  });
  it('filtering a tree keeps the ancestors of matches', () => {
    const flat = visibleRows(rows, { ...base, query: 'worker' });
    expect(flat.map((r) => (r.kind === 'proc' ? r.row.pid : 0))).toEqual([1, 10, 11]);
  });
  it('flat mode lists matches only, sorted', () => {
    const flat = visibleRows(rows, { ...base, mode: 'flat', query: 'python' });
    expect(flat.map((r) => (r.kind === 'proc' ? r.row.pid : 0))).toEqual([10, 11]);
  });
  it('expanded processes show their threads by tid, or a loading row until they arrive', () => {
    const threads = {
      10: [
        { tid: 13, pid: 10, name: 'w2', state: 'running' as const, cpu: 90, lastCore: 1 },
        { tid: 10, pid: 10, name: 'main', state: 'sleeping' as const, cpu: 0, lastCore: 0 },
      ],
    };
    const flat = visibleRows(rows, { ...base, expanded: new Set([10, 20]), threads });
    const keys = flat.map((r) => r.key);
    expect(keys.indexOf('t-10-10')).toBe(keys.indexOf(flat.find((r) => r.kind === 'proc' && r.row.pid === 10)!.key) + 1);
    expect(keys.indexOf('t-10-13')).toBe(keys.indexOf('t-10-10') + 1);
    expect(keys).toContain('tl-20');
  });
  it('handles 2,000 processes quickly', () => {
    const many = Array.from({ length: 2000 }, (_, i) => proc(i + 2, { ppid: i < 10 ? 1 : 2 + (i % 10), cpu: i % 97 }));
    const t0 = performance.now();
    const flat = visibleRows([proc(1, { ppid: 0 }), ...many], base);
    expect(flat.length).toBe(2001);
    expect(performance.now() - t0).toBeLessThan(200);
  });
});

describe('thread watch list', () => {
  it('merges the wishes of every table, deduplicated, sorted, capped at 64', () => {
    const w = new Map<string, number[]>([
      ['a', [5, 3]],
      ['b', [3, 9]],
    ]);
    expect(mergedThreadsFor(w)).toEqual([3, 5, 9]);
    expect(mergedThreadsFor(new Map([['x', Array.from({ length: 100 }, (_, i) => i + 1)]])).length).toBe(64);
  });
});

describe('thread rows', () => {
  // Node 20 has no navigator: the provider reads the browser's language from it.
  const g = globalThis as { navigator?: { language: string } };
  if (!g.navigator) Object.defineProperty(globalThis, 'navigator', { value: { language: 'en-US' }, configurable: true });
  const cells = (html: string): string[] =>
    [...html.matchAll(/<div class="td[^"]*td-([a-z]+)"[^>]*>([\s\S]*?)<\/div>/g)].map((m) => `${m[1]}=${m[2]!.replace(/<[^>]+>/g, '')}`);
  const row = (columns: typeof PROC_COLUMNS, lang: 'en' | 'zh') =>
    renderToStaticMarkup(
      createElement(
        I18nProvider,
        null,
        createElement(ThreadRowView, {
          thread: {
            tid: 42,
            pid: 10,
            name: 'worker',
            state: 'sleeping',
            cpu: 0,
            lastCore: 1,
            wait: { kind: 'lock', source: 'syscall', call: 'futex', word: '0x7f00', timed: false },
          },
          depth: 1,
          top: 0,
          gridStyle: {},
          columns,
          t: (k, v) => translate(lang, k, v),
        }),
      ),
    );
  it('fill the table’s grid cell for cell, the wait reason in its own column, not in State', () => {
    for (const columns of [PROC_COLUMNS, RUN_VIEW_COLUMNS]) {
      const got = cells(row(columns, 'en'));
      expect(got.map((c) => c.split('=')[0])).toEqual([...columns.map((c) => c.id), 'actions']);
      expect(got).toContain('wait=lock wait · 0x7f00');
      expect(got).toContain('pid=42');
      expect(got).toContain('core=1');
      expect(got.find((c) => c.startsWith('state='))).not.toContain('lock');
    }
    expect(cells(row(PROC_COLUMNS, 'zh'))).toContain('wait=等待锁 · 0x7f00');
  });
  it('the column has its words in both languages and sorts nothing', () => {
    expect(DICTS.en['col.wait']).toBe('Waiting on');
    expect(DICTS.zh['col.wait']).toBe('等待原因');
    expect(PROC_COLUMNS.find((c) => c.id === 'wait')!.sortable).toBe(false);
  });
});
