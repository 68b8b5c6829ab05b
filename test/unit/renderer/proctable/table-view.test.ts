import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProcRow } from '../../../../src/shared/model';
import { createTickDecoder, itemKey, TableDecoder, TableEncoder, type WireTick } from '../../../../src/shared/table-delta';
import { cutTable, orderTable, SORT_KEY_NAMES, type TableSlice, type TableSpec } from '../../../../src/shared/table-view';
import { nextWindow, procToVirtual, toProcIndex } from '../../../../src/renderer/src/proctable/hostWindow';
import { proc, tick } from '../../renderer-fixtures';

const spec = (over: Partial<TableSpec> = {}): TableSpec => ({
  sort: { key: 'pid', dir: 'asc' },
  query: '',
  mode: 'flat',
  hideKernel: false,
  offset: 0,
  count: 50,
  rev: 1,
  frozen: false,
  ...over,
});

/** A machine-like forest: init, kthreadd and its kernel threads, and shells with children. */
function machine(n: number): ProcRow[] {
  const rows = [proc(1, { ppid: 0, name: 'init' }), proc(2, { ppid: 0, name: 'kthreadd' })];
  for (let pid = 3; pid < n + 3; pid++) {
    const ppid = pid % 7 === 0 ? 2 : pid % 3 === 0 ? 1 : pid - 1;
    rows.push(proc(pid, { ppid, name: `p${(pid * 37) % 101}`, cpu: (pid * 13) % 17, rss: ((pid * 7919) % 1000) * 1024 }));
  }
  return rows;
}

describe('the shared table view', () => {
  const rows = machine(300);

  it('sorts flat by any key and direction, ties by pid', () => {
    const byCpu = orderTable(rows, { mode: 'flat', sort: { key: 'cpu', dir: 'desc' }, query: '' });
    expect(byCpu).toHaveLength(rows.length);
    for (let i = 1; i < byCpu.length; i++) {
      const a = byCpu[i - 1]!.row;
      const b = byCpu[i]!.row;
      expect(a.cpu > b.cpu || (a.cpu === b.cpu && a.pid < b.pid)).toBe(true);
    }
    for (const key of SORT_KEY_NAMES)
      expect(orderTable(rows, { mode: 'flat', sort: { key, dir: 'asc' }, query: '' })).toHaveLength(rows.length);
  });

  it('filters with the query language and hides kernel threads', () => {
    const m = orderTable(rows, { mode: 'flat', sort: { key: 'pid', dir: 'asc' }, query: 'cpu>=10' });
    expect(m.length).toBeGreaterThan(0);
    expect(m.every((it) => it.row.cpu >= 10)).toBe(true);
    const noKernel = cutTable(rows, spec({ hideKernel: true, count: 500 }));
    expect(noKernel.items.some((it) => it.row.ppid === 2 || it.row.pid === 2)).toBe(false);
    expect(noKernel.total).toBe(rows.filter((r) => r.pid !== 2 && r.ppid !== 2).length);
  });

  it('builds the tree: every child comes after its parent, one level deeper, matches keep their ancestors', () => {
    const tree = orderTable(rows, { mode: 'tree', sort: { key: 'cpu', dir: 'desc' }, query: '' });
    expect(tree).toHaveLength(rows.length);
    const at = new Map(tree.map((it, i) => [it.row.pid, i]));
    for (const it of tree) {
      const parent = at.get(it.row.ppid);
      if (parent === undefined) expect(it.depth).toBe(0);
      else {
        expect(parent).toBeLessThan(at.get(it.row.pid)!);
        expect(it.depth).toBe(tree[parent]!.depth + 1);
      }
    }
    const deep = tree.reduce((a, b) => (b.depth > a.depth ? b : a));
    const filtered = orderTable(rows, { mode: 'tree', sort: { key: 'pid', dir: 'asc' }, query: `pid:${deep.row.pid}` });
    expect(filtered.map((it) => it.depth)).toEqual([...Array(deep.depth + 1).keys()]);
  });

  it('cuts the window, pulls an offset past the end back, and says where the followed pid is', () => {
    const s = cutTable(rows, spec({ offset: 100, count: 60, sort: { key: 'pid', dir: 'desc' }, focusPid: 3 }));
    expect(s.items).toHaveLength(60);
    expect(s.offset).toBe(100);
    expect(s.matched).toBe(rows.length);
    expect(s.items[0]!.row.pid).toBe(rows.length - 100);
    expect(s.focusIndex).toBe(rows.length - 3);
    const end = cutTable(rows, spec({ offset: 10_000, count: 60 }));
    expect(end.offset).toBe(rows.length - 60);
    expect(end.items.at(-1)!.row.pid).toBe(rows.length);
  });

  it("counts the expanded rows' thread rows above and below the window, so rows keep their place", () => {
    const threads = (r: ProcRow): number => ([50, 150, 250].includes(r.pid) ? 3 : 0);
    const s = cutTable(rows, spec({ offset: 100, count: 60, expanded: [50, 150, 250] }), threads);
    // pids 50 (index 49) is above the window, 150 inside it, 250 below it.
    expect(s).toMatchObject({ extraBefore: 3, extraAfter: 3 });
    expect(cutTable(rows, spec({ offset: 100, count: 60 }), threads)).toMatchObject({ extraBefore: 0, extraAfter: 0 });
    const drawn = 60 + 3;
    for (const at of [0, 40, 99, 100, 130, 159, 160, 250, 301]) expect(toProcIndex(procToVirtual(at, s, drawn), s, drawn)).toBe(at);
  });

  it('windows are slices of the whole order (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 120 }),
        fc.constantFrom(...SORT_KEY_NAMES),
        fc.constantFrom('tree' as const, 'flat' as const),
        (offset, count, key, mode) => {
          const whole = orderTable(rows, { mode, sort: { key, dir: 'asc' }, query: '' });
          const s = cutTable(rows, spec({ offset, count, mode, sort: { key, dir: 'asc' } }));
          expect(s.items.map((it) => it.row.pid)).toEqual(whole.slice(s.offset, s.offset + count).map((it) => it.row.pid));
          expect(s.offset).toBeLessThanOrEqual(offset);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('table deltas', () => {
  const slice = (rows: ProcRow[], over: Partial<TableSpec> = {}): TableSlice => cutTable(rows, spec(over));

  it('sends only changed and new rows, drops gone ones, and decodes back to the whole window', () => {
    const enc = new TableEncoder();
    const dec = new TableDecoder();
    const a = machine(100);
    const first = enc.encode(slice(a, { count: 40 }));
    expect(first.base).toBeNull();
    expect(first.items).toHaveLength(40);
    expect(dec.decode(first)).toEqual(slice(a, { count: 40 }));
    // One row changes and the window moves by five rows.
    const b = a.map((r) => (r.pid === 10 ? { ...r, cpu: 99 } : r));
    const next = slice(b, { count: 40, offset: 5 });
    const d = enc.encode(next);
    expect(d.base).toBe(first.seq);
    expect(d.items.map(itemKey).sort()).toEqual(
      [...next.items.slice(-5).map(itemKey), itemKey({ row: b.find((r) => r.pid === 10)! } as never)].sort(),
    );
    expect(d.keys).toHaveLength(40);
    expect(dec.decode(d)).toEqual(next);
    // Nothing changed: no rows at all.
    expect(enc.encode(next).items).toHaveLength(0);
  });

  it('round-trips any sequence of windows (property)', () => {
    const rows = machine(200);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            offset: fc.integer({ min: 0, max: 250 }),
            count: fc.integer({ min: 1, max: 80 }),
            key: fc.constantFrom(...SORT_KEY_NAMES),
            bump: fc.integer({ min: 1, max: 210 }),
            mode: fc.constantFrom('tree' as const, 'flat' as const),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        (steps) => {
          const enc = new TableEncoder();
          const dec = new TableDecoder();
          let cur = rows;
          for (const s of steps) {
            cur = cur.map((r) => (r.pid === s.bump ? { ...r, cpu: r.cpu + 1 } : r));
            const want = slice(cur, { offset: s.offset, count: s.count, mode: s.mode, sort: { key: s.key, dir: 'desc' } });
            expect(dec.decode(enc.encode(want))).toEqual(want);
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('refuses a delta against a frame it never had, and recovers with the next full frame', () => {
    const enc = new TableEncoder();
    const rows = machine(50);
    enc.encode(slice(rows));
    const lost = enc.encode(slice(rows, { offset: 3 }));
    const fresh = new TableDecoder();
    expect(fresh.decode(lost)).toBeNull();
    enc.reset();
    const full = enc.encode(slice(rows, { offset: 3 }));
    expect(full.base).toBeNull();
    expect(fresh.decode(full)).toMatchObject({ offset: 2, items: expect.any(Array) });
  });

  it('a tick decoder hands every listener the same whole tick, decoding each frame once', () => {
    const enc = new TableEncoder();
    const rows = machine(30);
    const decode = createTickDecoder();
    const w1: WireTick = { ...tick(1), table: enc.encode(slice(rows, { count: 10 })) };
    const w2: WireTick = { ...tick(2), table: enc.encode(slice(rows, { count: 10, offset: 2 })) };
    const t1 = decode(w1);
    expect(decode(w1)).toBe(t1);
    const t2 = decode(w2);
    expect(decode(w2)).toBe(t2);
    expect(t2.table!.items.map((it) => it.row.pid)).toEqual(slice(rows, { count: 10, offset: 2 }).items.map((it) => it.row.pid));
    const plain = tick(3);
    expect(decode(plain as WireTick)).toBe(plain);
  });
});

describe('the renderer asks for a window around the screen', () => {
  it('keeps the window while the screen is well inside it, and re-centres it near an edge', () => {
    const w = { offset: 0, count: 60 };
    expect(nextWindow(w, 0, 15, 1000)).toBe(w);
    expect(nextWindow(w, 30, 45, 1000)).toBe(w);
    expect(nextWindow(w, 40, 55, 1000)).toEqual({ offset: 20, count: 60 });
    const far = nextWindow(w, 900, 915, 1000);
    expect(far.offset).toBeLessThanOrEqual(900);
    expect(far.offset + far.count).toBeGreaterThan(915);
    // At the end of the list there is nothing more to ask for.
    const end = { offset: 940, count: 60 };
    expect(nextWindow(end, 984, 999, 1000)).toBe(end);
  });
});
