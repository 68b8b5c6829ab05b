import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, harness, isRunning, PY, resultOf, waitFor, type Harness } from '../../engine-helpers';

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

describe('engine: run limits and output', () => {
  it('kills the tree when a run has more processes than maxProcs and says why', async () => {
    h = await harness();
    await h.engine.launch({ runId: 'lp', argv: [PY, path.join(FIXTURES, 'tree.py')], cwd: FIXTURES, limits: { maxProcs: 2 } });
    const exit = await waitFor(() => h!.exits.find((e) => e.runId === 'lp'), 10_000, 'run-exit');
    expect(exit.reason?.en).toBe('process limit (2)');
    expect(exit.reason?.zh).toBe('进程数限制（2）');
    expect(exit.outcome).toEqual({ cause: 'limit:procs', limit: 2 });
    expect(exit.exit.by).toBe('limit');
    for (const p of h.engine.runProcesses('lp')) expect(isRunning(p.pid)).toBe(false);
  });

  it('ends a run at maxDurationMs', async () => {
    h = await harness();
    const t0 = Date.now();
    await h.engine.launch({ runId: 'ld', argv: ['sleep', '600'], cwd: FIXTURES, limits: { maxDurationMs: 700 } });
    const exit = await waitFor(() => h!.exits.find((e) => e.runId === 'ld'), 10_000, 'run-exit');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(650);
    expect(exit.reason?.en).toBe('time limit (0.7 s)');
    expect(exit.outcome).toEqual({ cause: 'timeout', limit: 700 });
    expect(exit.exit).toMatchObject({ signal: 'SIGTERM', by: 'limit' });
  });

  it('kills the tree when its memory exceeds maxMemBytes, and names the limit', async () => {
    h = await harness();
    const hog = "b = b'x' * (64 * 1024 * 1024)\nimport time\ntime.sleep(600)";
    await h.engine.launch({ runId: 'lr', argv: [PY, '-c', hog], cwd: FIXTURES, limits: { maxMemBytes: 32 * 1024 * 1024 } });
    const exit = await waitFor(() => h!.exits.find((e) => e.runId === 'lr'), 10_000, 'run-exit');
    expect(exit.reason?.en).toBe('memory limit (32 MiB)');
    expect(exit.outcome).toEqual({ cause: 'limit:memory', limit: 32 * 1024 * 1024 });
  });

  it('parses protocol lines, keeps malformed ones as log and rate-limits floods', async () => {
    h = await harness();
    await h.engine.launch({ runId: 'f', argv: [PY, path.join(FIXTURES, 'flood.py')], cwd: FIXTURES });
    const exit = await waitFor(() => h!.exits.find((e) => e.runId === 'f'), 10_000, 'run-exit');
    expect(exit.exit).toMatchObject({ code: 0, by: 'self' });
    const outs = h.outputs.filter((o) => o.runId === 'f');
    const dropped = outs.find((o) => /dropped \d+ output lines/.test(o.text ?? ''));
    expect(dropped).toBeDefined();
    const n = Number(/dropped (\d+)/.exec(dropped!.text!)![1]);
    const kept = outs.filter((o) => o !== dropped);
    // 2,002 lines printed: what was kept plus what was counted as dropped is all of them.
    expect(kept.length + n).toBe(2002);
    expect(kept.length).toBeLessThanOrEqual(400);
    expect(resultOf(h, 'f')).toBeUndefined();
  });
});
