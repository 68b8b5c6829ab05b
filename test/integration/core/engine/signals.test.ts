import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, isRunning, PY, row, untilTick, waitFor } from '../../engine-helpers';
import { harnessPerTest, refusal } from '../../helpers/signal-suite';

const startHarness = harnessPerTest();

describe('engine: signals', () => {
  it('stop and continue flip the state; kill reports SIGKILL', async () => {
    const h = await startHarness();
    const { engine } = h;
    const { pid, startTime } = await engine.launch({ runId: 's', argv: ['sleep', '600'], cwd: FIXTURES });
    const res = await engine.signal({ pid, startTime, action: 'stop' });
    expect(res).toMatchObject({ pid, action: 'stop', signalled: 1, message: `sent SIGSTOP to ${pid}` });
    await untilTick(engine, (t) => row(t.processes, pid)?.state === 'stopped', 3);
    expect(h.lifecycle.some((e) => e.kind === 'state-changed' && e.pid === pid && e.state === 'stopped')).toBe(true);
    await engine.signal({ pid, startTime, action: 'continue' });
    await untilTick(engine, (t) => row(t.processes, pid)?.state === 'sleeping', 3);

    await engine.signal({ pid, startTime, action: 'kill' });
    const exit = await waitFor(() => h.exits.find((e) => e.runId === 's'), 5000, 'run-exit');
    expect(exit.exit).toMatchObject({ code: null, signal: 'SIGKILL', by: 'user' });
    expect(row(engine.runProcesses('s'), pid)?.exited).toMatchObject({ signal: 'SIGKILL', by: 'user' });
    expect(h.lifecycle.find((e) => e.kind === 'exited' && e.pid === pid)?.detail).toBe('killed by SIGKILL');
  });

  it('kill-tree ends a process that ignores SIGTERM after the grace period', async () => {
    const h = await startHarness(); // default grace: 2 s
    const { engine } = h;
    const { pid, startTime } = await engine.launch({ runId: 'i', argv: [PY, path.join(FIXTURES, 'ignore-term.py')], cwd: FIXTURES });
    await waitFor(() => h.outputs.find((o) => o.runId === 'i' && o.kind === 'mark'), 5000, 'ready');
    const t0 = Date.now();
    const res = await engine.signal({ pid, startTime, action: 'kill-tree' });
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(1900);
    expect(res.signalled).toBe(1);
    expect(isRunning(pid)).toBe(false);
    const exit = await waitFor(() => h.exits.find((e) => e.runId === 'i'), 5000, 'run-exit');
    expect(exit.exit).toMatchObject({ signal: 'SIGKILL', by: 'user' });
    const sent = h.lifecycle.filter((e) => e.kind === 'signal-sent' && e.pid === pid).map((e) => e.detail.split(' ')[0]);
    expect(sent).toEqual(expect.arrayContaining(['SIGTERM', 'SIGKILL']));
  });

  it('sends any standard signal by name (a handled SIGUSR1 leaves the process running), under the same guards', async () => {
    const h = await startHarness();
    const { engine } = h;
    const script =
      'import signal,sys,time\nsignal.signal(signal.SIGUSR1, lambda *a: (print("got USR1", flush=True)))\nprint("ready", flush=True)\ntime.sleep(600)';
    const { pid, startTime } = await engine.launch({ runId: 'u', argv: [PY, '-c', script], cwd: FIXTURES });
    await waitFor(() => h.outputs.find((o) => o.runId === 'u' && o.text === 'ready'), 5000, 'ready');
    // The PID-reuse guard holds for a signal by name as for the app's actions.
    const reused = await refusal(engine.signal({ pid, startTime: startTime + 1, action: 'signal', signal: 'SIGUSR1' }));
    expect(reused.message).toMatch(/reused/);
    const res = await engine.signal({ pid, startTime, action: 'signal', signal: 'SIGUSR1' });
    expect(res).toMatchObject({ pid, action: 'signal', signalled: 1, message: `sent SIGUSR1 to ${pid}` });
    await waitFor(() => h.outputs.find((o) => o.runId === 'u' && o.text === 'got USR1'), 5000, 'handler ran');
    expect(h.lifecycle.find((e) => e.kind === 'signal-sent' && e.pid === pid)?.detail).toBe('SIGUSR1 sent by the user: SIGUSR1 requested');
    expect(isRunning(pid)).toBe(true);
    // Init is refused whatever the signal.
    expect((await refusal(engine.signal({ pid: 1, action: 'signal', signal: 'SIGHUP', confirm: true }))).code).toBe('refused');
    await expect(engine.signal({ pid, startTime, action: 'signal' })).rejects.toThrow(/needs a signal name/);
    await engine.stopRun('u');
  });

  it('refuses a stale start time (PID reuse) and an exited process', async () => {
    const h = await startHarness();
    const { engine } = h;
    const { pid, startTime } = await engine.launch({ runId: 'r', argv: ['sleep', '600'], cwd: FIXTURES });
    const reused = await refusal(engine.signal({ pid, startTime: startTime + 1, action: 'kill' }));
    expect(reused.code).toBe('refused');
    expect(reused.message).toMatch(/reused/);
    expect(isRunning(pid)).toBe(true);

    await engine.stopRun('r');
    await waitFor(() => h.exits.find((e) => e.runId === 'r'), 5000, 'run-exit');
    const gone = await refusal(engine.signal({ pid, startTime, action: 'terminate' }));
    expect(gone.code).toBe('refused');
    expect(gone.message).toMatch(/gone/);
  });

  it('always refuses init, itself and its ancestors; foreign processes need a confirmation, in any scope', async () => {
    const h = await startHarness();
    const { engine } = h;
    expect((await refusal(engine.signal({ pid: 1, action: 'kill', confirm: true }))).message).toMatch(/init/);
    engine.configure({ scope: 'system' });
    expect((await refusal(engine.signal({ pid: process.pid, action: 'kill', confirm: true }))).message).toMatch(/ProcLab itself/);
    expect((await refusal(engine.signal({ pid: process.ppid, action: 'terminate', confirm: true }))).code).toBe('refused');

    // A process that is not part of any run.
    const { spawn } = await import('node:child_process');
    const foreign = spawn('sleep', ['600'], { stdio: 'ignore' });
    try {
      const pid = foreign.pid!;
      expect((await refusal(engine.signal({ pid, action: 'terminate' }))).code).toBe('confirm-required');
      const ok = await engine.signal({ pid, action: 'stop', confirm: true });
      expect(ok.signalled).toBe(1);
      const t = await untilTick(engine, (tk) => (row(tk.processes, pid)?.state === 'stopped' ? tk : undefined), 3);
      expect(row(t.processes, pid)?.runId).toBeNull();
    } finally {
      foreign.kill('SIGKILL');
    }
    const missing = await refusal(engine.signal({ pid: 2 ** 31 - 2, action: 'kill', confirm: true }));
    expect(missing.code).toBe('not-found');
  });
});
