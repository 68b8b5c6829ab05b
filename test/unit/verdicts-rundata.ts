import type { LifecycleEvent, ParamValue, ProcState, RunData, RunOutput, RunSample } from '../../src/shared/model';

/** Small synthetic RunData builders for verdict unit tests. */
export const T0 = 1_700_000_000_000;
export const ROOT = 1000;

type Proc = RunSample['procs'][number];
export function proc(pid: number, cpu: number, extra: Partial<Proc> = {}): Proc {
  return { pid, startTime: pid * 10, cpu, rss: 20 * 1048576, threads: 1, state: 'running', ...extra };
}

export function sample(tSec: number, procs: Proc[], cores = 2): RunSample {
  return { ts: T0 + tSec * 1000, cores: Array.from({ length: cores }, () => 50), procs };
}

export function out(kind: RunOutput['kind'], tSec: number, data?: Record<string, unknown>, text?: string): RunOutput {
  return { runId: 'r1', ts: T0 + tSec * 1000, stream: 'stdout', kind, data, text };
}

export function ev(kind: LifecycleEvent['kind'], pid: number, tSec: number, extra: Partial<LifecycleEvent> = {}): LifecycleEvent {
  return { kind, pid, startTime: pid * 10, ts: T0 + tSec * 1000, runId: 'r1', name: 'python3', ppid: ROOT, detail: kind, ...extra };
}

export function exited(pid: number, tSec: number, ppid = ROOT): LifecycleEvent {
  return ev('exited', pid, tSec, { ppid, exit: { code: 0, signal: null, by: 'self', at: T0 + tSec * 1000 } });
}

/** Samples once a second from `from` to `to` (inclusive), built by `f`. */
export function series(from: number, to: number, f: (t: number) => Proc[]): RunSample[] {
  const r: RunSample[] = [];
  for (let t = from; t <= to; t++) r.push(sample(t, f(t)));
  return r;
}

export function makeRun(o: {
  runtime?: 'python' | 'node';
  params?: Record<string, ParamValue>;
  samples?: RunSample[];
  events?: LifecycleEvent[];
  outputs?: RunOutput[];
  endSec?: number;
  status?: RunData['info']['status'];
  cores?: number;
}): RunData {
  const end = T0 + (o.endSec ?? 10) * 1000;
  const status = o.status ?? 'finished';
  return {
    info: {
      id: 'r1',
      name: 'test',
      scenarioId: 'x',
      runtime: o.runtime ?? 'python',
      params: o.params ?? {},
      argv: [],
      cwd: '/',
      status,
      startedAt: T0,
      endedAt: end,
      rootPid: ROOT,
      exit: { code: status === 'finished' ? 0 : 1, signal: null, by: 'self', at: end },
      reason: null,
      verdict: null,
      tags: [],
    },
    machine: { cpuModel: 'test', cores: o.cores ?? 2, os: 'linux', kernel: '6', node: '20', python: '3.11' },
    samples: o.samples ?? [],
    events: o.events ?? [],
    outputs: o.outputs ?? [],
  };
}

export const states = (s: ProcState) => s;
