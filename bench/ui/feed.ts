/**
 * Synthetic feed for the UI render benchmark (bench only, never shipped in the app):
 * a window.proclab built with createProclabApi over a Transport that answers the UI's
 * calls and emits ticks of 1,000 processes and 16 cores when the harness asks.
 * Loaded as a classic script before the app, so main.tsx finds window.proclab in place.
 */
import { createProclabApi, ApiError, type Transport } from '../../src/shared/api';
import type { EventMap, EventName } from '../../src/shared/results';
import type { ProcRow, ProcState, ThreadRow, TickEvent } from '../../src/shared/model';
import { TableEncoder, type WireTick } from '../../src/shared/table-delta';
import { cutTable, type TableSpec } from '../../src/shared/table-view';

const CORES = 16;
const PROCS = 1000;
const HISTORY_S = 600; // 10 minutes at 1 s
const INTERVAL = 1000;

let seed = 42;
const rnd = (): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};

interface Proto {
  pid: number;
  ppid: number;
  name: string;
  cmd: string;
  threads: number;
  startedAt: number;
  runId: string | null;
  busy: number;
}
const NAMES = [
  'python3',
  'node',
  'bash',
  'sshd',
  'systemd-journal',
  'postgres',
  'nginx',
  'chromium',
  'containerd',
  'sleep',
  'cron',
  'dbus-daemon',
];
const t0 = Date.now() - HISTORY_S * 1000;
const protos: Proto[] = [];
for (let i = 0; i < PROCS; i++) {
  const pid = i === 0 ? 1 : 100 + i * 7;
  const parent = i === 0 ? 0 : i < 20 ? 1 : protos[Math.floor(rnd() * Math.min(i, 200))]!.pid;
  const name = NAMES[Math.floor(rnd() * NAMES.length)]!;
  protos.push({
    pid,
    ppid: parent,
    name,
    cmd: `/usr/bin/${name} --worker ${i} --config /etc/${name}/${name}.conf`,
    threads: rnd() < 0.2 ? 1 + Math.floor(rnd() * 30) : 1,
    startedAt: t0 - Math.floor(rnd() * 86_400_000),
    runId: i > 900 && i < 920 ? 'bench-run' : null,
    // Like a real machine: most processes are idle (0.0 %), some tick over, a few are busy.
    busy: rnd() < 0.08 ? rnd() * 200 : rnd() < 0.25 ? rnd() * 3 : 0,
  });
}
const STATES: ProcState[] = ['running', 'sleeping', 'sleeping', 'sleeping', 'sleeping', 'disk-wait', 'stopped', 'zombie', 'idle'];

function makeTick(ts: number): TickEvent {
  const cores = Array.from({ length: CORES }, (_, i) => Math.max(0, Math.min(100, 40 + 35 * Math.sin(ts / 7000 + i) + rnd() * 20)));
  const processes: ProcRow[] = protos.map((p, i) => ({
    pid: p.pid,
    startTime: p.pid * 13,
    ppid: p.ppid,
    name: p.name,
    cmd: p.cmd,
    user: 'root',
    state: p.busy > 50 ? 'running' : STATES[i % STATES.length]!,
    orphan: i % 97 === 0,
    daemon: i % 31 === 0,
    exited: null,
    cpu: Math.max(0, p.busy * (0.7 + rnd() * 0.6)),
    rss: 1_000_000 + ((i * 7919) % 300_000_000),
    // TIME+ grows with the process's share of a core, so busy rows redraw it every tick, as live.
    cpuTimeMs: Math.round(((ts - p.startedAt) * p.busy) / 100),
    memPct: ((1_000_000 + ((i * 7919) % 300_000_000)) / (64 * 2 ** 30)) * 100,
    threads: p.threads,
    startedAt: p.startedAt,
    runId: p.runId,
  }));
  const threads: Record<number, ThreadRow[]> = {};
  for (const p of protos.slice(901, 905))
    threads[p.pid] = Array.from({ length: 4 }, (_, k) => ({
      tid: p.pid + k,
      pid: p.pid,
      name: `worker-${k}`,
      state: 'running',
      cpu: rnd() * 100,
      lastCore: k % CORES,
    }));
  return {
    ts,
    intervalMs: INTERVAL,
    scope: 'system',
    cores,
    total: cores.reduce((a, b) => a + b, 0) / CORES,
    mem: { total: 64 * 2 ** 30, available: 40 * 2 ** 30 },
    load: [3.2, 2.9, 2.5],
    processes,
    threads,
    costMs: 3,
  };
}

/**
 * As the host does for a client with a table: the runs' rows, and the table's window cut,
 * encoded against the last frame, so the page decodes it as it would a real host's tick.
 * `?full=1` feeds every row instead (the data flow before the lean tick).
 */
const FULL = new URLSearchParams(globalThis.location?.search ?? '').get('full') === '1';
let table: TableSpec | null = null;
const encoder = new TableEncoder();
function lean(t: TickEvent): WireTick {
  if (!table || FULL) return t as WireTick;
  return { ...t, processes: t.processes.filter((r) => r.runId !== null), table: encoder.encode(cutTable(t.processes, table)) };
}

const listeners = new Map<EventName, Set<(d: unknown) => void>>();
let clock = t0;
let historySent = false;
let prepared: WireTick | null = null;

function emit<E extends EventName>(event: E, data: EventMap[E]): void {
  listeners.get(event)?.forEach((cb) => cb(data));
}

const transport: Transport = {
  host: 'web',
  async invoke(cmd, payload) {
    switch (cmd) {
      case 'app.info':
        return {
          version: 'bench',
          host: 'web',
          selfPid: 1,
          platform: { os: 'linux', procfs: true, threads: true, states: true, notes: [] },
          machine: { cpuModel: 'Synthetic 16-core', cores: CORES, os: 'linux', kernel: '6', node: '20', python: null },
          dataDir: '/tmp',
        };
      case 'runs.list':
        return { runs: [], next: null, total: 0 };
      case 'scenarios.list':
        return { scenarios: [], errors: [] };
      case 'monitor.configure': {
        const p = payload as { scope?: 'runs' | 'system'; intervalMs?: number; threadsFor?: number[]; table?: TableSpec | null };
        if (p.table !== undefined) {
          table = p.table;
          encoder.reset();
        }
        return { scope: p.scope ?? 'system', intervalMs: p.intervalMs ?? INTERVAL, threadsFor: p.threadsFor ?? [] };
      }
      default:
        throw new ApiError({ code: 'unavailable', message: `${cmd} is not part of the benchmark feed` });
    }
  },
  subscribe(event, cb) {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const fn = cb as (d: unknown) => void;
    set.add(fn);
    // The store subscribes when the app mounts: give it 10 minutes of history at once.
    if (event === 'tick' && !historySent) {
      historySent = true;
      for (let i = 0; i < HISTORY_S; i++) fn(makeTick((clock += INTERVAL)));
    }
    return () => set!.delete(fn);
  },
  async save() {
    return { saved: false, path: null };
  },
};

const g = globalThis as unknown as { proclab: unknown; __proclabBench: unknown };
g.proclab = createProclabApi(transport);
g.__proclabBench = {
  cores: CORES,
  processes: PROCS,
  historyTicks: HISTORY_S,
  /** Builds the next tick (like the client decoding a message), outside the timed part. */
  prepare(): void {
    prepared = lean(makeTick((clock += INTERVAL)));
  },
  /** Emits the prepared tick to the app (synchronously into the store). */
  tick(): void {
    emit('tick', (prepared ?? lean(makeTick((clock += INTERVAL)))) as unknown as TickEvent);
    prepared = null;
  },
};
