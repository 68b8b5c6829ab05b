import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, harness, isRunning, PY, waitFor, type Harness } from '../../../integration/engine-helpers';
import { DEFAULT_GRACE_MS } from '../../../../src/main/core/supervisor/supervisor';
import { pidsGuard, watchPeaks as startPeaks, type PeakWatch } from '../../limits-helpers';

/**
 * Limits the kernel holds: a fork bomb and a memory hog are stopped by their run's cgroup limits
 * at once, not a sampling tick later, and the wall-time limit fires even while the host's main
 * thread is busy (a tick over thousands of processes can hold it for seconds).
 */

let h: Harness | null = null;
let guard: { undo(): void } | null = null;
let poller: PeakWatch | null = null;
/** The cgroup poller, stopped after the test even when the test failed before reading it. */
const watchPeaks = async (runId: string): Promise<PeakWatch> => {
  const w = await startPeaks(runId);
  poller = w;
  return { stop: () => ((poller = null), w.stop()) };
};
afterEach(async () => {
  await poller?.stop().catch(() => null);
  poller = null;
  await h?.dispose();
  h = null;
  guard?.undo();
  guard = null;
});

const MiB = 1024 ** 2;
/** The engine's sampling interval in these tests: a limit the sampler sees is seen within one. */
const TICK_MS = 250;
/**
 * How late a run may end after its deadline (or after the kernel first held its limit, plus the
 * tick that notices it): TERM, the grace period, then one write to cgroup.kill, and the kernel's
 * moment to reap — never the seconds that a per-process chase after new forks takes.
 */
const END_SLACK_MS = DEFAULT_GRACE_MS + 1500;

describe('chaos: limits the kernel holds', () => {
  it('holds a fork bomb within 10 % of maxProcs and ends it promptly at the limit', async (ctx) => {
    const g = pidsGuard(1500);
    if (typeof g === 'string') return ctx.skip(g);
    guard = g;
    h = await harness({ intervalMs: TICK_MS });
    if (!h.engine.caps().contained) return ctx.skip('no cgroup to hold the limit on this machine');
    const peaks = await watchPeaks('bomb');
    await h.engine.launch({
      runId: 'bomb',
      argv: [PY, '-c', 'import os\nwhile True: os.fork()'],
      cwd: FIXTURES,
      limits: { maxProcs: 256, maxDurationMs: 30_000 },
    });
    const exit = await waitFor(() => h!.exits.find((e) => e.runId === 'bomb'), 45_000, 'run-exit');
    const { procs, hitAt, lastAt } = await peaks.stop();
    console.log(
      `fork bomb: peak ${procs} processes under maxProcs 256; last process gone ${lastAt - hitAt} ms after the kernel first refused a fork (${exit.reason?.en})`,
    );
    expect(procs).toBeGreaterThan(200); // it did get going
    expect(procs).toBeLessThanOrEqual(256 * 1.1);
    expect(exit.outcome).toEqual({ cause: 'limit:procs', limit: 256 });
    expect(hitAt).toBeGreaterThan(0);
    expect(lastAt - hitAt).toBeLessThan(TICK_MS + END_SLACK_MS);
    for (const p of h.engine.runProcesses('bomb')) expect(isRunning(p.pid)).toBe(false);
  });

  it('ends a fork bomb that flees every signal at its timeout, within the grace period', async (ctx) => {
    const g = pidsGuard(1500);
    if (typeof g === 'string') return ctx.skip(g);
    guard = g;
    h = await harness({ intervalMs: TICK_MS });
    if (!h.engine.caps().contained) return ctx.skip('no cgroup: without one a run is ended process by process');
    const peaks = await watchPeaks('flee');
    // Each process ignores TERM, forks, starts a session of its own and leaves: a new pid, group
    // and session every few hundred microseconds, too few at once for the process limit. Its pids
    // are gone before a signal reaches them; only the cgroup holds them all.
    const flee = [
      'import os, signal',
      'signal.signal(signal.SIGTERM, signal.SIG_IGN)',
      'while True:',
      '    if os.fork(): os._exit(0)',
      '    os.setsid()',
    ].join('\n');
    const timeout = 4000;
    await h.engine.launch({ runId: 'flee', argv: [PY, '-c', flee], cwd: FIXTURES, limits: { maxProcs: 256, maxDurationMs: timeout } });
    const deadline = Date.now() + timeout; // launch() returns just after the supervisor set its deadline
    const exit = await waitFor(() => h!.exits.find((e) => e.runId === 'flee'), 30_000, 'run-exit');
    const { lastAt } = await peaks.stop();
    console.log(`fleeing fork bomb: last process gone ${lastAt - deadline} ms after its ${timeout} ms deadline (${exit.reason?.en})`);
    expect(exit.outcome).toEqual({ cause: 'timeout', limit: timeout });
    expect(lastAt).toBeGreaterThan(0);
    expect(lastAt - deadline).toBeLessThan(END_SLACK_MS);
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
