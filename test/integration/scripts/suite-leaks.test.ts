/**
 * The suite-end leak check of `npm test` (scripts/suite-leaks.mjs): a marked process that
 * escaped its parent (new session, parent gone) is found, reported and ended; unmarked ones
 * and other ids are left alone.
 */
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SUITE_VAR, endMarked, findMarked, newSuiteId } from '../../../scripts/suite-leaks.mjs';
import { waitFor } from '../../helpers/wait-for';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Starts `sleep 60` as a daemon (double fork + setsid) and returns its pid. */
function daemonizedSleep(env: Record<string, string>): number {
  // The grandchild lets go of the pipe before exec, or spawnSync would wait for it.
  const prog = [
    'import os, sys',
    'if os.fork(): sys.exit(0)',
    'os.setsid()',
    'if os.fork(): sys.exit(0)',
    'print(os.getpid(), flush=True)',
    'n = os.open(os.devnull, os.O_RDWR)',
    'for fd in (0, 1, 2): os.dup2(n, fd)',
    'os.execvp("sleep", ["sleep", "60"])',
  ].join('\n');
  const r = spawnSync('python3', ['-c', prog], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 10_000 });
  const pid = Number(r.stdout.trim());
  expect(pid).toBeGreaterThan(1);
  return pid;
}

describe('suite-end leak check', () => {
  it('finds and ends a marked daemonized grandchild, and only marked processes', async () => {
    const id = newSuiteId();
    const other = newSuiteId();
    const leaked = daemonizedSleep({ [SUITE_VAR]: id });
    const foreign = daemonizedSleep({ [SUITE_VAR]: other });
    const plain = spawn('sleep', ['60'], { env: { ...process.env, [SUITE_VAR]: '' } });
    try {
      await waitFor(() => findMarked(id).length > 0 && findMarked(other).length > 0, 5000, 'the marked sleepers to exec');
      expect(findMarked(id).map((p) => p.pid)).toEqual([leaked]);
      const ended = endMarked(id);
      expect(ended).toEqual([expect.objectContaining({ pid: leaked, cmd: 'sleep 60' })]);
      await waitFor(() => findMarked(id).length === 0, 5000, 'the marked process to end').catch(() => undefined);
      expect(findMarked(id)).toEqual([]);
      expect(alive(foreign)).toBe(true);
      expect(alive(plain.pid!)).toBe(true);
    } finally {
      for (const pid of [leaked, foreign, plain.pid!]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already ended
        }
      }
    }
  });
});
