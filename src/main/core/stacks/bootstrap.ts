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

let nodeDir: string | null = null;

/**
 * The Node preload (node-bootstrap/ beside package.json, PROCLAB_NODE_BOOTSTRAP_DIR overrides): put
 * on NODE_OPTIONS of a run whose program is Node, it answers stacks requests (node-bootstrap/proclab-preload.cjs).
 */
export function nodeBootstrapDir(): string {
  if (nodeDir) return nodeDir;
  nodeDir = process.env.PROCLAB_NODE_BOOTSTRAP_DIR || appFolder('node-bootstrap');
  return nodeDir;
}

export const NODE_PRELOAD = 'proclab-preload.cjs';

/** `node`, `nodejs`, or the Node ProcLab itself runs on (scenarios, the scratchpad). */
export function looksLikeNode(program: string | undefined): boolean {
  if (!program) return false;
  return /^node(js)?(\d+)?$/.test(basename(program)) || (program === process.execPath && !process.versions.electron);
}

/** `python`, `python3`, `python3.11`, or the interpreter ProcLab resolved for its scenarios. */
export function looksLikePython(program: string | undefined): boolean {
  if (!program) return false;
  return /^python(\d+(\.\d+)?)?$/.test(basename(program)) || program === pythonExecutable();
}

export interface BootstrapLaunch {
  env: Record<string, string>;
  /** Which bootstrap answers on the stacks channel the root gets as fd 3; null: no channel. */
  runtime: 'python' | 'node' | null;
}

/**
 * The env a run's program gets with the bootstrap; null when it is off or the folder is missing
 * (the run then starts as before, with PYTHONUNBUFFERED).
 */
export function bootstrapLaunch(argv: string[], runEnv: Record<string, string> | undefined): BootstrapLaunch | null {
  // Each runtime's bootstrap is its own folder: one missing turns off that one only.
  const d = bootstrapDir();
  const env: Record<string, string> = {};
  if (existsSync(join(d, 'sitecustomize.py'))) {
    // Any program may start Python children: they all get its bootstrap (only the root a channel).
    const existing = runEnv?.PYTHONPATH ?? process.env.PYTHONPATH;
    env.PYTHONPATH = existing ? `${d}${delimiter}${existing}` : d;
  }
  const preload = join(nodeBootstrapDir(), NODE_PRELOAD);
  // Electron runs a Node scenario as Node with ELECTRON_RUN_AS_NODE (registry.ts buildLaunch).
  const node = looksLikeNode(argv[0]) || (argv[0] === process.execPath && runEnv?.ELECTRON_RUN_AS_NODE === '1');
  if (node && existsSync(preload)) {
    const opts = runEnv?.NODE_OPTIONS ?? process.env.NODE_OPTIONS;
    // NODE_OPTIONS reads a quoted path as one word; the program's own options follow ours.
    env.NODE_OPTIONS = `--require ${JSON.stringify(preload)}${opts ? ` ${opts}` : ''}`;
    env[STACKS_FD_ENV] = String(STACKS_CHILD_FD);
    return { env, runtime: 'node' };
  }
  if (!env.PYTHONPATH) return null;
  const python = !node && looksLikePython(argv[0]);
  if (python) env[STACKS_FD_ENV] = String(STACKS_CHILD_FD);
  return { env, runtime: python ? 'python' : null };
}
