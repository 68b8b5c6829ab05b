/**
 * Orphan and daemon badges of processes outside the runs (system scope), on real processes:
 * an orphan is one whose parent the engine saw exit; a daemon is a detached session leader
 * under PID 1 or a service manager, not every session leader without a terminal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, row, untilTick, type Harness } from '../../engine-helpers';

let h: Harness | null = null;
const started: number[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const pid of started.splice(0))
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  for (const c of children.splice(0)) c.kill('SIGKILL');
  await h?.dispose();
  h = null;
  delete process.env.PROCLAB_PROC_SOURCE;
  delete process.env.PROCLAB_CGROUP;
});

/** Starts `sh -c script` and returns the pid it prints first (a background job of its own). */
function shellJob(script: string): Promise<{ sh: ChildProcess; pid: number }> {
  const sh = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(sh);
  return new Promise((resolve, reject) => {
    sh.stdout!.once('data', (b: Buffer) => {
      const pid = Number(b.toString().trim().split('\n')[0]);
      if (!Number.isInteger(pid)) return reject(new Error(`no pid: ${b.toString()}`));
      started.push(pid);
      resolve({ sh, pid });
    });
  });
}

describe('USER, %MEM and TIME+ of a row, on every source', () => {
  for (const source of ['procfs', 'ps', 'pidusage'] as const)
    it(`${source}: a busy run's row has its CPU time and share of memory; the owner where the source knows it`, async () => {
      if (source !== 'procfs') {
        process.env.PROCLAB_PROC_SOURCE = source;
        // No cgroups, as on macOS/Windows: these sources' epoch-second start times make any other
        // ProcLab starting meanwhile read this engine as a dead instance and empty its run cgroups.
        process.env.PROCLAB_CGROUP = 'off';
      }
      h = await harness({ intervalMs: 500 });
      // Busy, so its CPU time grows.
      const { pid } = await h.engine.launch({
        runId: `cols-${source}`,
        argv: [process.execPath, '-e', 'const a = Buffer.alloc(8 << 20, 1); for (;;) a[0]++'],
        cwd: process.cwd(),
      });
      // ps prints whole seconds of CPU time: on a loaded machine the first second can take a while.
      const r = await untilTick(
        h.engine,
        (t) => {
          const x = row(t.processes, pid);
          return x && (x.cpuTimeMs ?? 0) > 0 && (x.memPct ?? 0) > 0 ? x : undefined;
        },
        60,
      );
      expect(r.memPct).toBeLessThan(100);
      if (source === 'procfs') expect(r.user).toEqual(expect.any(String));
      else expect(r.user).toBeNull(); // shown as "—"
      await h.engine.stopRun(`cols-${source}`);
    });
});

describe('foreign processes: orphan and daemon badges', () => {
  it('badges an orphan once its parent exits while watched, and not a child that still has its parent', async () => {
    h = await harness();
    h.engine.configure({ scope: 'system', intervalMs: 250 });
    // The shell lives 1.5 s, so the engine sees `sleep` under it first.
    const { sh, pid } = await shellJob('sleep 60 & echo $!; sleep 1.5');
    const before = await untilTick(h.engine, (t) => row(t.processes, pid), 12);
    expect(before).toMatchObject({ ppid: sh.pid, orphan: false, runId: null });
    const after = await untilTick(
      h.engine,
      (t) => {
        const r = row(t.processes, pid);
        return r && r.ppid !== sh.pid ? r : undefined;
      },
      40,
    );
    expect(after.orphan).toBe(true);
    // Still an orphan on the next look: the badge does not flicker off once the ppid is stable.
    const again = await untilTick(h.engine, (t) => row(t.processes, pid), 4);
    expect(again.orphan).toBe(true);
  });

  it('calls a detached session leader under an app no daemon, and one under PID 1 a daemon', async () => {
    h = await harness();
    h.engine.configure({ scope: 'system', intervalMs: 250 });
    // setsid by this (test) process: its own session, no terminal, but its parent is an app.
    const app = spawn('sleep', ['60'], { stdio: 'ignore', detached: true });
    children.push(app);
    // setsid, then its shell exits: re-parented to PID 1 (or a subreaper), as a started service.
    const { pid: svc } = await shellJob('setsid sleep 60 & echo $!');
    const t = await untilTick(
      h.engine,
      (tk) => {
        const a = row(tk.processes, app.pid!);
        const s = row(tk.processes, svc);
        return a && s ? { a, s, tk } : undefined;
      },
      12,
    );
    expect(t.a).toMatchObject({ ppid: process.pid, daemon: false });
    const later = await untilTick(
      h.engine,
      (tk) => {
        const s = row(tk.processes, svc);
        return s && s.ppid === 1 ? s : undefined;
      },
      20,
    ).catch(() => null);
    // Where PID 1 is not the reaper (a subreaper above us), the rule is about PID 1: skip the positive half.
    if (later) expect(later.daemon).toBe(true);
    // No row is a daemon whose parent is neither PID 1 nor a service manager it could name.
    for (const r of t.tk.processes)
      if (r.daemon && r.runId === null)
        expect(r.ppid === 1 || ['systemd', 'init', 'launchd', 'supervisord'].includes(row(t.tk.processes, r.ppid)?.name ?? '')).toBe(true);
  });
});
