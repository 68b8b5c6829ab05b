import { performance } from 'node:perf_hooks';
import type { TickEvent } from '../../../shared/model';
import { clientRows } from './stages/client-rows';
import { discover, readTracked } from './stages/discover';
import { retain } from './stages/retain';
import { readRunThreads, readWatchedThreads } from './stages/threads';
import { newSnapshot, type TickParts } from './tick-parts';

/**
 * One sampling pass as a fixed order of stages over one snapshot (ARCHITECTURE.md draws it). A
 * full tick serves the display (system scope, foreign rows, the 'tick' event); a runs-only tick
 * (`full` false) stops after the run samples and returns null.
 */
export async function runTick(parts: TickParts, full: boolean): Promise<TickEvent | null> {
  const t0 = performance.now();
  const { source, supervisor, view, feed } = parts;
  // The ps / pidusage sources fetch their whole table here; /proc is read on demand.
  await source.refresh([...[...supervisor.liveProcs()].map((p) => p.pid), ...(full ? view.threadsFor : [])]);
  const s = newSnapshot(full, full && view.scope === 'system', Date.now());

  discover(parts, s);
  readTracked(parts, s);
  readRunThreads(parts, s);
  supervisor.enforce(s.now); // limits, daemons whose parent ended, pruning, journal
  feed.lookAtRuns(parts, s);
  parts.runSamples.take(s);
  if (!full) {
    feed.observeRuns(parts, s);
    return null;
  }

  const m = clientRows(parts, s);
  feed.observeAll(parts, s);
  readWatchedThreads(parts, s);
  const detail = await parts.enricher.enrich(parts, s);
  retain(parts, s);

  return {
    ts: s.now,
    intervalMs: view.intervalMs,
    scope: view.scope,
    cores: m.cores,
    total: m.total,
    mem: m.mem,
    load: m.load,
    ...(detail && { detail }),
    processes: s.processes,
    threads: s.threads,
    costMs: performance.now() - t0,
    deadlocks: feed.suspected(),
  };
}

/** Runs ticks one at a time: a tick asked for while one is in flight gets that one. */
export class TickRunner {
  private inTick: Promise<TickEvent | null> | null = null;

  constructor(
    private readonly parts: TickParts,
    private readonly onTick: (ev: TickEvent) => void,
  ) {}

  /** A full tick's event: the one in flight if it is full, else the next one. */
  async full(): Promise<TickEvent> {
    for (;;) {
      const ev = await this.start(true);
      if (ev) return ev; // a runs-only tick was in flight: now take a full one
    }
  }

  runsOnly(): Promise<TickEvent | null> {
    return this.start(false);
  }

  /** Resolves once no tick is in flight (errors are the loop's to report). */
  async settled(): Promise<void> {
    await this.inTick?.catch(() => {});
  }

  private start(full: boolean): Promise<TickEvent | null> {
    if (!this.inTick) this.inTick = this.tick(full).finally(() => (this.inTick = null));
    return this.inTick;
  }

  private async tick(full: boolean): Promise<TickEvent | null> {
    const ev = await runTick(this.parts, full);
    if (ev) this.onTick(ev);
    return ev;
  }
}
