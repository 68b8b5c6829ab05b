/**
 * Processes no signal may reach, on real processes: kernel threads (kthreadd and its children)
 * are refused with the reason instead of "sent"; another running ProcLab host (its own data
 * folder) is refused like ProcLab itself, through the engine and the CLI's `kill --yes`; and the
 * CLI's `--start-time` (the START column of `proclab ps`) guards against a reused pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProclabHost } from '../../../../src/main/core/supervisor/instances';
import { alive, cli, REPO } from '../../cli-helpers';
import { waitFor } from '../../../helpers/wait-for';
import { row, startTimeOf, untilTick } from '../../engine-helpers';
import { harnessPerTest, refusal } from '../../helpers/signal-suite';
import { HOST_START_MS, spawnWebHost, type HostProc } from '../../helpers/web-host';

const startHarness = harnessPerTest();

/** A child of kthreadd that is alive now (every Linux has some: kworkers, ksoftirqd …). */
function kernelChild(): number {
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || name === '2') continue;
    try {
      const st = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      if (st.slice(st.lastIndexOf(')') + 2).split(' ')[1] === '2') return Number(name);
    } catch {
      // gone meanwhile
    }
  }
  throw new Error('no child of kthreadd found');
}

const hasKthreadd = ((): boolean => {
  try {
    return fs.readFileSync('/proc/2/stat', 'utf8').startsWith('2 (kthreadd) ');
  } catch {
    return false;
  }
})();

describe('kernel threads', () => {
  it('refuses PID 2 and a child of it with the reason, in both languages, and marks their rows', async (ctx) => {
    if (!hasKthreadd) ctx.skip('no kthreadd visible here (a PID namespace hides kernel threads)');
    const h = await startHarness();
    h.engine.configure({ scope: 'system' });
    const kid = kernelChild();
    for (const pid of [2, kid]) {
      for (const action of ['stop', 'kill', 'kill-tree'] as const) {
        const e = await refusal(h.engine.signal({ pid, action, confirm: true }));
        expect(e.code).toBe('refused');
        expect(e.message).toBe(`PID ${pid} is a kernel thread: it ignores signals, so ProcLab does not send any.`);
        expect(e.text?.zh).toContain('内核线程');
      }
    }
    const tick = await untilTick(h.engine, (t) => (row(t.processes, 2) && row(t.processes, kid) ? t : null), 3);
    expect(row(tick.processes, 2)?.kernelThread).toBe(true);
    expect(row(tick.processes, kid)?.kernelThread).toBe(true);
    expect(row(tick.processes, process.pid)?.kernelThread).toBeUndefined();
  });

  it('refuses renice and affinity of kthreadd and a child of it, naming the rule, and changes nothing', async (ctx) => {
    if (!hasKthreadd) ctx.skip('no kthreadd visible here (a PID namespace hides kernel threads)');
    const h = await startHarness();
    const kid = kernelChild();
    for (const pid of [2, kid]) {
      const before = os.getPriority(pid);
      const n = await refusal(h.engine.renice({ pid, nice: before === 5 ? 6 : 5, confirm: true }));
      expect([n.code, n.message]).toEqual([
        'refused',
        `PID ${pid} is a kernel thread: the kernel runs it where and how it needs, so ProcLab does not change its priority or cores.`,
      ]);
      expect(n.text?.zh).toContain('内核线程');
      expect(os.getPriority(pid)).toBe(before);
      const a = await refusal(h.engine.affinity({ pid, cores: '0', confirm: true }));
      expect(a.message).toContain('is a kernel thread');
    }
  });
});

describe('another ProcLab host', () => {
  let other: HostProc;
  let dataDir: string;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-cli-guard-'));
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-other-host-'));
    other = await spawnWebHost(dataDir);
    const pid = other.proc.pid!;
    await waitFor(() => isProclabHost(pid, startTimeOf(pid)), 10_000, 'the other host to list itself');
  });
  afterAll(async () => {
    if (other.proc.exitCode === null) {
      const gone = new Promise((r) => other.proc.once('exit', r));
      other.proc.kill('SIGTERM');
      await gone;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('is refused by the engine, whatever the action, and stays up', async () => {
    const h = await startHarness();
    h.engine.configure({ scope: 'system' });
    const pid = other.proc.pid!;
    for (const action of ['terminate', 'kill', 'stop'] as const) {
      const e = await refusal(h.engine.signal({ pid, action, confirm: true }));
      expect(e.code).toBe('refused');
      expect(e.message).toBe(`PID ${pid} is another running ProcLab; quit it from its own window or terminal.`);
    }
    expect(alive(pid)).toBe(true);
  });

  it('renice and affinity of it are refused under the same rule, and its priority stays', async () => {
    const h = await startHarness();
    const pid = other.proc.pid!;
    const before = os.getPriority(pid);
    const n = await refusal(h.engine.renice({ pid, nice: before === 7 ? 8 : 7, confirm: true }));
    expect([n.code, n.message]).toEqual([
      'refused',
      `PID ${pid} is another running ProcLab; ProcLab does not change its priority or cores.`,
    ]);
    expect(n.text?.zh).toContain('另一个正在运行的 ProcLab');
    expect(os.getPriority(pid)).toBe(before);
    const a = await refusal(h.engine.affinity({ pid, cores: '0', confirm: true }));
    expect(a.message).toContain('is another running ProcLab');
    expect(alive(pid)).toBe(true);
  });

  it('is refused by `proclab kill --yes` (plain and tree)', async () => {
    const pid = other.proc.pid!;
    for (const sig of ['KILL', 'tree']) {
      const r = await cli(['kill', String(pid), '--yes', '-s', sig], work);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('is another running ProcLab');
    }
    expect(alive(pid)).toBe(true);
  });

  it('refuses a tree kill of a shell whose tree holds a host, sending nothing', async () => {
    // `; true` keeps sh from exec'ing: the host is its child, as under a terminal or `npm start`.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-wrapped-host-'));
    const host = `'${process.execPath}' --import tsx src/main/web/index.ts --no-open >/dev/null 2>&1; true`;
    // Its own process group: the finally ends the host with it (killing only sh orphaned a host
    // that had not listed itself in time; the 20x loop under load found it).
    const sh = spawn('sh', ['-c', host], { cwd: REPO, env: { ...process.env, PROCLAB_DATA_DIR: dir }, stdio: 'ignore', detached: true });
    try {
      const childOf = (ppid: number): number | undefined =>
        fs
          .readdirSync('/proc')
          .filter((n) => /^\d+$/.test(n))
          .map(Number)
          .find((p) => {
            try {
              const st = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
              return Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]) === ppid;
            } catch {
              return false;
            }
          });
      let hostPid = 0;
      await waitFor(
        () => {
          hostPid = childOf(sh.pid!) ?? 0;
          return hostPid > 0 && isProclabHost(hostPid, startTimeOf(hostPid));
        },
        HOST_START_MS,
        'the wrapped host to list itself',
      );
      const r = await cli(['kill', String(sh.pid), '--yes', '-s', 'tree'], work);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`PID ${hostPid} is another running ProcLab`);
      expect(alive(sh.pid!)).toBe(true);
      expect(alive(hostPid)).toBe(true);
      process.kill(hostPid, 'SIGTERM');
      await waitFor(() => !alive(sh.pid!), 10_000, 'the wrapper to end with its host');
    } finally {
      try {
        process.kill(-sh.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is listed only while it runs: its entry goes when it quits', async () => {
    const extraDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-third-host-'));
    const third = await spawnWebHost(extraDir);
    const pid = third.proc.pid!;
    const st = startTimeOf(pid);
    try {
      await waitFor(() => isProclabHost(pid, st), 10_000, 'the third host to list itself');
    } finally {
      const gone = new Promise((r) => third.proc.once('exit', r));
      third.proc.kill('SIGTERM');
      await gone;
      fs.rmSync(extraDir, { recursive: true, force: true });
    }
    expect(isProclabHost(pid, st)).toBe(false);
  });

  it('takes its entry back on a SIGTERM that lands while it is still starting', async () => {
    // The cause of the rare stale entry above: the host was listed (engine start) before its
    // signal handlers were in, so a SIGTERM in between killed it by node's default action.
    const extraDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-early-host-'));
    const early = spawn(process.execPath, ['--import', 'tsx', 'src/main/web/index.ts', '--no-open'], {
      cwd: REPO,
      env: { ...process.env, PROCLAB_DATA_DIR: extraDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    early.stdout!.on('data', (d) => (out += d));
    early.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((r) => early.once('exit', (c, s) => r([c, s])));
    const pid = early.pid!;
    try {
      const st = startTimeOf(pid);
      // Signal the moment the entry appears, before the host has printed its URL.
      await waitFor(() => isProclabHost(pid, st), HOST_START_MS, { what: 'the starting host to list itself', intervalMs: 1 });
      early.kill('SIGTERM');
      const [code, signal] = await exited;
      expect({ code, signal }, out).toEqual({ code: 0, signal: null });
      expect(isProclabHost(pid, st)).toBe(false);
    } finally {
      early.kill('SIGKILL');
      fs.rmSync(extraDir, { recursive: true, force: true });
    }
  });
});

describe('proclab kill --start-time', () => {
  let victim: ChildProcess;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-cli-start-'));
  beforeAll(() => {
    victim = spawn('sleep', ['120'], { stdio: 'ignore' });
  });
  afterAll(() => {
    victim.kill('SIGKILL');
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('ps prints the start time a user can paste back; a wrong one is refused, the right one signals', async () => {
    const pid = victim.pid!;
    const st = startTimeOf(pid);
    const ps = await cli(['ps', '--all'], work);
    expect(ps.code).toBe(0);
    const [header, ...lines] = ps.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^\s*PID\s+PPID\s+START\s+USER/);
    const mine = lines.map((l) => l.trim().split(/\s+/)).find((c) => c[0] === String(pid));
    expect(mine?.[2]).toBe(String(st));

    const stale = await cli(['kill', String(pid), '--yes', '-s', 'KILL', '--start-time', String(st + 1)], work);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(`PID ${pid} was reused`);
    expect(alive(pid)).toBe(true);

    const bad = await cli(['kill', String(pid), '--start-time', 'soon'], work);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad --start-time "soon"');

    const ok = await cli(['kill', String(pid), '--yes', '-s', 'KILL', '--start-time', String(st)], work);
    expect(ok.code).toBe(0);
    await waitFor(() => !alive(pid), 5000, 'the sleep to end');
  });
});
