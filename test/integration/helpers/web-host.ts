import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';

const root = join(__dirname, '..', '..', '..');

export interface HostProc {
  proc: ChildProcess;
  url: URL;
  output: () => string;
}

/** How long a host started from source may take to print its URL (tsx compiles it; a loaded 2-core machine is slow). */
export const HOST_START_MS = 60_000;

/** Starts browser mode from source (tsx) on a given data folder, as a separate process. */
export async function spawnWebHost(dataDir: string, env: Record<string, string> = {}): Promise<HostProc> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main/web/index.ts'), '--no-open'], {
    cwd: root,
    env: { ...process.env, PROCLAB_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<URL>((resolve, reject) => {
    // A host that never printed its URL is ended here: the caller never got it, so nothing else would.
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`host printed no URL in ${HOST_START_MS} ms:\n${out}`));
    }, HOST_START_MS);
    const check = (): void => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(new URL(m[1]!));
      }
    };
    proc.stdout!.on('data', check);
    proc.once('exit', (c) => reject(new Error(`host exited ${c}:\n${out}`)));
  });
  return { proc, url, output: () => out };
}

/** A minimal client of the browser-mode socket: call(cmd, payload) → data, or throws the error body. */
export async function connect(url: URL): Promise<{ call: (cmd: string, payload?: unknown) => Promise<unknown>; close: () => void }> {
  const ws = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`, { headers: { origin: url.origin } });
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  let id = 0;
  const pending = new Map<number, (m: { ok: boolean; data?: unknown; error?: unknown }) => void>();
  ws.on('message', (raw) => {
    const m = JSON.parse(String(raw));
    if (typeof m.id === 'number') pending.get(m.id)?.(m);
  });
  return {
    call: (cmd, payload = {}) =>
      new Promise((resolve, reject) => {
        const n = ++id;
        pending.set(n, (m) => (m.ok ? resolve(m.data) : reject(Object.assign(new Error(JSON.stringify(m.error)), { body: m.error }))));
        ws.send(JSON.stringify({ id: n, cmd, payload }));
      }),
    close: () => ws.close(),
  };
}

/** Running or sleeping, not gone and not a zombie (this machine's PID 1 never reaps orphans). */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}
