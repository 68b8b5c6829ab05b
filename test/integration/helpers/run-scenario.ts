import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParamValue, RunData } from '../../../src/shared/model';
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
): Promise<RunData> {
  return withProclab(
    async (p) => {
      const info = await p.handle('run.start', { scenarioId: id, runtime, params });
      return p.waitForRun(info.id, 5 * 60_000);
    },
    intervalMs,
    source,
  );
}

/** One line per claim, for test failure messages. */
export function explain(run: RunData): string {
  const v = run.info.verdict;
  if (!v) return `no verdict (status ${run.info.status}, reason ${run.info.reason ?? '-'}, exit ${JSON.stringify(run.info.exit)})`;
  const why = v.inconclusive ? `INCONCLUSIVE (${v.inconclusive.cause}): ${v.inconclusive.text.en}\n` : '';
  return why + v.claims.map((c) => `${c.pass ? 'PASS' : c.undecided ? 'UNDECIDED' : 'FAIL'} ${c.text.en} — ${c.measured}`).join('\n');
}
