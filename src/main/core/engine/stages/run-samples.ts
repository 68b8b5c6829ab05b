import type { RunNetEvent, RunSample, RunSocket } from '../../../../shared/model';
import { MachineSampler } from '../../sampler/machine';
import { listed, RunSocketSampler, tcpCounts } from '../../sampler/run-sockets';
import type { ProcSource } from '../../sampler/source';
import type { Supervisor } from '../../supervisor/supervisor';
import type { TickSnapshot } from '../tick-parts';

export interface RunSampleSinks {
  sample(e: { runId: string; sample: RunSample }): void;
  net(e: RunNetEvent): void;
}

/**
 * Run samples: per-run samples for the journal and the run view, on every tick (full or
 * runs-only). The run's core reading is taken every tick, so a run's first sample covers one
 * interval, not the time since the previous run.
 */
export class RunSamples {
  /** Per-core use for run samples, on its own clock: the display's sampler keeps its interval. */
  private readonly machine: MachineSampler;
  /** The runs' processes' sockets: its own cache, so the details pane's pid set does not evict it. */
  private readonly sockets = new RunSocketSampler();
  /** Live runs whose processes have held a TCP socket: they get a `run-net` event at every reading, down to none. */
  private readonly netRuns = new Set<string>();

  constructor(
    private readonly source: ProcSource,
    private readonly supervisor: Supervisor,
    private readonly sinks: RunSampleSinks,
  ) {
    this.machine = new MachineSampler(source.machineStats);
  }

  take(s: TickSnapshot): void {
    const runPids = [...this.supervisor.liveProcs()].filter((p) => !p.exited && p.state !== 'dead').map((p) => p.pid);
    const nets = this.source.caps.sockets ? this.sockets.get(runPids, s.now) : { sockets: new Map<number, RunSocket[]>(), fresh: false };
    this.emitSamples(s, this.machine.sampleCores().cores, nets.sockets);
    if (nets.fresh) this.emitNets(s.now, nets.sockets);
  }

  private emitSamples(s: TickSnapshot, cores: number[], nets: Map<number, RunSocket[]>): void {
    // Stamped when its reads are done, not when the tick began: on a busy machine the reads come
    // hundreds of ms later, and a thread born after a program's mark (stamped by the program's own
    // clock) must not land in a sample dated before it (the pools lesson counted 0 new workers).
    const ts = Math.max(s.now, Date.now());
    for (const run of this.supervisor.liveRuns()) {
      const sample: RunSample = { ts, cores, procs: [], threads: [], mem: run.mem };
      for (const p of run.procs.values()) {
        // Zombies stay in the sample: they are still in the process table, which is the lesson.
        if (p.exited || p.state === 'dead') continue;
        const proc: RunSample['procs'][number] = {
          pid: p.pid,
          startTime: p.startTime,
          cpu: p.cpu,
          rss: p.rss,
          threads: p.threads,
          state: p.state,
          utimeMs: p.utimeMs,
          stimeMs: p.stimeMs,
        };
        if (p.ctxSwitches !== undefined) proc.ctxSwitches = p.ctxSwitches;
        const net = nets.get(p.pid);
        if (net) proc.tcp = tcpCounts(net);
        sample.procs.push(proc);
        sample.threads?.push(...(s.threads[p.pid] ?? []));
      }
      this.sinks.sample({ runId: run.id, sample });
    }
  }

  /** The run view's live connections and port list: one event per run that holds (or held) a TCP socket. */
  private emitNets(now: number, sockets: Map<number, RunSocket[]>): void {
    const live = this.supervisor.liveRuns();
    const ids = new Set(live.map((r) => r.id));
    for (const id of this.netRuns) if (!ids.has(id)) this.netRuns.delete(id);
    for (const run of live) {
      const ev: RunNetEvent = { runId: run.id, ts: now, procs: [] };
      for (const p of run.procs.values()) {
        const mine = p.exited || p.state === 'dead' ? undefined : sockets.get(p.pid);
        if (mine) ev.procs.push({ pid: p.pid, startTime: p.startTime, tcp: tcpCounts(mine), ...listed(mine) });
      }
      if (ev.procs.length) this.netRuns.add(run.id);
      if (this.netRuns.has(run.id)) this.sinks.net(ev);
    }
  }
}
