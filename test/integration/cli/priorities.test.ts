import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, REPO } from '../cli-helpers';
import { harness, PY, type Harness } from '../engine-helpers';
import { waitFor } from '../../helpers/wait-for';
import { refusal } from '../helpers/signal-suite';

let h: Harness | null = null;
const cleanup: Array<() => void> = [];
afterEach(async () => {
  await h?.dispose();
  h = null;
  for (const f of cleanup.splice(0)) f();
});

// Three threads that sleep, so a renice that only touched the main thread would show.
const THREADS =
  'import threading, time\nfor _ in range(2): threading.Thread(target=time.sleep, args=(600,), daemon=True).start()\ntime.sleep(600)';

const ps = (pid: number, fields: string): string[] =>
  execFileSync('ps', ['-L', '-o', `${fields}=`, '-p', String(pid)], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((s) => s.trim());

async function threadsReady(pid: number): Promise<void> {
  await waitFor(() => ps(pid, 'tid').length >= 3, 10_000, `3 threads in PID ${pid}`);
}

/** A just-spawned `sleep` has exec-ed (before, the pid is still a copy of this Node). */
async function execed(pid: number): Promise<void> {
  await waitFor(() => fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'sleep', 5000, `PID ${pid} to exec sleep`);
}

describe('priorities: renice and CPU affinity', () => {
  it('renices every thread of a run process: ps reports the new NI, and PRI follows', async () => {
    h = await harness();
    const { pid, startTime } = await h.engine.launch({ runId: 'nice', argv: [PY, '-c', THREADS], cwd: REPO });
    await threadsReady(pid);
    const r = await h.engine.renice({ pid, startTime, nice: 7 });
    expect(r.nice).toEqual({ from: 0, to: 7 });
    expect(r.message).toBe(`nice of PID ${pid}: 0 → 7 (3 threads)`);
    expect(r.text.zh).toContain('nice 值');
    // Every native thread, the Python bootstrap's listener too (the message counts the program's 3).
    expect(new Set(ps(pid, 'ni'))).toEqual(new Set(['7']));
    const t = await h.engine.tickNow();
    expect(t.processes.find((p) => p.pid === pid)).toMatchObject({ nice: 7, priority: 27 });
  });

  // Skipped on a one-core machine: there is no other core to move to.
  it.skipIf(os.cpus().length < 2)('pins a run process to one core: taskset -p and ps psr report it, and back (needs 2 cores)', async () => {
    const n = os.cpus().length;
    h = await harness();
    const { pid, startTime } = await h.engine.launch({ runId: 'aff', argv: [PY, '-c', THREADS], cwd: REPO });
    await threadsReady(pid);
    const r = await h.engine.affinity({ pid, startTime, cores: '1' });
    // util-linux prints a full list either as a range or comma-separated, depending on its version.
    expect(r.cores?.to).toBe('1');
    expect([`0-${n - 1}`, [...Array(n).keys()].join(',')]).toContain(r.cores?.from);
    expect(execFileSync('taskset', ['-p', String(pid)], { encoding: 'utf8' })).toMatch(/current affinity mask: 2\s*$/);
    // -a: every thread moved, not only the main one.
    for (const tid of ps(pid, 'tid')) expect(execFileSync('taskset', ['-p', '-c', tid], { encoding: 'utf8' })).toMatch(/list: 1\s*$/);
    // A busy process shows the move in ps's PSR (and ProcLab's last core) once it has run again.
    const busy = await h.engine.launch({ runId: 'busy', argv: [PY, '-c', 'while True: pass'], cwd: REPO });
    await h.engine.affinity({ pid: busy.pid, startTime: busy.startTime, cores: '1' });
    // The spinning main thread (a sleeping thread, e.g. the bootstrap's listener, moves only when it next wakes).
    await waitFor(() => execFileSync('ps', ['-o', 'psr=', '-p', String(busy.pid)], { encoding: 'utf8' }).trim() === '1', 5000, 'ps PSR 1');
    const t = await h.engine.tickNow();
    expect(t.processes.find((p) => p.pid === busy.pid)?.lastCore).toBe(1);
    await h.engine.stopRun('busy');
    await h.engine.affinity({ pid, startTime, cores: `0-${n - 1}` });
    expect(execFileSync('taskset', ['-p', String(pid)], { encoding: 'utf8' })).toMatch(
      new RegExp(`mask: ${((1 << n) - 1).toString(16)}\\s*$`),
    );
  });

  it('refuses clearly: init, bad values, reused pids, foreign processes without confirmation', async () => {
    h = await harness();
    const e = h.engine;
    expect((await refusal(e.renice({ pid: 1, nice: 5 }))).message).toContain('init');
    expect((await refusal(e.renice({ pid: process.pid, nice: 5 }))).code).toBe('refused');
    const bad = await refusal(e.renice({ pid: 1234, nice: 25 }));
    expect(bad).toMatchObject({ code: 'invalid-payload', message: 'nice must be an integer from -20 to 19, not 25' });
    expect((await refusal(e.affinity({ pid: 1234, cores: '99' }))).message).toContain('are not a list of this machine');
    const foreign = spawn('sleep', ['600'], { stdio: 'ignore' });
    cleanup.push(() => foreign.kill('SIGKILL'));
    const fpid = foreign.pid!;
    await execed(fpid);
    const unconfirmed = await refusal(e.renice({ pid: fpid, nice: 3 }));
    expect(unconfirmed.code).toBe('confirm-required');
    expect(unconfirmed.message).toBe(
      `PID ${fpid} is not part of a ProcLab run. Please confirm that you want to change its priority or cores.`,
    );
    expect((await refusal(e.affinity({ pid: fpid, cores: '0' }))).message).toContain('Please confirm');
    const st = Number(fs.readFileSync(`/proc/${fpid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]);
    const reused = await refusal(e.renice({ pid: fpid, startTime: st + 1, nice: 3, confirm: true }));
    expect(reused.message).toContain('was reused');
    expect(reused.message).toContain('nothing was changed');
    expect(ps(fpid, 'ni')).toEqual(['0']);
    const ok = await e.renice({ pid: fpid, startTime: st, nice: 3, confirm: true });
    expect(ok.nice).toEqual({ from: 0, to: 3 });
    expect(ps(fpid, 'ni')).toEqual(['3']);
  });

  it('the CLI: proclab renice / affinity, and raising priority without privilege is refused and changes nothing', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-prio-'));
    fs.chmodSync(dataDir, 0o777);
    cleanup.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    // The unprivileged side: as root, a process and the CLI both run as nobody.
    const asNobody = process.getuid?.() === 0;
    const uid = asNobody ? { uid: 65534, gid: 65534 } : {};
    const victim = spawn('sleep', ['600'], { stdio: 'ignore', ...uid });
    cleanup.push(() => victim.kill('SIGKILL'));
    const pid = victim.pid!;
    await execed(pid);

    const lower = await cli(['renice', String(pid), '5', '--yes'], dataDir);
    expect(lower.stdout).toBe(`nice of PID ${pid}: 0 → 5 (1 threads)\n`);
    expect(lower.code).toBe(0);
    expect(ps(pid, 'ni')).toEqual(['5']);
    const noYes = await cli(['renice', String(pid), '4'], dataDir);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toContain('add --yes to renice it anyway');
    expect((await cli(['renice', String(pid), '30'], dataDir)).stderr).toContain('nice must be an integer from -20 to 19');

    const entry = path.join(REPO, 'src/main/cli/index.ts');
    const raise = spawnSync(process.execPath, ['--import', 'tsx', entry, 'renice', String(pid), '-2', '--yes'], {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, PROCLAB_DATA_DIR: dataDir, HOME: dataDir, NO_COLOR: '1' },
      ...uid,
    });
    if (!asNobody && raise.status === 0) return; // a privileged non-root (CAP_SYS_NICE) may raise it: nothing to refuse
    expect(raise.stderr).toContain(`Raising the priority of PID ${pid} (nice 5 → -2) needs privileges`);
    expect(raise.status).toBe(1);
    expect(ps(pid, 'ni')).toEqual(['5']);

    const aff = await cli(['affinity', String(pid), '0', '--yes'], dataDir);
    expect(aff.stdout).toMatch(new RegExp(`^PID ${pid} may now run on cores 0 \\(was 0[-,\\d]*\\)\\n$`));
    expect(execFileSync('taskset', ['-p', '-c', String(pid)], { encoding: 'utf8' })).toMatch(/list: 0\s*$/);
    expect((await cli(['affinity', String(pid), 'x'], dataDir)).stderr).toContain('cores must be a list');
  });
});
