import type { ProcRow, TickEvent } from '../../src/shared/model';

/** Rows and ticks for the renderer's pure-logic tests. */
export function proc(pid: number, over: Partial<ProcRow> = {}): ProcRow {
  return {
    pid,
    startTime: pid * 10,
    ppid: 1,
    name: `p${pid}`,
    cmd: `/bin/p${pid} --flag`,
    user: 'root',
    state: 'sleeping',
    orphan: false,
    daemon: false,
    exited: null,
    cpu: 0,
    rss: 1024,
    threads: 1,
    startedAt: 1000 + pid,
    runId: null,
    ...over,
  };
}

export function tick(ts: number, over: Partial<TickEvent> = {}): TickEvent {
  return {
    ts,
    intervalMs: 1000,
    scope: 'runs',
    cores: [10, 20],
    total: 15,
    mem: { total: 100, available: 50 },
    load: [0.1, 0.2, 0.3],
    processes: [],
    threads: {},
    costMs: 1,
    ...over,
  };
}
