import { describe, expect, it } from 'vitest';
import type { ProcRow, TickEvent } from '../../../../src/shared/model';
import { ViewRegistry, tickFor, type ClientView, type Demand } from '../../../../src/main/core/service/views';
import type { TableSpec } from '../../../../src/shared/table-view';
import { proc } from '../../renderer-fixtures';

const row = (pid: number, runId: string | null): ProcRow => ({ pid, runId }) as unknown as ProcRow;

describe('ViewRegistry', () => {
  it('samples the union of the shown views; a hidden window asks for nothing but the runs', () => {
    const applied: Demand[] = [];
    const reg = new ViewRegistry((d) => applied.push(d), 1000);
    const a = reg.open();
    const b = reg.open();
    reg.update(a, { scope: 'system', intervalMs: 2000, threadsFor: [10], ioFor: [7] });
    reg.update(b, { intervalMs: 500, threadsFor: [11, 10], ioFor: [8] });
    expect(reg.demand()).toEqual({ scope: 'system', intervalMs: 500, threadsFor: [10, 11], ioFor: [7, 8], netFor: [] });
    // b's change left a's view as a set it.
    expect(reg.get(a)).toMatchObject({ scope: 'system', intervalMs: 2000, threadsFor: [10] });
    reg.update(a, { hidden: true });
    expect(reg.demand()).toMatchObject({ scope: 'runs', threadsFor: [11, 10], ioFor: [8] });
    reg.close(b);
    expect(reg.demand()).toMatchObject({ scope: 'runs', intervalMs: 2000, threadsFor: [] });
    expect(applied.at(-1)).toEqual(reg.demand());
  });

  it('an untouched in-process view does not join the union', () => {
    const reg = new ViewRegistry(() => {}, 250);
    reg.open({ touched: false });
    const a = reg.open();
    reg.update(a, { intervalMs: 3000 });
    expect(reg.demand().intervalMs).toBe(3000);
  });
});

describe('tickFor', () => {
  const tick = {
    ts: 1,
    intervalMs: 250,
    scope: 'system',
    processes: [row(1, null), row(2, 'r1'), row(3, null)],
    threads: { 2: [], 3: [], 1: [] },
  } as unknown as TickEvent;

  it("keeps foreign rows only for a system-scope view, and only the threads it watches or its runs'", () => {
    const runs = tickFor(tick, {
      scope: 'runs',
      intervalMs: 1000,
      threadsFor: [3],
      ioFor: [],
      netFor: [],
      hidden: false,
      table: null,
      touched: true,
    });
    expect(runs.processes.map((r) => r.pid)).toEqual([2]);
    expect(Object.keys(runs.threads).map(Number).sort()).toEqual([2, 3]);
    expect(runs).toMatchObject({ scope: 'runs', intervalMs: 1000 });
    const sys = tickFor(tick, {
      scope: 'system',
      intervalMs: 250,
      threadsFor: [],
      ioFor: [],
      netFor: [],
      hidden: false,
      table: null,
      touched: true,
    });
    expect(sys.processes.map((r) => r.pid)).toEqual([1, 2, 3]);
    expect(Object.keys(sys.threads).map(Number)).toEqual([2]);
  });

  it("with a table: foreign rows only in the table's window, plus a suspected foreign process for the banner", () => {
    const full = (pid: number, runId: string | null): ProcRow => proc(pid, { runId, ppid: 0 });
    const t = {
      ...tick,
      processes: [full(1, null), full(2, 'r1'), full(3, null), full(4, null)],
      deadlocks: [{ pid: 4, startTime: 40, runId: null }],
    } as unknown as TickEvent;
    const table: TableSpec = {
      sort: { key: 'pid', dir: 'desc' },
      query: '',
      mode: 'flat',
      hideKernel: false,
      offset: 0,
      count: 2,
      rev: 3,
      frozen: false,
    };
    const v: ClientView = { scope: 'system', intervalMs: 1000, threadsFor: [], ioFor: [], netFor: [], hidden: false, table, touched: true };
    const out = tickFor(t, { ...v, threadsFor: [] });
    expect(out.processes.map((r) => r.pid)).toEqual([2, 4]);
    expect(out.table).toMatchObject({ rev: 3, offset: 0, matched: 4, total: 4 });
    expect(out.table!.items.map((it) => it.row.pid)).toEqual([4, 3]);
    // Frozen: the table comes from the tick it froze on, the rest from this one.
    const older = { ...t, processes: [full(1, null), full(2, 'r1')] } as unknown as TickEvent;
    const frozen = tickFor(t, { ...v, threadsFor: [], table: { ...table, frozen: true } }, older);
    expect(frozen.table!.items.map((it) => it.row.pid)).toEqual([2, 1]);
    expect(frozen.processes.map((r) => r.pid)).toEqual([2, 4]);
  });
});
