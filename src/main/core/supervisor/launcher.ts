import type { BootstrapLaunch } from '../stacks/bootstrap';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { say } from '../../../shared/engine-texts';
import { ProclabError } from '../../../shared/errors';
import { readCmdline } from '../procfs';
import { lineCutNote, splitLines } from './line-splitter';

/**
 * Joins the given cgroup.procs files with its own pid, then exec's the program: same pid, no
 * extra process left, and the program starts inside its run's cgroup, so nothing it forks can
 * start outside. `exit 126` if a join fails, so a run never starts uncontained by accident.
 * Then, where given: `ulimit -u` (RLIMIT_NPROC, the fallback process limit without cgroups) and
 * `unshare --cgroup` (exec'd, so still the same pid), which makes the run's cgroups the root of
 * what the program sees.
 */
const JOIN_THEN_EXEC =
  'n=$1; u=$2; c=$3; shift 3; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 126; shift; n=$((n-1)); done; ' +
  // bash and busybox say -u for RLIMIT_NPROC, dash says -p.
  '[ "$u" = - ] || ulimit -u "$u" 2>/dev/null || ulimit -p "$u" || exit 126; ' +
  '[ "$c" = - ] || exec "$c" --cgroup -- "$@"; exec "$@"';

let unshareCache: string | null | undefined;

/**
 * util-linux `unshare` if it can make a cgroup namespace here (root, a kernel with them), else
 * null. Probed once: a failing `unshare` would end every run at its start.
 */
export function cgroupNsTool(): string | null {
  if (unshareCache !== undefined) return unshareCache;
  unshareCache = null;
  if (process.platform !== 'linux' || process.env.PROCLAB_CGROUP_NS === 'off') return null;
  for (const p of ['/usr/bin/unshare', '/bin/unshare']) {
    if (!fs.existsSync(p)) continue;
    const r = spawnSync(p, ['--cgroup', '--', 'true'], { stdio: 'ignore', timeout: 5000 });
    if (r.status === 0) unshareCache = p;
    break;
  }
  return unshareCache;
}

export interface SpawnOptions {
  argv: string[];
  cwd: string;
  env: Record<string, string> | undefined;
  /** cgroup.procs files to join before exec (empty: no cgroup). */
  join: string[];
  /** RLIMIT_NPROC for the program (the fallback process limit), or null. */
  nproc?: number | null;
  /** Start it in a cgroup namespace (after the joins) where the machine allows. */
  cgroupNs?: boolean;
  onLine: (stream: 'stdout' | 'stderr', line: string) => void;
  /** The Python bootstrap (core/stacks/bootstrap.ts): its env, and whether fd 3 is the stacks channel. */
  bootstrap?: Pick<BootstrapLaunch, 'env' | 'runtime'> | null;
}

/** PATH lookup as exec does it, so a missing program fails here with its name, not inside the shell. */
function findProgram(cmd: string, cwd: string, pathVar: string | undefined): string | null {
  const ok = (p: string): boolean => {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (cmd.includes('/')) return ok(path.resolve(cwd, cmd)) ? cmd : null;
  for (const dir of (pathVar ?? '').split(path.delimiter)) if (dir && ok(path.join(dir, cmd))) return cmd;
  return null;
}

/**
 * Starts a program as the leader of a new session and process group (detached), so the whole
 * tree can be signalled at once and the app's own terminal signals never reach it; with cgroup
 * files to join, through a shell that joins them and exec's the program.
 * Resolves once the kernel has exec'd the program (libuv waits for that), or throws.
 */
export async function spawnDetached(o: SpawnOptions): Promise<ChildProcess> {
  const [cmd, ...args] = o.argv;
  if (!cmd) throw new ProclabError('invalid-payload', 'a run needs a program to start (argv is empty)');
  // Python output arrives when printed, not when the buffer fills: line-buffered by the bootstrap
  // (whole lines, as in a terminal), else unbuffered (threads' print() arguments may interleave).
  const childEnv: NodeJS.ProcessEnv = o.bootstrap
    ? { ...process.env, ...o.env, ...o.bootstrap.env }
    : { ...process.env, PYTHONUNBUFFERED: '1', ...o.env };
  if (o.bootstrap) delete childEnv.PYTHONUNBUFFERED;
  const stdio: Array<'ignore' | 'pipe'> = ['ignore', 'pipe', 'pipe'];
  if (o.bootstrap?.runtime) stdio.push('pipe');
  const cantStart = (message: string): ProclabError =>
    ProclabError.saying('not-found', say('err.could-not-start-in', { program: cmd, cwd: o.cwd, message }));
  let child: ChildProcess;
  const unshare = o.cgroupNs && o.join.length ? cgroupNsTool() : null;
  const viaShell = o.join.length > 0 || !!o.nproc;
  if (viaShell) {
    if (!fs.existsSync(o.cwd)) throw cantStart(`spawn ${cmd} ENOENT (no such directory ${o.cwd})`);
    if (!findProgram(cmd, o.cwd, childEnv.PATH)) throw cantStart(`spawn ${cmd} ENOENT`);
    const shArgs = [String(o.join.length), o.nproc ? String(o.nproc) : '-', unshare ?? '-', ...o.join, cmd, ...args];
    child = spawn('/bin/sh', ['-c', JOIN_THEN_EXEC, 'proclab-launch', ...shArgs], {
      cwd: o.cwd,
      env: childEnv,
      detached: true,
      stdio,
    });
  } else child = spawn(cmd, args, { cwd: o.cwd, env: childEnv, detached: true, stdio });
  if (child.pid === undefined) {
    const [err] = (await once(child, 'error').catch((e: unknown) => [e])) as [Error];
    throw cantStart(err?.message ?? 'unknown error');
  }
  // An 'error' after a successful spawn (e.g. a failed kill) must not crash the host.
  child.on('error', () => {});
  for (const stream of ['stdout', 'stderr'] as const) {
    const s = child[stream];
    if (!s) continue;
    // Not readline: its line buffer has no bound, and one huge line without a newline ends the host.
    splitLines(s, (line, dropped) => {
      o.onLine(stream, line);
      if (dropped) o.onLine('stderr', lineCutNote(dropped));
    });
  }
  if (viaShell) await shellExeced(child.pid, unshare);
  return child;
}

/**
 * Until the joining shell has exec'd the program (microseconds, bounded): the run's first look
 * at its root would otherwise name it "sh" and show the launcher's command line.
 */
async function shellExeced(pid: number, unshare: string | null, timeoutMs = 500): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const cmdline = readCmdline(pid);
    if (!cmdline || (!cmdline.includes(' proclab-launch ') && !(unshare && cmdline.startsWith(`${unshare} --cgroup`)))) return;
    await new Promise((r) => setTimeout(r, 2));
  }
}
