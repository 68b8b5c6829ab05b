import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, harness, isRunning, nextTick, PY, resultOf, row, untilTick, waitFor, type Harness } from '../../engine-helpers';

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

describe('engine: zombies, orphans, daemons', () => {
  it('reports a zombie within one tick and drops it to exited once reaped', async () => {
    h = await harness();
    const { engine } = h;
    const root = await engine.launch({ runId: 'z', argv: [PY, path.join(FIXTURES, 'zombie.py')], cwd: FIXTURES });
    const zpid = (await waitFor(() => resultOf(h!, 'z'), 5000, 'zombie pid')).zombie as number;
    // One full tick after we know the zombie exists.
    await nextTick(engine);
    const t = await nextTick(engine);
    expect(row(t.processes, zpid)).toMatchObject({ state: 'zombie', ppid: root.pid, exited: null, runId: 'z' });
    expect(h.lifecycle.some((e) => e.pid === zpid && (e.kind === 'spawned' || e.kind === 'state-changed') && e.state === 'zombie')).toBe(
      true,
    );

    process.kill(root.pid, 'SIGUSR1'); // the parent reaps it now
    await waitFor(() => h!.outputs.find((o) => o.kind === 'mark' && o.text === 'reaped'), 5000, 'reaped mark');
    const after = await untilTick(engine, (tk) => row(tk.processes, zpid)?.exited, 2);
    // The zombie's wait status was read while it was a zombie, so the code is known.
    expect(after).toMatchObject({ code: 7, signal: null, by: 'self' });
    const t2 = await nextTick(engine);
    expect(row(t2.processes, zpid)?.state).toBe('zombie'); // last state kept, but exited is set
    expect(row(t2.processes, zpid)?.exited).not.toBeNull();
  });

  it('reports an orphan with its new ppid and still ends it with the run', async () => {
    h = await harness();
    const { engine } = h;
    const root = await engine.launch({ runId: 'o', argv: [PY, path.join(FIXTURES, 'orphan.py'), '1'], cwd: FIXTURES });
    const { a, b } = (await waitFor(() => resultOf(h!, 'o'), 5000, 'pids')) as { a: number; b: number };
    await waitFor(() => h!.outputs.find((o) => o.kind === 'mark' && o.text === 'A exited'), 5000, 'A exit');
    const orphan = await untilTick(engine, (t) => (row(t.processes, b)?.orphan ? row(t.processes, b) : undefined), 3);
    expect(orphan.ppid).not.toBe(a);
    expect(orphan.ppid).not.toBe(root.pid);
    expect(h.lifecycle.find((e) => e.kind === 'orphaned' && e.pid === b)?.detail).toContain(`re-parented to ${orphan.ppid}`);
    expect(row(engine.runProcesses('o'), a)?.exited).not.toBeNull();
    expect(isRunning(b)).toBe(true);

    // B left the run's process group, so only the engine's memory of it can end it.
    await engine.stopRun('o', 'stop');
    await waitFor(() => !isRunning(b), 3000, 'orphan ended');
    const exit = await waitFor(() => h!.exits.find((e) => e.runId === 'o'), 5000, 'run-exit');
    expect(exit.reason?.en).toBe('stop');
    expect(row(engine.runProcesses('o'), b)?.exited).toMatchObject({ signal: 'SIGTERM', by: 'engine' });
  });

  it('ends a declared daemon child when its parent ends', async () => {
    h = await harness();
    const { engine } = h;
    const root = await engine.launch({ runId: 'd', argv: [PY, path.join(FIXTURES, 'daemon.py'), '1.5'], cwd: FIXTURES });
    const dpid = (await waitFor(() => resultOf(h!, 'd'), 5000, 'daemon pid')).daemon as number;
    await waitFor(
      () => h!.lifecycle.find((e) => e.kind === 'daemon' && e.pid === dpid && e.detail.startsWith('declared')),
      5000,
      'declared',
    );
    const t = await nextTick(engine);
    expect(row(t.processes, dpid)).toMatchObject({ daemon: true, runId: 'd' });
    expect(row(t.processes, root.pid)?.daemon).toBe(false); // the root leads its own session by design, not a daemon
    expect(isRunning(dpid)).toBe(true);

    const exit = await waitFor(() => h!.exits.find((e) => e.runId === 'd'), 10_000, 'run-exit');
    expect(exit.exit).toMatchObject({ code: 0, by: 'self' });
    expect(exit.reason).toBeNull();
    expect(isRunning(dpid)).toBe(false);
    expect(row(engine.runProcesses('d'), dpid)?.exited).toMatchObject({ signal: 'SIGTERM', by: 'engine' });
  });
});
