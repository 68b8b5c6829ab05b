/**
 * Lanes from what the kernel counted (schedstat), checked against the same run's measured CPU —
 * not against absolute expectations: the machine is shared and loaded, so a worker may get a
 * quarter of a core or a half; what must hold is that the lanes say what the CPU counters say.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunSample } from '../../../../src/shared/model';
import { newLaneSet, pushLaneSample } from '../../../../src/renderer/src/model/lanes';
import { PY, harness, waitFor, type Harness } from '../../engine-helpers';

const LANES = path.resolve(process.cwd(), 'test/fixtures/lanes');
const WAITS = path.resolve(process.cwd(), 'test/fixtures/waits');

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

async function samplesOf(runId: string, argv: string[], cwd: string): Promise<RunSample[]> {
  h = await harness({ intervalMs: 1000 });
  const samples: RunSample[] = [];
  h.engine.on('run-sample', (s) => s.runId === runId && samples.push(s.sample));
  await h.engine.launch({ runId, argv, cwd });
  await waitFor(() => h!.exits.find((e) => e.runId === runId), 30_000, 'run-exit');
  return samples;
}

describe('lanes from schedstat', () => {
  it('each of 4 compute processes: its lane’s running share is within 0.15 of its measured CPU', async () => {
    const samples = await samplesOf('procs4', [PY, path.join(LANES, 'procs4.py'), '3'], LANES);
    const lanes = newLaneSet();
    for (const s of samples) pushLaneSample(lanes, s.ts, s.procs, s.threads ?? []);
    // The workers: every process but the root (the first one sampled), until they end (a zombie has no schedstat).
    const root = samples[0]!.procs[0]!.pid;
    const byPid = new Map<number, Array<{ ts: number; cpuMs: number }>>();
    for (const s of samples)
      for (const p of s.procs)
        if (p.pid !== root && p.utimeMs !== undefined && p.state !== 'zombie')
          byPid.set(p.pid, [...(byPid.get(p.pid) ?? []), { ts: s.ts, cpuMs: p.utimeMs + (p.stimeMs ?? 0) }]);
    const workers = [...byPid.entries()];
    expect(workers.length).toBe(4);
    for (const [pid, pts] of workers) {
      const from = pts[0]!.ts;
      const to = pts.at(-1)!.ts;
      // Measured: CPU time the kernel charged the process over [from, to], per wall second.
      const measured = (pts.at(-1)!.cpuMs - pts[0]!.cpuMs) / (to - from);
      // The lane: the running shares of the intervals ending in (from, to], weighted by their length.
      const lane = lanes.lanes.get(`t${pid}`)!;
      let run = 0;
      let span = 0;
      for (let i = 1; i < lane.points.length; i++) {
        const p = lane.points[i]!;
        if (p.ts <= from || p.ts > to) continue;
        expect(p.shares, `pid ${pid} at ${p.ts}: shares from schedstat`).toBeDefined();
        const dt = p.ts - lane.points[i - 1]!.ts;
        run += p.shares!.running * dt;
        span += dt;
      }
      expect(span).toBeGreaterThan(0.8 * (to - from));
      expect(
        Math.abs(run / span - measured),
        `pid ${pid}: lane ${(run / span).toFixed(2)} vs measured ${measured.toFixed(2)}`,
      ).toBeLessThan(0.15);
    }
  }, 60_000);

  it('4 Python threads under the GIL never sum above 1.1 cores in any interval', async () => {
    const samples = await samplesOf('gil4', [PY, path.join(WAITS, 'gil.py'), '3'], WAITS);
    const withShares = samples.filter((s) => (s.threads ?? []).some((t) => t.shares));
    expect(withShares.length).toBeGreaterThan(5);
    for (const s of withShares) {
      const sum = (s.threads ?? []).reduce((n, t) => n + (t.shares?.running ?? 0), 0);
      expect(sum, `interval ending at ${s.ts}`).toBeLessThanOrEqual(1.1);
      // The stacked chart draws each thread's cpu: the same number as its lane.
      for (const t of s.threads ?? []) if (t.shares) expect(t.cpu).toBeCloseTo(t.shares.running * 100, 6);
    }
    // And the lanes account for the process's CPU: their running shares over the run, against the
    // CPU time the kernel charged the process (load-independent: both shrink on a busy machine).
    const root = withShares[0]!.procs[0]!;
    const first = withShares[0]!;
    const last = withShares.at(-1)!;
    const procAt = (s: RunSample) => s.procs.find((p) => p.pid === root.pid)!;
    const measured =
      (procAt(last).utimeMs! + procAt(last).stimeMs! - procAt(first).utimeMs! - procAt(first).stimeMs!) / (last.ts - first.ts);
    let run = 0;
    for (let i = 1; i < withShares.length; i++) {
      const s = withShares[i]!;
      run += (s.threads ?? []).reduce((n, t) => n + (t.shares?.running ?? 0), 0) * (s.ts - withShares[i - 1]!.ts);
    }
    expect(measured).toBeGreaterThan(0);
    expect(Math.abs(run / (last.ts - first.ts) - measured)).toBeLessThan(0.15);
  }, 60_000);
});
