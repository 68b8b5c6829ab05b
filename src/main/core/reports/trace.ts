import type { RunData } from '../../../shared/model';
import type { ExportedReport } from '../../../shared/results';
import { deadlockNotes, reportFilename, type ReportInput } from './common';
import { procKey } from '../../../shared/proc-key';

/**
 * Chrome Trace Event JSON (object form) that Perfetto and chrome://tracing open:
 *  - each run is a synthetic process ("run: <name>") carrying its counters: cores used,
 *    RSS, machine CPU per core, scenario metrics;
 *  - each real process is a process track with an 'X' slice for its lifetime, its own
 *    CPU% / RSS counters, and instant events for signals, exits and marks;
 *  - each deadlock the watchdog suspected is an 'X' slice on the stuck process, from when it
 *    went still to when the suspicion was withdrawn (or the run ended);
 *  - threads seen by the sampler get 'X' slices on their own tid.
 * ts is µs since the earliest run start. pid/tid are 32-bit ints: real pids are kept, but
 * a run whose pids/tids collide with an earlier run's is shifted into its own range so
 * that Perfetto does not merge two runs' processes into one track.
 */
export interface TraceEvent {
  name: string;
  ph: 'X' | 'C' | 'i' | 'M';
  ts: number;
  pid: number;
  tid?: number;
  dur?: number;
  s?: 't' | 'p' | 'g';
  cat?: string;
  args?: Record<string, unknown>;
}

export interface TraceFile {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ms';
  otherData: Record<string, string>;
}

/** Linux pid_max can be at most 2^22; shifted ranges start above it. */
const PID_SPAN = 1 << 22;
/** Synthetic per-run processes live above every shifted range (20 runs × 2^22 < 2^30). */
const RUN_PID_BASE = 1 << 30;

export function buildTrace(input: ReportInput): TraceFile {
  const { runs, comparison } = input;
  const t0 = Math.min(...runs.map((r) => r.info.startedAt));
  const us = (ms: number) => Math.max(0, Math.round((ms - t0) * 1000));
  const meta: TraceEvent[] = [];
  const events: TraceEvent[] = [];
  const usedIds = new Set<number>();

  runs.forEach((run, i) => {
    const ids = idsOf(run);
    const collides = [...ids].some((x) => usedIds.has(x));
    const map = collides ? (x: number) => (i + 1) * PID_SPAN + (x % PID_SPAN) : (x: number) => x;
    for (const x of ids) usedIds.add(map(x));
    const runPid = RUN_PID_BASE + i;
    const runEnd = run.info.endedAt ?? Math.max(run.info.startedAt, run.samples.at(-1)?.ts ?? run.info.startedAt);
    const named = new Set<number>();
    const nameProcess = (pid: number, name: string, sortIndex: number) => {
      if (named.has(pid)) return;
      named.add(pid);
      meta.push({ name: 'process_name', ph: 'M', ts: 0, pid, tid: 0, args: { name } });
      meta.push({ name: 'process_sort_index', ph: 'M', ts: 0, pid, tid: 0, args: { sort_index: sortIndex } });
    };
    const namedThreads = new Set<string>();
    const nameThread = (pid: number, tid: number, name: string) => {
      const key = `${pid}:${tid}`;
      if (namedThreads.has(key)) return;
      namedThreads.add(key);
      meta.push({ name: 'thread_name', ph: 'M', ts: 0, pid, tid, args: { name } });
    };

    // The run itself: a slice for its whole life and its counters.
    nameProcess(runPid, `run: ${run.info.name} (${run.info.id})`, i * 1000);
    nameThread(runPid, 0, 'run');
    events.push({
      name: run.info.name,
      cat: 'run',
      ph: 'X',
      ts: us(run.info.startedAt),
      dur: Math.max(1, us(runEnd) - us(run.info.startedAt)),
      pid: runPid,
      tid: 0,
      args: { runId: run.info.id, status: run.info.status, params: run.info.params, baseline: run.info.id === comparison.baselineId },
    });
    for (const s of run.samples) {
      const ts = us(s.ts);
      let cpu = 0;
      let rss = 0;
      for (const p of s.procs) {
        cpu += p.cpu;
        rss += p.rss;
      }
      events.push({ name: 'cores used', ph: 'C', ts, pid: runPid, args: { cores: round(cpu / 100) } });
      events.push({ name: 'RSS (MiB)', ph: 'C', ts, pid: runPid, args: { rss: round(rss / 1048576) } });
      if (s.cores.length) {
        const perCore: Record<string, number> = {};
        s.cores.forEach((v, c) => (perCore[`cpu${c}`] = round(v)));
        events.push({ name: 'machine CPU per core (%)', ph: 'C', ts, pid: runPid, args: perCore });
      }
      for (const p of s.procs) {
        const pid = map(p.pid);
        events.push({ name: 'cpu %', ph: 'C', ts, pid, args: { cpu: round(p.cpu) } });
        events.push({ name: 'rss MiB', ph: 'C', ts, pid, args: { rss: round(p.rss / 1048576) } });
      }
    }

    // Processes: lifetime from spawned/exited events, else first/last seen in samples.
    const procs = processesOf(run, runEnd);
    for (const p of procs) {
      const pid = map(p.pid);
      nameProcess(pid, `${p.name} [${p.pid}] · ${run.info.name}`, i * 1000 + 1);
      nameThread(pid, pid, p.name);
      events.push({
        name: p.name,
        cat: 'process',
        ph: 'X',
        ts: us(p.start),
        dur: Math.max(1, us(p.end) - us(p.start)),
        pid,
        tid: pid,
        args: { pid: p.pid, startTime: p.startTime, exit: p.exitDetail },
      });
    }
    const nameFor = new Map(procs.map((p) => [p.pid, p.name]));
    const ensureProcess = (realPid: number) => {
      nameProcess(map(realPid), `${nameFor.get(realPid) ?? `pid ${realPid}`} [${realPid}] · ${run.info.name}`, i * 1000 + 1);
    };

    // Threads the sampler saw (other than each process's main thread).
    const threads = new Map<string, { pid: number; tid: number; name: string; first: number; last: number }>();
    for (const s of run.samples) {
      for (const t of s.threads ?? []) {
        if (t.tid === t.pid) continue;
        const key = `${t.pid}:${t.tid}`;
        const cur = threads.get(key);
        if (cur) cur.last = s.ts;
        else threads.set(key, { pid: t.pid, tid: t.tid, name: t.name, first: s.ts, last: s.ts });
      }
    }
    for (const t of threads.values()) {
      ensureProcess(t.pid);
      nameThread(map(t.pid), map(t.tid), `${t.name} [${t.tid}]`);
      events.push({
        name: t.name,
        cat: 'thread',
        ph: 'X',
        ts: us(t.first),
        dur: Math.max(1, us(t.last) - us(t.first)),
        pid: map(t.pid),
        tid: map(t.tid),
      });
    }

    // Lifecycle moments worth a marker: signals, exits, orphaning, stops.
    for (const e of run.events) {
      const interesting =
        e.kind === 'signal-sent' ||
        e.kind === 'exited' ||
        e.kind === 'orphaned' ||
        e.kind === 'daemon' ||
        (e.kind === 'state-changed' && (e.state === 'stopped' || e.state === 'zombie' || e.from === 'stopped'));
      if (!interesting) continue;
      ensureProcess(e.pid);
      events.push({ name: `${e.kind}: ${e.detail}`, cat: 'lifecycle', ph: 'i', s: 'p', ts: us(e.ts), pid: map(e.pid), tid: map(e.pid) });
    }

    // The watchdog's suspicions: the stuck process's still span, with what it said.
    for (const n of deadlockNotes([run])) {
      const d = n.suspected;
      ensureProcess(d.pid);
      const end = n.withdrawnAt ?? runEnd;
      events.push({
        name: 'deadlock suspected',
        cat: 'deadlock',
        ph: 'X',
        ts: us(d.since),
        dur: Math.max(1, us(end) - us(d.since)),
        pid: map(d.pid),
        tid: map(d.pid),
        args: {
          detail: d.detail,
          ...(d.cycle && { cycle: d.cycle }),
          ...(d.pids && { pids: d.pids }),
          threads: d.threads.map((t) => t.tid),
          withdrawn: n.withdrawn,
        },
      });
    }

    // Scenario output: marks as instants (on the thread when the program named one), metrics as counters.
    for (const o of run.outputs) {
      if (o.kind === 'mark') {
        const tid = typeof o.data?.['tid'] === 'number' && Number.isInteger(o.data['tid']) ? (o.data['tid'] as number) : null;
        const label = o.text ?? 'mark';
        if (o.pid !== undefined && tid !== null && tid > 0 && tid < PID_SPAN) {
          ensureProcess(o.pid);
          nameThread(map(o.pid), map(tid), tid === o.pid ? (nameFor.get(o.pid) ?? 'main') : `thread ${tid}`);
          events.push({ name: label, cat: 'mark', ph: 'i', s: 't', ts: us(o.ts), pid: map(o.pid), tid: map(tid) });
        } else if (o.pid !== undefined) {
          ensureProcess(o.pid);
          events.push({ name: label, cat: 'mark', ph: 'i', s: 'p', ts: us(o.ts), pid: map(o.pid), tid: map(o.pid) });
        } else {
          events.push({ name: label, cat: 'mark', ph: 'i', s: 'p', ts: us(o.ts), pid: runPid, tid: 0 });
        }
      } else if (o.kind === 'metric' && o.data) {
        const { name, value } = o.data as { name?: unknown; value?: unknown };
        if (typeof name === 'string' && typeof value === 'number' && Number.isFinite(value))
          events.push({ name: `metric: ${name}`, ph: 'C', ts: us(o.ts), pid: runPid, args: { value } });
      }
    }
  });

  events.sort((a, b) => a.ts - b.ts);
  return {
    traceEvents: [...meta, ...events],
    displayTimeUnit: 'ms',
    otherData: { generator: 'ProcLab', baselineId: comparison.baselineId, t0: new Date(t0).toISOString() },
  };
}

export function exportTrace(input: ReportInput): ExportedReport {
  return { filename: reportFilename(input, 'trace.json'), mime: 'application/json', content: JSON.stringify(buildTrace(input)) };
}

interface ProcLife {
  pid: number;
  startTime: number;
  name: string;
  start: number;
  end: number;
  exitDetail: string | null;
}

function processesOf(run: RunData, runEnd: number): ProcLife[] {
  const byKey = new Map<string, ProcLife>();
  const get = (pid: number, startTime: number, ts: number) => {
    const key = procKey(pid, startTime);
    let p = byKey.get(key);
    if (!p) {
      p = { pid, startTime, name: `pid ${pid}`, start: ts, end: Number.NaN, exitDetail: null };
      byKey.set(key, p);
    }
    return p;
  };
  for (const e of run.events) {
    const p = get(e.pid, e.startTime, e.ts);
    if (e.name) p.name = e.name;
    if (e.kind === 'spawned') p.start = Math.min(p.start, e.ts);
    if (e.kind === 'exited') {
      p.end = e.ts;
      p.exitDetail = e.detail;
    }
  }
  const lastSeen = new Map<string, number>();
  for (const s of run.samples) {
    for (const pr of s.procs) {
      const p = get(pr.pid, pr.startTime, s.ts);
      p.start = Math.min(p.start, s.ts);
      lastSeen.set(procKey(pr.pid, pr.startTime), s.ts);
    }
  }
  for (const [key, p] of byKey) {
    // No exit event (missed, or the run was cut): what we know is that it was alive when last seen.
    if (Number.isNaN(p.end)) p.end = Math.max(p.start, lastSeen.get(key) ?? run.info.endedAt ?? runEnd);
  }
  return [...byKey.values()].sort((a, b) => a.start - b.start);
}

/** Every pid/tid a run's trace would use, to detect collisions between runs. */
function idsOf(run: RunData): Set<number> {
  const ids = new Set<number>();
  for (const e of run.events) ids.add(e.pid);
  for (const s of run.samples) {
    for (const p of s.procs) ids.add(p.pid);
    for (const t of s.threads ?? []) {
      ids.add(t.pid);
      ids.add(t.tid);
    }
  }
  for (const o of run.outputs) {
    if (o.pid !== undefined) ids.add(o.pid);
    const tid = o.data?.['tid'];
    if (typeof tid === 'number' && Number.isInteger(tid) && tid > 0 && tid < PID_SPAN) ids.add(tid);
  }
  return ids;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
