import { existsSync } from 'node:fs';
import { basename, delimiter, join } from 'node:path';
import { appFolder, pythonExecutable } from '../scenarios/registry';
import { STACKS_CHILD_FD, STACKS_FD_ENV } from './py-channel';

/**
 * The Python bootstrap ProcLab puts on the PYTHONPATH of every run (python-bootstrap/ beside
 * package.json, PROCLAB_BOOTSTRAP_DIR overrides): line-buffered output, native thread names,
 * stacks on request. A non-Python program ignores PYTHONPATH; a Python one it starts (a shell
 * script's python, a subprocess) gets the output and names too, the stacks channel only the root.
 */
let dir: string | null = null;

export function bootstrapDir(): string {
  if (dir) return dir;
  dir = process.env.PROCLAB_BOOTSTRAP_DIR || appFolder('python-bootstrap');
  return dir;
}

/** `python`, `python3`, `python3.11`, or the interpreter ProcLab resolved for its scenarios. */
export function looksLikePython(program: string | undefined): boolean {
  if (!program) return false;
  return /^python(\d+(\.\d+)?)?$/.test(basename(program)) || program === pythonExecutable();
}

export interface BootstrapLaunch {
  env: Record<string, string>;
  /** The root gets the stacks channel as fd 3. */
  channel: boolean;
}

/**
 * The env a run's program gets with the bootstrap; null when it is off or the folder is missing
 * (the run then starts as before, with PYTHONUNBUFFERED).
 */
export function bootstrapLaunch(argv: string[], runEnv: Record<string, string> | undefined): BootstrapLaunch | null {
  const d = bootstrapDir();
  if (!existsSync(join(d, 'sitecustomize.py'))) return null;
  const existing = runEnv?.PYTHONPATH ?? process.env.PYTHONPATH;
  const env: Record<string, string> = { PYTHONPATH: existing ? `${d}${delimiter}${existing}` : d };
  const channel = looksLikePython(argv[0]);
  if (channel) env[STACKS_FD_ENV] = String(STACKS_CHILD_FD);
  return { env, channel };
}
