import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import readline from 'node:readline';
import { say } from '../../../shared/engine-texts';
import { ProclabError } from '../../../shared/errors';

/**
 * Starts a program as the leader of a new session and process group (detached), so the whole
 * tree can be signalled at once and the app's own terminal signals never reach it.
 * Resolves once the kernel has exec'd the program (libuv waits for that), or throws.
 */
export async function spawnDetached(
  argv: string[],
  cwd: string,
  env: Record<string, string> | undefined,
  onLine: (stream: 'stdout' | 'stderr', line: string) => void,
): Promise<ChildProcess> {
  const [cmd, ...args] = argv;
  if (!cmd) throw new ProclabError('invalid-payload', 'a run needs a program to start (argv is empty)');
  // Unbuffered Python so progress lines arrive when printed, not when the buffer fills.
  const childEnv = { ...process.env, PYTHONUNBUFFERED: '1', ...env };
  const child = spawn(cmd, args, { cwd, env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) {
    const [err] = (await once(child, 'error').catch((e: unknown) => [e])) as [Error];
    throw ProclabError.saying('not-found', say('err.could-not-start-in', { program: cmd, cwd, message: err?.message ?? 'unknown error' }));
  }
  // An 'error' after a successful spawn (e.g. a failed kill) must not crash the host.
  child.on('error', () => {});
  for (const stream of ['stdout', 'stderr'] as const) {
    const s = child[stream];
    if (!s) continue;
    const rl = readline.createInterface({ input: s, crlfDelay: Infinity });
    rl.on('line', (line) => onLine(stream, line));
  }
  return child;
}
