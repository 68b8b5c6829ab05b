import { test as base, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface AppServer {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  proc: ChildProcess;
  output: () => string;
}

const root = join(__dirname, '..', '..');

const START_DEADLINE_MS = 30_000;

/** Starts the built browser-mode host (out/main/web.js) exactly as `npm run start:web` does. */
export async function startApp(extraArgs: string[] = [], env: Record<string, string> = {}): Promise<AppServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'proclab-e2e-'));
  const proc = spawn(process.execPath, [join(root, 'out/main/web.js'), '--no-open', ...extraArgs], {
    cwd: root,
    env: { ...process.env, PROCLAB_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  // A deadline, not a wait: the host answers as soon as it has started (seconds on a loaded machine).
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Never leave the host behind when it was too slow: the suite's leak check would find it.
      proc.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
      reject(new Error(`browser mode did not print its URL within ${START_DEADLINE_MS / 1000} s:\n${out}`));
    }, START_DEADLINE_MS);
    const check = (): void => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    proc.stdout!.on('data', check);
    proc.on('exit', (code) => reject(new Error(`browser mode exited with ${code}:\n${out}`)));
  });
  const u = new URL(url);
  return { url, origin: u.origin, token: u.searchParams.get('token')!, dataDir, proc, output: () => out };
}

export async function stopApp(app: AppServer): Promise<void> {
  if (app.proc.exitCode === null) {
    const exited = new Promise((r) => app.proc.once('exit', r));
    app.proc.kill('SIGTERM');
    await exited;
  }
  rmSync(app.dataDir, { recursive: true, force: true });
}

export const test = base.extend<object, { app: AppServer }>({
  app: [
    async ({}, use) => {
      const app = await startApp();
      await use(app);
      await stopApp(app);
    },
    { scope: 'worker' },
  ],
});
export { expect };
