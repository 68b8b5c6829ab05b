import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParamValue, RunData } from '../../../src/shared/model';
import type { SignalName } from '../../../src/shared/signals';
import { createProclab, type Proclab, type ProclabOptions } from '../../../src/main/core/service/proclab';

/** Where the scenarios come from: a scenarios folder and its lessons (default: the repository's). */
export type ScenarioSource = Pick<ProclabOptions, 'scenariosDir' | 'lessons'>;

/** A real service (engine, registry, run store) on a throw-away data folder. */
export async function withProclab<T>(fn: (p: Proclab) => Promise<T>, intervalMs = 500, source: ScenarioSource = {}): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'proclab-it-'));
  const p = await createProclab({ dataDir, host: 'cli', intervalMs, ...source });
  try {
    return await fn(p);
  } finally {
    await p.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Runs a scenario through the real service exactly as the UI's Run button does, waits for
 * it to end, and returns its journal (info.verdict is filled by the scenario's verdict).
 */
export function runScenario(
  id: string,
  runtime: 'python' | 'node',
  params: Record<string, ParamValue>,
  intervalMs = 500,
  source: ScenarioSource = {},
  signals: readonly SignalStep[] = [],
): Promise<RunData> {
  return withProclab(
    async (p) => {
      const info = await p.handle('run.start', { scenarioId: id, runtime, params });
      const driving = signals.length ? driveSignals(p, info.id, signals) : Promise.resolve();
      const data = await p.waitForRun(info.id, 5 * 60_000);
      await driving;
      return data;
    },
    intervalMs,
    source,
  );
}

export type SignalStep = { signal: SignalName; afterMark: string; delayMs?: number };

/**
 * Sends each step's signal to the run's root once a mark matching `afterMark` has appeared
 * since the previous step (and `delayMs` later), through process.signal as the UI does. Steps
 * whose mark never came before the run ended are not sent; the lesson then sees fewer signals.
 */
async function driveSignals(p: Proclab, runId: string, steps: readonly SignalStep[]): Promise<void> {
  const marks: string[] = [];
  let wake: (() => void) | null = null;
  let ended = false;
  const offOut = p.on('output', (batch) => {
    for (const o of batch) if (o.runId === runId && o.kind === 'mark') marks.push(o.text ?? '');
    wake?.();
  });
  const offRun = p.on('run', (info) => {
    if (info.id === runId && info.status !== 'running') ended = true;
    wake?.();
  });
  try {
    let seen = 0;
    for (const step of steps) {
      const re = new RegExp(step.afterMark);
      for (;;) {
        const at = marks.slice(seen).findIndex((m) => re.test(m));
        if (at >= 0) {
          seen += at + 1;
          break;
        }
        if (ended) return;
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 200);
        });
        wake = null;
      }
      if (step.delayMs) await new Promise((r) => setTimeout(r, step.delayMs));
      const root = (await p.handle('runs.get', { runId })).info.rootPid;
      if (ended || root === null) return;
      await p.handle('process.signal', { pid: root, action: 'signal', signal: step.signal });
    }
  } finally {
    offOut();
    offRun();
  }
}

/** One line per claim, for test failure messages. */
export function explain(run: RunData): string {
  const v = run.info.verdict;
  if (!v) return `no verdict (status ${run.info.status}, reason ${run.info.reason ?? '-'}, exit ${JSON.stringify(run.info.exit)})`;
  const why = v.inconclusive ? `INCONCLUSIVE (${v.inconclusive.cause}): ${v.inconclusive.text.en}\n` : '';
  return why + v.claims.map((c) => `${c.pass ? 'PASS' : c.undecided ? 'UNDECIDED' : 'FAIL'} ${c.text.en} — ${c.measured}`).join('\n');
}
