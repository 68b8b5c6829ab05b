import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine, type EngineEvents, type EngineOptions } from '../../src/main/core/engine/engine';
import type { LifecycleEvent, ProcRow, RunOutput, TickEvent } from '../../src/shared/model';

import { execFileSync } from 'node:child_process';

export const FIXTURES = path.resolve(process.cwd(), 'test/fixtures/engine');
/** The real interpreter, not a shell shim (pyenv), so start-up time does not eat into tick budgets. */
export const PY = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

export interface Harness {
  engine: Engine;
  stateDir: string;
  lifecycle: LifecycleEvent[];
  outputs: RunOutput[];
  exits: Array<EngineEvents['run-exit']>;
  dispose(): Promise<void>;
}

/** An Engine on a temp state dir that records every event; dispose() ends everything it started. */
export async function harness(opts: Partial<EngineOptions> = {}): Promise<Harness> {
  const stateDir = opts.stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-engine-'));
  const engine = new Engine({ intervalMs: 250, ...opts, stateDir });
  const h: Harness = {
    engine,
    stateDir,
    lifecycle: [],
    outputs: [],
    exits: [],
    dispose: async () => {
      await engine.shutdown();
    },
  };
  engine.on('lifecycle', (e) => h.lifecycle.push(e));
  engine.on('output', (o) => h.outputs.push(o));
  engine.on('run-exit', (e) => h.exits.push(e));
  await engine.start();
  return h;
}

export function nextTick(engine: Engine): Promise<TickEvent> {
  return new Promise((resolve) => engine.once('tick', resolve));
}

/** Resolves with the first tick for which pred returns a value, within maxTicks ticks. */
export async function untilTick<T>(engine: Engine, pred: (t: TickEvent) => T | undefined | null | false, maxTicks: number): Promise<T> {
  for (let i = 0; i < maxTicks; i++) {
    const t = await nextTick(engine);
    const v = pred(t);
    if (v) return v;
  }
  throw new Error(`condition not met within ${maxTicks} ticks`);
}

/**
 * Resolves with the first tick for which pred returns a value, within a wall-time deadline: for
 * waits on a program (its start, its children) whose pace is the machine's, not the engine's.
 * A tick count there is a hidden time limit that a loaded machine overruns.
 */
export function tickWhere<T>(
  engine: Engine,
  pred: (t: TickEvent) => T | undefined | null | false,
  timeoutMs: number,
  what: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    const onTick = (t: TickEvent): void => {
      seen++;
      const v = pred(t);
      if (!v) return;
      clearTimeout(timer);
      engine.off('tick', onTick);
      resolve(v);
    };
    const timer = setTimeout(() => {
      engine.off('tick', onTick);
      reject(new Error(`timed out after ${timeoutMs} ms (${seen} ticks) waiting for ${what}`));
    }, timeoutMs);
    engine.on('tick', onTick);
  });
}

/** The suite's one poller (test/helpers/wait-for.ts), re-exported for the engine tests that import it from here. */
export { waitFor } from '../helpers/wait-for';

export function resultOf(h: Harness, runId: string): Record<string, unknown> | undefined {
  return h.outputs.find((o) => o.runId === runId && o.kind === 'result')?.data;
}

export function row(rows: ProcRow[], pid: number): ProcRow | undefined {
  return rows.find((r) => r.pid === pid);
}

/** True while pid names a process that can still run (not gone, not a zombie). */
export function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

export function startTimeOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
}
