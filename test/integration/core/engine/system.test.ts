import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, harness, nextTick, PY, resultOf, row, untilTick, waitFor, type Harness } from '../../engine-helpers';

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

describe('engine: system scope and configuration', () => {
  it('shows every process on the machine, with names, users and threads on request', async () => {
    h = await harness();
    const { engine } = h;
    const cfg = engine.configure({ scope: 'system', intervalMs: 250, threadsFor: [process.pid] });
    expect(cfg).toEqual({ scope: 'system', intervalMs: 250, threadsFor: [process.pid], ioFor: [], netFor: [] });
    const foreign = spawn('sleep', ['600'], { stdio: 'ignore' });
    try {
      const t = await untilTick(engine, (tk) => (row(tk.processes, foreign.pid!) ? tk : undefined), 3);
      expect(t.scope).toBe('system');
      expect(row(t.processes, 1)).toMatchObject({ runId: null, ppid: 0 });
      expect(row(t.processes, process.pid)).toMatchObject({ runId: null, user: expect.any(String) });
      expect(row(t.processes, foreign.pid!)).toMatchObject({ name: 'sleep', cmd: 'sleep 600', state: 'sleeping', runId: null });
      expect(t.threads[process.pid]!.length).toBeGreaterThanOrEqual(2); // node's own worker threads
      expect(t.cores.length).toBeGreaterThanOrEqual(1);
      expect(t.mem.total).toBeGreaterThan(t.mem.available);
      expect(t.costMs).toBeGreaterThan(0);
      expect(new Set(t.processes.map((p) => `${p.pid}`)).size).toBe(t.processes.length); // no duplicates

      // Runs are still tagged in system scope, and back in runs scope foreign rows disappear.
      const { pid } = await engine.launch({ runId: 'sys', argv: [PY, path.join(FIXTURES, 'tree.py')], cwd: FIXTURES });
      await waitFor(() => resultOf(h!, 'sys'), 5000, 'result');
      const t2 = await untilTick(engine, (tk) => (tk.processes.filter((p) => p.runId === 'sys').length === 4 ? tk : undefined), 4);
      expect(row(t2.processes, pid)?.runId).toBe('sys');
      engine.configure({ scope: 'runs', threadsFor: [] });
      const t3 = await nextTick(engine);
      expect(t3.processes.every((p) => p.runId !== null)).toBe(true);
      expect(engine.caps()).toMatchObject({ os: 'linux', procfs: true, threads: true, states: true });
    } finally {
      foreign.kill('SIGKILL');
    }
  });
});
