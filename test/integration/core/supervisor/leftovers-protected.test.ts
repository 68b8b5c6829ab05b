/**
 * A stale or crafted leftover journal is only a hint. The next start ends a process it names only
 * under the same policy as a user's signal and only when the process's own environment carries
 * the dead instance's run marker: another running ProcLab host, the starting app's parent shell
 * (and its process group), the app itself, a kernel thread and an unrelated process all survive
 * unsignalled, while a genuine leftover of the dead instance is still ended.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProclabHost } from '../../../../src/main/core/supervisor/instances';
import { FIXTURES, isRunning, startTimeOf, waitFor } from '../../engine-helpers';
import { spawnWebHost, type HostProc } from '../../helpers/web-host';

/** A made-up instance that is gone: pid 2^22-1 with start time 1. */
const DEAD = { pid: 4194303, startTime: 1 };

/** A child of kthreadd that is alive now (ksoftirqd, a kworker …). */
function kernelChild(): number | null {
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || name === '2') continue;
    try {
      const st = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      if (st.slice(st.lastIndexOf(')') + 2).split(' ')[1] === '2') return Number(name);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

const hasKthreadd = ((): boolean => {
  try {
    return fs.readFileSync('/proc/2/stat', 'utf8').startsWith('2 (kthreadd) ');
  } catch {
    return false;
  }
})();

describe('leftover cleanup under the signal policy', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-leftover-guard-'));
  const stateDir = path.join(work, 'state');
  let other: HostProc;
  const started: ChildProcess[] = [];

  beforeAll(async () => {
    fs.mkdirSync(stateDir);
    other = await spawnWebHost(path.join(work, 'other-host'));
    const pid = other.proc.pid!;
    await waitFor(() => isProclabHost(pid, startTimeOf(pid)), 15_000, 'the other host to list itself');
  }, 60_000);

  afterAll(async () => {
    for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    if (other.proc.exitCode === null) {
      const gone = new Promise((r) => other.proc.once('exit', r));
      other.proc.kill('SIGTERM');
      await gone;
    }
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('signals none of another host, the parent shell, its group, a kernel thread or an unmarked process; ends the marked leftover', async () => {
    // A process of nobody's run, leading its own group as a run root does.
    const unmarked = spawn('sleep', ['600'], { detached: true, stdio: 'ignore' });
    started.push(unmarked);
    await waitFor(() => isRunning(unmarked.pid!), 5000, 'the unmarked sleeper');
    const kernel = hasKthreadd ? [2, kernelChild()].filter((p): p is number => p !== null) : [];
    const hostPid = other.proc.pid!;
    const entry = (pid: number, runId = 'gone-run') => ({ pid, startTime: startTimeOf(pid), runId });
    const journalFile = path.join(stateDir, `live-${DEAD.pid}.json`);
    fs.writeFileSync(
      journalFile,
      JSON.stringify({
        owner: DEAD,
        live: [entry(hostPid), entry(unmarked.pid!), ...kernel.map((p) => entry(p))],
      }),
    );

    // The app starts under a shell that leads its own process group and records a SIGTERM;
    // the app adds itself, that shell and a genuine leftover (a process carrying the dead
    // instance's marker) to the journal before it starts.
    const calls = path.join(work, 'calls.jsonl');
    const trapped = path.join(work, 'shell-signals.txt');
    fs.writeFileSync(trapped, '');
    const app = `'${process.execPath}' --import tsx '${path.join(FIXTURES, 'start-recording.ts')}' '${stateDir}' '${calls}' '${journalFile}'`;
    const shell = spawn('sh', ['-c', `trap 'echo TERM >> "${trapped}"' TERM; ${app}; echo "exit $?" >> "${trapped}"`], {
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    started.push(shell);
    let out = '';
    shell.stdout!.on('data', (d) => (out += d));
    await new Promise((r) => shell.once('exit', r));

    const sent = fs
      .readFileSync(calls, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as [number, string | number])
      .filter(([, sig]) => sig !== 0); // existence probes, not signals
    const targets = new Set(sent.map(([pid]) => pid));
    const shellPid = shell.pid!;
    for (const pid of [hostPid, shellPid, -shellPid, unmarked.pid!, ...kernel]) expect(targets.has(pid), `signalled ${pid}`).toBe(false);
    expect(fs.readFileSync(trapped, 'utf8')).toBe('exit 0\n'); // the shell got no SIGTERM and the app ended normally
    const result = JSON.parse(out.trim()) as { leftoversEnded: number; genuine: number };
    expect(result.leftoversEnded).toBe(1);
    expect(targets.has(-result.genuine) || targets.has(result.genuine)).toBe(true);
    expect(isRunning(result.genuine)).toBe(false);
    expect(isRunning(hostPid)).toBe(true);
    expect(isRunning(unmarked.pid!)).toBe(true);
    expect(fs.existsSync(journalFile)).toBe(false); // handled, so the next start does not read it again
  }, 60_000);
});
