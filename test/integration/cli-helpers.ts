import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Runs the real CLI the way the brief says: node --import tsx src/main/cli/index.ts … */
export const REPO = path.resolve(__dirname, '../..');
const ENTRY = path.join(REPO, 'src/main/cli/index.ts');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function startCli(
  args: string[],
  dataDir: string,
  opts: { cwd?: string } = {},
): { proc: ChildProcess; done: Promise<CliResult>; stderrSoFar: () => string } {
  const proc = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
    cwd: opts.cwd ?? REPO,
    env: { ...process.env, PROCLAB_DATA_DIR: dataDir, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', (d) => (stdout += d));
  proc.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<CliResult>((resolve) => proc.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { proc, done, stderrSoFar: () => stderr };
}

export function cli(args: string[], dataDir: string, opts: { cwd?: string } = {}): Promise<CliResult> {
  return startCli(args, dataDir, opts).done;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie still answers kill(0); it is dead for our purposes.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
