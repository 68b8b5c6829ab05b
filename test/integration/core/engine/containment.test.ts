import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, harness, isRunning, PY, resultOf, waitFor, type Harness } from '../../engine-helpers';
import { sleepMs } from '../../../helpers/wait-for';
import { RUN_SAMPLE_MS } from '../../../../src/main/core/engine/engine';

let h: Harness | null = null;
const strays: number[] = [];
afterEach(async () => {
  await h?.dispose();
  h = null;
  // A failing test must not leave its grandchild behind for the next one.
  for (const pid of strays.splice(0)) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
});

const ESCAPE = path.join(FIXTURES, 'escape.py');

async function grandchildOf(runId: string): Promise<number> {
  const pid = await waitFor(() => resultOf(h!, runId)?.grandchild as number | undefined, 10_000, 'grandchild pid');
  strays.push(pid);
  return pid;
}

describe.runIf(process.platform === 'linux')('engine: every run in its own cgroup', () => {
  it('says whether runs are contained on this machine', async () => {
    h = await harness();
    const caps = h.engine.caps();
    expect(typeof caps.contained).toBe('boolean');
    if (!caps.contained) expect(caps.notes.map((n) => n.en).join(' ')).toMatch(/Containment is weaker/);
  });

  it('the joining shell is gone before the run is first seen: its root is named by the program, not "sh"', async (ctx) => {
    h = await harness();
    if (!h.engine.caps().contained) ctx.skip('no cgroup to contain runs here, so no joining shell');
    const id = await h.engine.launch({ runId: 'name', argv: ['sleep', '5'], cwd: FIXTURES });
    const { readCmdline } = await import('../../../../src/main/core/procfs');
    expect(readCmdline(id.pid)).toBe('sleep 5');
    const row = await waitFor(() => h!.engine.runProcesses('name').find((r) => r.pid === id.pid), 5000, 'root row');
    expect(row.name).toBe('sleep');
    await h.engine.stopRun('name');
  });

  it('a setsid grandchild of a double fork keeps the run alive, is listed, and ends with run.stop', async (ctx) => {
    h = await harness();
    if (!h.engine.caps().contained) ctx.skip('no cgroup here: the fallback cannot follow a detached grandchild (caps say so)');
    const id = await h.engine.launch({ runId: 'esc', argv: [PY, ESCAPE], cwd: FIXTURES });
    expect(id.contained).toBe(true);
    const gc = await grandchildOf('esc');
    // The root exits at once; the run does not end while its grandchild lives.
    await waitFor(() => h!.engine.runProcesses('esc').find((r) => r.pid === id.pid)?.exited, 5000, 'root exit');
    await waitFor(() => h!.engine.runProcesses('esc').find((r) => r.pid === gc), 5000, 'grandchild listed');
    // A negative window of a few run samples (the engine ends a run within one after its last process).
    await sleepMs(3 * RUN_SAMPLE_MS);
    expect(h.exits.find((e) => e.runId === 'esc')).toBeUndefined();
    expect(isRunning(gc)).toBe(true);
    await h.engine.stopRun('esc');
    const exit = await waitFor(() => h!.exits.find((e) => e.runId === 'esc'), 10_000, 'run-exit');
    expect(exit.outcome).toEqual({ cause: 'user-stop' });
    expect(isRunning(gc)).toBe(false);
    expect(h.engine.runProcesses('esc').find((r) => r.pid === gc)?.exited).toBeTruthy();
  });

  it('a limit ends the grandchild too, and the run records which limit', async (ctx) => {
    h = await harness();
    if (!h.engine.caps().contained) ctx.skip('no cgroup to contain runs on this machine');
    await h.engine.launch({ runId: 'esl', argv: [PY, ESCAPE], cwd: FIXTURES, limits: { maxDurationMs: 1500 } });
    const gc = await grandchildOf('esl');
    const exit = await waitFor(() => h!.exits.find((e) => e.runId === 'esl'), 10_000, 'run-exit');
    expect(exit.outcome).toEqual({ cause: 'timeout', limit: 1500 });
    expect(exit.reason?.en).toBe('time limit (1.5 s)');
    expect(isRunning(gc)).toBe(false);
  });

  it('a run ends when its cgroup empties, not when its root exits', async (ctx) => {
    h = await harness();
    if (!h.engine.caps().contained) ctx.skip('no cgroup to contain runs on this machine');
    const gcScript =
      'import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        time.sleep(1.5)\n    os._exit(0)\n';
    const t0 = Date.now();
    await h.engine.launch({ runId: 'ese', argv: [PY, '-c', gcScript], cwd: FIXTURES });
    const exit = await waitFor(() => h!.exits.find((e) => e.runId === 'ese'), 10_000, 'run-exit');
    expect(exit.endedAt - t0).toBeGreaterThanOrEqual(1400);
    expect(exit.outcome).toEqual({ cause: 'exit' });
  });
});
