import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, harness, isRunning, PY, waitFor, type Harness } from '../integration/engine-helpers';
import { pidsGuard, watchPeaks } from './limits-helpers';

/**
 * Limits the kernel holds: a fork bomb and a memory hog are stopped by their run's cgroup limits
 * at once, not a sampling tick later, and the wall-time limit fires even while the host's main
 * thread is busy (a tick over thousands of processes can hold it for seconds).
 */

let h: Harness | null = null;
let guard: { undo(): void } | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
  guard?.undo();
  guard = null;
});

const MiB = 1024 ** 2;

describe('chaos: limits the kernel holds', () => {
  it('holds a fork bomb within 10 % of maxProcs and ends it', async (ctx) => {
    const g = pidsGuard(1500);
    if (typeof g === 'string') return ctx.skip(g);
    guard = g;
    h = await harness();
    if (!h.engine.caps().contained) return ctx.skip('no cgroup to hold the limit on this machine');
    const peaks = await watchPeaks('bomb');
    const t0 = Date.now();
    await h.engine.launch({
      runId: 'bomb',
      argv: [PY, '-c', 'import os\nwhile True: os.fork()'],
      cwd: FIXTURES,
      limits: { maxProcs: 256, maxDurationMs: 30_000 },
    });
    const exit = await waitFor(() => h!.exits.find((e) => e.runId === 'bomb'), 45_000, 'run-exit');
    const { procs } = await peaks.stop();
    console.log(`fork bomb: peak ${procs} processes under maxProcs 256, ended after ${Date.now() - t0} ms (${exit.reason?.en})`);
    expect(procs).toBeGreaterThan(200); // it did get going
    expect(procs).toBeLessThanOrEqual(256 * 1.1);
    expect(exit.outcome).toEqual({ cause: 'limit:procs', limit: 256 });
    expect(Date.now() - t0).toBeLessThan(30_000 + 5000);
    for (const p of h.engine.runProcesses('bomb')) expect(isRunning(p.pid)).toBe(false);
  });

  it('ends a 6 GB memory hog at its 256 MiB limit, held by the kernel', async (ctx) => {
    h = await harness();
    if (!h.engine.caps().memorySource?.startsWith('cgroup')) return ctx.skip('no memory cgroup to hold the limit on this machine');
    const peaks = await watchPeaks('hog');
    // 64 MiB at a time, each written (not calloc'd zero pages): 6 GiB in a second or two.
    const hog = "chunks = []\nfor i in range(96):\n    chunks.append(b'\\x01' * (64 << 20))\nimport time\ntime.sleep(600)";
    await h.engine.launch({
      runId: 'hog',
      argv: [PY, '-c', hog],
      cwd: FIXTURES,
      limits: { maxMemBytes: 256 * MiB, maxDurationMs: 60_000 },
    });
    const exit = await waitFor(() => h!.exits.find((e) => e.runId === 'hog'), 30_000, 'run-exit');
    const { mem } = await peaks.stop();
    console.log(`memory hog: peak ${(mem / MiB).toFixed(1)} MiB under a 256 MiB limit (${exit.reason?.en}) ${JSON.stringify(exit.exit)}`);
    expect(mem).toBeGreaterThan(128 * MiB); // it did get going
    expect(mem).toBeLessThanOrEqual(256 * MiB);
    expect(exit.outcome).toEqual({ cause: 'limit:memory', limit: 256 * MiB });
    expect(exit.reason?.en).toMatch(/^memory limit \(256 MiB\)/);
  });

  it('ends a run at its time limit while the host is too busy to tick', async (ctx) => {
    h = await harness({ graceMs: 300 });
    if (!h.engine.caps().contained) return ctx.skip('no cgroup: the backstop kills through cgroup.kill');
    const { pid } = await h.engine.launch({ runId: 'late', argv: ['sleep', '600'], cwd: FIXTURES, limits: { maxDurationMs: 500 } });
    // The main thread does nothing for 3.5 s, as a tick over thousands of processes might.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3500);
    const stillRunning = isRunning(pid);
    expect(stillRunning).toBe(false);
    const exit = await waitFor(() => h!.exits.find((e) => e.runId === 'late'), 10_000, 'run-exit');
    expect(exit.outcome).toEqual({ cause: 'timeout', limit: 500 });
    expect(fs.existsSync(`/proc/${pid}`)).toBe(false);
  });
});
