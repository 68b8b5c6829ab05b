import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, harness, isRunning, PY, row, tickWhere, untilTick, waitFor, type Harness } from '../../engine-helpers';

// The macOS/BSD path (one `ps` per tick) and the Windows path (pidusage only), run on Linux.
let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
  delete process.env.PROCLAB_PROC_SOURCE;
  delete process.env.PROCLAB_CGROUP;
});

/**
 * The macOS/Windows paths have no cgroups, and here they must not make any: these sources date
 * processes in epoch seconds, not procfs clock ticks, so another ProcLab starting on the machine
 * meanwhile (any other test file, another user's app) reads this engine's cgroup owner as a dead
 * instance and empties its run cgroups as leftovers (seen: the tree's root "killed by SIGKILL").
 */
function fallback(source: 'ps' | 'pidusage'): void {
  process.env.PROCLAB_PROC_SOURCE = source;
  process.env.PROCLAB_CGROUP = 'off';
}

/** What the run went through, for a failure's message. */
const story = (): string =>
  JSON.stringify({ exits: h?.exits, life: h?.lifecycle.filter((l) => l.runId !== null).map((l) => `${l.kind} ${l.pid}: ${l.detail}`) });

describe('engine without /proc', () => {
  it('ps source: follows a tree, shows states, stops the run', async () => {
    fallback('ps');
    h = await harness({ intervalMs: 500 });
    const { engine } = h;
    expect(engine.caps()).toMatchObject({ procfs: false, threads: false });
    expect(engine.caps().notes.length).toBeGreaterThan(0);
    const { pid, startTime } = await engine.launch({ runId: 'ps', argv: [PY, path.join(FIXTURES, 'tree.py')], cwd: FIXTURES });
    expect(startTime).toBeGreaterThan(1_000_000_000); // epoch seconds (lstart) on this source
    // Four Python interpreters start one after another: seconds on a loaded machine, so a deadline, not a tick count.
    const t = await tickWhere(
      engine,
      (tk) => (tk.processes.filter((p) => p.runId === 'ps' && !p.exited).length === 4 ? tk : undefined),
      30_000,
      'the root and its 3 children listed by ps',
    );
    expect(row(t.processes, pid)?.state).toMatch(/running|sleeping/);
    await engine.signal({ pid, startTime, action: 'stop' }).catch((e: Error) => {
      throw new Error(`${e.message}; the run: ${story()}`);
    });
    await untilTick(engine, (tk) => row(tk.processes, pid)?.state === 'stopped', 4).catch((e: Error) => {
      throw new Error(`${e.message}; the run: ${story()}`);
    });
    const kids = t.processes.filter((p) => p.runId === 'ps' && p.pid !== pid).map((p) => p.pid);
    await engine.stopRun('ps', 'done');
    await waitFor(() => h!.exits.find((e) => e.runId === 'ps'), 5000, 'run-exit');
    for (const k of [pid, ...kids]) expect(isRunning(k)).toBe(false);
  });

  it('pidusage source: launches, samples CPU/RSS and ends the run', async () => {
    fallback('pidusage');
    h = await harness({ intervalMs: 500 });
    const { engine } = h;
    expect(engine.caps()).toMatchObject({ procfs: false, threads: false, states: false });
    const { pid } = await engine.launch({ runId: 'pu', argv: ['sleep', '600'], cwd: FIXTURES });
    const t = await untilTick(engine, (tk) => (row(tk.processes, pid)?.rss ? tk : undefined), 4).catch((e: Error) => {
      throw new Error(`${e.message}; the run: ${story()}`);
    });
    expect(row(t.processes, pid)?.runId).toBe('pu');
    await engine.stopRun('pu');
    const exit = await waitFor(() => h!.exits.find((e) => e.runId === 'pu'), 5000, 'run-exit');
    expect(exit.exit.signal).toBe('SIGTERM');
  });
});
