import type { Scope, TickEvent } from '../../../shared/model';
import { cutTable, type TableSpec } from '../../../shared/table-view';
import {
  clampInterval,
  DEFAULT_INTERVAL_MS,
  MAX_IO_FOR,
  MAX_NET_FOR,
  MAX_THREADS_FOR,
  type MonitorConfig,
} from '../../../shared/monitor-view';
import { procKey } from '../../../shared/proc-key';

/** What one client shows: its own scope, refresh rate and watched rows, and whether it is on screen. */
export interface ClientView {
  scope: Scope;
  intervalMs: number;
  threadsFor: number[];
  ioFor: number[];
  netFor: number[];
  /** The client's window is hidden or minimized (it said so): it needs no foreign rows and no ticks. */
  hidden: boolean;
  /** Its process table, cut on the host (null: it is sent every row of its scope and orders them itself). */
  table: TableSpec | null;
  /** An in-process caller's view counts only once it asked for something. */
  touched: boolean;
}

export type ViewPatch = Partial<Omit<ClientView, 'touched'>>;

/** What the engine must sample so every client can be served. */
export type Demand = MonitorConfig;

const cap = (xs: Iterable<number>, n: number): number[] => [...new Set(xs)].slice(0, n);

/**
 * Each connection's view, and their union for the engine. A view change by one client
 * never touches another's view: the engine samples the union, and each client's ticks
 * are cut down to its own view (`tickFor`).
 */
export class ViewRegistry {
  private readonly views = new Map<number, ClientView>();
  private nextId = 1;
  private last = '';

  constructor(
    private readonly apply: (d: Demand) => void,
    private readonly defaultIntervalMs = DEFAULT_INTERVAL_MS,
  ) {}

  open(opts: { touched?: boolean } = {}): number {
    const id = this.nextId++;
    this.views.set(id, {
      scope: 'runs',
      intervalMs: this.defaultIntervalMs,
      threadsFor: [],
      ioFor: [],
      netFor: [],
      hidden: false,
      table: null,
      touched: opts.touched ?? true,
    });
    this.recompute();
    return id;
  }

  close(id: number): void {
    if (this.views.delete(id)) this.recompute();
  }

  get(id: number): ClientView | undefined {
    return this.views.get(id);
  }

  update(id: number, p: ViewPatch): ClientView {
    const v = this.views.get(id);
    if (!v) throw new Error(`no view ${id}`);
    if (p.scope) v.scope = p.scope;
    if (p.intervalMs !== undefined) v.intervalMs = clampInterval(p.intervalMs);
    if (p.threadsFor) v.threadsFor = cap(p.threadsFor, MAX_THREADS_FOR);
    if (p.ioFor) v.ioFor = cap(p.ioFor, MAX_IO_FOR);
    if (p.netFor) v.netFor = cap(p.netFor, MAX_NET_FOR);
    if (p.hidden !== undefined) v.hidden = p.hidden;
    if (p.table !== undefined) v.table = p.table && { ...p.table };
    v.touched = true;
    this.recompute();
    return v;
  }

  /** The union of what the live views show; hidden windows ask for nothing but the runs. */
  demand(): Demand {
    const live = [...this.views.values()].filter((v) => v.touched);
    const shown = live.filter((v) => !v.hidden);
    return {
      scope: shown.some((v) => v.scope === 'system') ? 'system' : 'runs',
      intervalMs: live.length ? Math.min(...live.map((v) => v.intervalMs)) : this.defaultIntervalMs,
      threadsFor: cap(
        shown.flatMap((v) => v.threadsFor),
        MAX_THREADS_FOR,
      ),
      // Rows on a client's screen, in either scope: a run's rows past the engine's own few need it too.
      ioFor: cap(
        shown.flatMap((v) => v.ioFor),
        MAX_IO_FOR,
      ),
      netFor: cap(
        shown.flatMap((v) => v.netFor),
        MAX_NET_FOR,
      ),
    };
  }

  private recompute(): void {
    const d = this.demand();
    // Re-applying the same interval would pull the engine's next tick in for nothing.
    const key = JSON.stringify(d);
    if (key === this.last) return;
    this.last = key;
    this.apply(d);
  }
}

/**
 * The engine's tick cut down to one client's view: foreign rows only in system scope, threads
 * only of its runs' processes and the rows it watches, its own scope and interval. A client
 * with a table gets the runs' rows (few, and its run views need all of them) plus its table's
 * window, cut from `tableFrom` (the tick it froze on, else this one).
 */
export function tickFor(t: TickEvent, v: ClientView, tableFrom: TickEvent = t): TickEvent {
  const runRows = t.processes.filter((r) => r.runId !== null);
  let processes = v.scope === 'system' && !v.table ? t.processes : runRows;
  // The deadlock banner acts on a suspected foreign process wherever the table's window is.
  if (v.table && v.scope === 'system' && t.deadlocks?.some((d) => d.runId === null)) {
    const stuck = new Set(t.deadlocks.filter((d) => d.runId === null).map((d) => procKey(d.pid, d.startTime)));
    processes = [...runRows, ...t.processes.filter((r) => r.runId === null && stuck.has(procKey(r.pid, r.startTime)))];
  }
  const want = new Set(v.threadsFor);
  for (const r of runRows) want.add(r.pid);
  const threads: TickEvent['threads'] = {};
  for (const [pid, rows] of Object.entries(t.threads)) if (want.has(Number(pid))) threads[Number(pid)] = rows;
  const out: TickEvent = { ...t, scope: v.scope, intervalMs: v.intervalMs, processes, threads };
  if (v.table) {
    const scoped = v.scope === 'system' ? tableFrom.processes : tableFrom.processes.filter((r) => r.runId !== null);
    const open = new Set(v.table.expanded);
    // As the renderer draws them: one row per thread, or one "loading" row until they come.
    out.table = cutTable(scoped, v.table, (r) => (open.has(r.pid) ? (t.threads[r.pid]?.length ?? 1) : 0));
  }
  return out;
}
