import type { LifecycleEvent, MachineInfo, RunData, RunInfo, RunOutput, RunSample, ThreadRow } from '../../src/shared/model';

/** Synthetic runs for unit tests of comparisons and exporters (no processes, no clocks). */
export const MACHINE: MachineInfo = { cpuModel: 'Test CPU <x>', cores: 2, os: 'TestOS', kernel: '6.0', node: '20.19.0', python: '3.12.1' };

export function info(over: Partial<RunInfo> = {}): RunInfo {
  return {
    id: 'run-a',
    name: 'run a',
    scenarioId: 'sample-scenario',
    runtime: 'python',
    params: {},
    argv: ['python3', 'main.py'],
    cwd: '/tmp',
    status: 'finished',
    startedAt: 1_000_000,
    endedAt: 1_010_000,
    rootPid: 100,
    exit: { code: 0, signal: null, by: 'self', at: 1_010_000 },
    reason: null,
    verdict: null,
    tags: [],
    ...over,
  };
}

type P = RunSample['procs'][number];

/** A thread row of a run sample: asleep, on core 0, unless `over` says otherwise. */
export function threadRow(tid: number, pid: number, over: Partial<ThreadRow> = {}): ThreadRow {
  return { tid, pid, name: 'python3', state: 'sleeping', cpu: 0, lastCore: 0, ...over };
}
export function proc(pid: number, cpu: number, over: Partial<P> = {}): P {
  return { pid, startTime: pid * 10, cpu, rss: 10 * 1024 * 1024, threads: 1, state: 'running', ...over };
}

export function sample(ts: number, procs: P[], over: Partial<RunSample> = {}): RunSample {
  return { ts, cores: [50, 50], procs, ...over };
}

export function ev(kind: LifecycleEvent['kind'], pid: number, ts: number, over: Partial<LifecycleEvent> = {}): LifecycleEvent {
  return { kind, pid, startTime: pid * 10, ts, runId: 'run-a', name: `p${pid}`, ppid: 1, detail: kind, ...over };
}

export function metric(runId: string, ts: number, name: string, value: number): RunOutput {
  return { runId, ts, stream: 'stdout', kind: 'metric', data: { name, value } };
}

export function run(over: Partial<RunInfo>, body: Partial<Omit<RunData, 'info'>> = {}): RunData {
  return { info: info(over), machine: MACHINE, samples: [], events: [], outputs: [], ...body };
}

/**
 * Two runs of one scenario: "threads" uses one core for 10 s with 2 workers; "processes"
 * uses two cores (root + 2 children) for 5 s. Both have a metric and a mark.
 */
export function twoRuns(): RunData[] {
  const t = 1_000_000;
  const threads = run(
    {
      id: 'run-threads',
      name: 'sample-scenario · python threads',
      params: { model: 'threads', workers: 2 },
      startedAt: t,
      endedAt: t + 10_000,
    },
    {
      samples: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((s) =>
        sample(t + s * 1000, [proc(100, 100, { threads: 3, rss: 20 << 20, utimeMs: s * 900, stimeMs: s * 100, ctxSwitches: s * 10 })], {
          threads: [
            { tid: 100, pid: 100, name: 'python3', state: 'running', cpu: 10, lastCore: 0 },
            { tid: 101, pid: 100, name: 'worker-1', state: 'running', cpu: 45, lastCore: 0 },
            { tid: 102, pid: 100, name: 'worker-2', state: 'sleeping', cpu: 45, lastCore: 1 },
          ],
        }),
      ),
      events: [ev('spawned', 100, t + 5, { runId: 'run-threads' }), ev('exited', 100, t + 10_000, { runId: 'run-threads' })],
      outputs: [
        metric('run-threads', t + 2500, 'done', 1),
        metric('run-threads', t + 9500, 'done', 2),
        { runId: 'run-threads', ts: t + 3000, stream: 'stdout', kind: 'mark', text: 'half <way>', data: { tid: 101 }, pid: 100 },
      ],
    },
  );
  const p0 = t + 20_000;
  const processes = run(
    {
      id: 'run-procs',
      name: 'sample-scenario · python processes',
      params: { model: 'processes', workers: 2 },
      startedAt: p0,
      endedAt: p0 + 5_000,
      rootPid: 200,
    },
    {
      samples: [1, 2, 3, 4].map((s) =>
        sample(p0 + s * 1000, [
          proc(200, 2, { rss: 15 << 20, utimeMs: 50, stimeMs: 10 }),
          proc(201, 99, { rss: 12 << 20, utimeMs: s * 990, stimeMs: s * 5 }),
          proc(100, 99, { rss: 12 << 20, startTime: 4242, utimeMs: s * 990, stimeMs: s * 5 }),
        ]),
      ),
      events: [
        ev('spawned', 200, p0 + 3, { runId: 'run-procs' }),
        ev('spawned', 201, p0 + 120, { runId: 'run-procs' }),
        ev('spawned', 100, p0 + 130, { runId: 'run-procs', startTime: 4242 }),
        ev('exited', 201, p0 + 4900, { runId: 'run-procs' }),
        ev('exited', 100, p0 + 4900, { runId: 'run-procs', startTime: 4242 }),
        ev('exited', 200, p0 + 5000, { runId: 'run-procs' }),
      ],
      outputs: [metric('run-procs', p0 + 4000, 'done', 2)],
    },
  );
  return [threads, processes];
}
