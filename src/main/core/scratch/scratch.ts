import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Runtime } from '../../../shared/model';
import { pythonExecutable } from '../scenarios/registry';

/**
 * The scratchpad's programs: each run's code is written into a folder of its own under the
 * data dir and started by the real interpreter, the way scenarios are (no shell, no shims),
 * so the run's tree holds the user's program and nothing else.
 */
export interface ScratchLaunch {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  file: string;
}

/**
 * Node 20 reads a `.js` file as CommonJS: a program written with `import` would fail with a
 * syntax error the user did not make. ES module syntax gets `.mjs`, everything else `.cjs`.
 */
export function nodeFileName(code: string): string {
  return /^\s*(import\s+[\w*{'"]|export\s)/m.test(code) ? 'main.mjs' : 'main.cjs';
}

export function scratchRoot(dataDir: string): string {
  return join(dataDir, 'scratch');
}

export function writeScratch(dataDir: string, runId: string, runtime: Runtime, code: string): ScratchLaunch {
  const cwd = join(scratchRoot(dataDir), runId);
  mkdirSync(cwd, { recursive: true, mode: 0o700 });
  const name = runtime === 'python' ? 'main.py' : nodeFileName(code);
  const file = join(cwd, name);
  // 'wx': a file (or a symlink planted) at that name is refused, never followed or overwritten.
  writeFileSync(file, code, { mode: 0o600, flag: 'wx' });
  const env: Record<string, string> = {};
  let argv: string[];
  if (runtime === 'python') {
    argv = [pythonExecutable(), name];
    env.PYTHONDONTWRITEBYTECODE = '1';
  } else {
    argv = [process.execPath, name];
    if (process.versions.electron) env.ELECTRON_RUN_AS_NODE = '1';
  }
  return { argv, cwd, env, file };
}

/** The folder goes with the run's end: the code itself is kept in the run record. */
export function removeScratch(dataDir: string, runId: string): void {
  try {
    rmSync(join(scratchRoot(dataDir), runId), { recursive: true, force: true });
  } catch {
    // A read-only data dir: the folder stays, and the next start with a writable dir removes it.
  }
}

/** Folders a crashed instance left: those of runs that are not live any more. */
export function removeStaleScratch(dataDir: string, isLive: (runId: string) => boolean): number {
  let n = 0;
  let names: string[];
  try {
    names = readdirSync(scratchRoot(dataDir));
  } catch {
    return 0;
  }
  for (const id of names) {
    if (isLive(id)) continue;
    removeScratch(dataDir, id);
    n++;
  }
  return n;
}
