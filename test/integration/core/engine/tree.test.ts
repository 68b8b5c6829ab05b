import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunSample } from '../../../../src/shared/model';
import { FIXTURES, harness, nextTick, PY, resultOf, untilTick, waitFor, type Harness } from '../../engine-helpers';

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

describe('engine: a tree of processes and threads', () => {
  it('sees 4 pids and 8+ threads within 2 ticks; a busy thread reads ~100 % of a core, idle ones ~0', async () => {
    h = await harness({ intervalMs: 500 });
    const { engine } = h;
    const samples: RunSample[] = [];
    engine.on('run-sample', (s) => s.runId === 'tree' && samples.push(s.sample));
    const root = await engine.launch({ runId: 'tree', argv: [PY, path.join(FIXTURES, 'tree.py')], cwd: FIXTURES });
    // Counted from the moment the program has created them (its result line), so a slow Python
    // start on a loaded machine is not charged to the engine.
    const res = await waitFor(() => resultOf(h!, 'tree'), 10_000, 'result line');

    const seen = await untilTick(
      engine,
      (t) => {
        const live = t.processes.filter((p) => p.runId === 'tree' && !p.exited);
        const threads = Object.values(t.threads)
          .flat()
          .filter((th) => live.some((p) => p.pid === th.pid));
        return live.length === 4 && threads.length >= 8 + 4 ? { live, threads } : undefined;
      },
      2,
    );
    expect(seen.live.map((p) => p.pid)).toContain(root.pid);
    expect(seen.live.filter((p) => p.ppid === root.pid)).toHaveLength(3);

    expect(h.outputs.some((o) => o.kind === 'progress' && o.data?.total === 1)).toBe(true);
    const busy = res.busy as number;
    const idle = res.idle as number[];
    expect(new Set((res.children as number[]).concat(root.pid))).toEqual(new Set(seen.live.map((p) => p.pid)));

    // Let the deltas settle for two ticks, then take the median of three. Ground truth for each
    // tick window comes from another kernel counter (schedstat: ns on CPU), so that a machine
    // busy with other work (the busy thread then gets less than a core) cannot fail the engine.
    const onCpuNs = () => Number(fs.readFileSync(`/proc/${root.pid}/task/${busy}/schedstat`, 'utf8').split(' ')[0]);
    await nextTick(engine);
    let prev = { ns: onCpuNs(), at: performance.now() };
    const busyCpu: Array<{ engine: number; truth: number }> = [];
    const idleMax: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = await nextTick(engine);
      const now = { ns: onCpuNs(), at: performance.now() };
      const truth = ((now.ns - prev.ns) / 1e6 / (now.at - prev.at)) * 100;
      prev = now;
      const rows = t.threads[root.pid] ?? [];
      busyCpu.push({ engine: rows.find((r) => r.tid === busy)?.cpu ?? -1, truth });
      idleMax.push(Math.max(...rows.filter((r) => idle.includes(r.tid)).map((r) => r.cpu)));
      expect(rows.find((r) => r.tid === busy)?.lastCore).toBeGreaterThanOrEqual(0);
    }
    busyCpu.sort((a, b) => a.engine - b.engine);
    const mid = busyCpu[1]!;
    expect(Math.abs(mid.engine - mid.truth)).toBeLessThanOrEqual(15);
    if (mid.truth >= 85) {
      expect(mid.engine).toBeGreaterThanOrEqual(85);
      expect(mid.engine).toBeLessThanOrEqual(115);
    } else
      console.warn(
        `machine contended: the busy thread only got ${mid.truth.toFixed(0)} % of a core (engine read ${mid.engine.toFixed(0)} %)`,
      );
    expect(Math.max(...idleMax)).toBeLessThanOrEqual(5);

    // run-sample carries the run's processes and all their threads.
    const last = samples.at(-1)!;
    expect(last.procs).toHaveLength(4);
    expect(last.threads!.filter((t) => t.pid === root.pid).length).toBeGreaterThanOrEqual(9);
    expect(last.procs.find((p) => p.pid === root.pid)!.utimeMs).toBeGreaterThan(0);

    await engine.stopRun('tree', 'test over');
    const exit = await waitFor(() => h!.exits.find((e) => e.runId === 'tree'), 5000, 'run-exit');
    expect(exit.reason?.en).toBe('test over');
    expect(exit.exit).toMatchObject({ signal: 'SIGTERM', by: 'engine' });
    for (const pid of res.children as number[]) expect(engine.runProcesses('tree').find((p) => p.pid === pid)?.state).not.toBe('sleeping');
  });
});
