/** Raw-socket tools for the host-crash tests: start a host as its own process, talk bytes to it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { HOST_START_MS, spawnWebHost, type HostProc } from '../integration/helpers/web-host';

const root = join(__dirname, '..', '..');

export interface ExporterProc {
  proc: ChildProcess;
  port: number;
  output: () => string;
}

/** `proclab exporter --port 0` from source, as its own process. */
export async function spawnExporter(dataDir: string): Promise<ExporterProc> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main/cli/index.ts'), 'exporter', '--port', '0'], {
    cwd: root,
    env: { ...process.env, PROCLAB_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const port = await new Promise<number>((resolve, reject) => {
    // An exporter that never printed its URL is ended here: the caller never got it, so nothing else would.
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`exporter printed no URL in ${HOST_START_MS} ms:\n${out}`));
    }, HOST_START_MS);
    proc.stdout!.on('data', () => {
      const m = /http:\/\/127\.0\.0\.1:(\d+)\/metrics/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    proc.once('exit', (c) => reject(new Error(`exporter exited ${c}:\n${out}`)));
  });
  return { proc, port, output: () => out };
}

export interface BoundaryHosts {
  web: HostProc;
  exporter: ExporterProc;
  /** The browser-mode host's port and token. */
  port: number;
  token: string;
}

/**
 * A browser-mode host and an exporter on one temp data folder, as their own processes, for the
 * raw-socket suites: started before the suite's tests, stopped (and the folder removed) after
 * them. Call it in a describe block; the fields are filled once its beforeAll has run.
 */
export function boundaryHosts(tmpPrefix: string): BoundaryHosts {
  const dataDir = fs.mkdtempSync(join(os.tmpdir(), tmpPrefix));
  const h = {} as BoundaryHosts;
  beforeAll(async () => {
    [h.web, h.exporter] = await Promise.all([spawnWebHost(dataDir), spawnExporter(dataDir)]);
    h.port = Number(h.web.url.port);
    h.token = h.web.url.searchParams.get('token')!;
  });
  afterAll(async () => {
    await Promise.all([h.web && stopProc(h.web.proc), h.exporter && stopProc(h.exporter.proc)]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return h;
}

/** Ends a host process started by a test and waits for it to be gone. */
export async function stopProc(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const gone = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
  await gone;
  clearTimeout(t);
}

/**
 * Writes bytes (in one or more chunks) to a fresh connection and collects what comes back
 * until the host closes it, or `firstMs` pass before any answer, or `quietMs` after the last
 * bytes. Socket errors are answers too.
 */
export function rawExchange(port: number, chunks: Array<string | Uint8Array>, quietMs = 150, firstMs = 5000): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let got = '';
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      clearTimeout(timer);
      s.destroy();
      resolve(got);
    };
    const arm = (ms = quietMs): void => {
      clearTimeout(timer);
      timer = setTimeout(finish, ms);
    };
    s.on('connect', () => {
      for (const c of chunks) s.write(c);
      arm(firstMs);
    });
    s.on('data', (d) => {
      got += d.toString('latin1');
      arm();
    });
    s.on('error', finish);
    s.on('close', finish);
  });
}

/** Status of a plain GET (0 when the host does not answer at all). */
export function httpStatus(port: number, path: string, headers: Record<string, string> = {}, timeoutMs = 10_000): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers, agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/** One client→server WebSocket frame (masked, as RFC 6455 requires of a client). */
export function wsFrame(opcode: number, payload: Uint8Array, opts: { fin?: boolean; masked?: boolean; rsv?: number } = {}): Buffer {
  const fin = opts.fin ?? true;
  const masked = opts.masked ?? true;
  const len = payload.length;
  const head: number[] = [(fin ? 0x80 : 0) | ((opts.rsv ?? 0) << 4) | (opcode & 0x0f)];
  const m = masked ? 0x80 : 0;
  if (len < 126) head.push(m | len);
  else if (len < 65536) head.push(m | 126, len >> 8, len & 0xff);
  else head.push(m | 127, 0, 0, 0, 0, (len >>> 24) & 0xff, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff);
  const mask = masked ? randomBytes(4) : Buffer.alloc(0);
  const body = Buffer.from(payload);
  if (masked) for (let i = 0; i < body.length; i++) body[i]! ^= mask[i % 4]!;
  return Buffer.concat([Buffer.from(head), mask, body]);
}

/** The request head of a WebSocket upgrade to the browser-mode socket. */
export function upgradeHead(port: number, target: string, extra: string[] = []): string {
  return [
    `GET ${target} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Connection: Upgrade',
    'Upgrade: websocket',
    'Sec-WebSocket-Version: 13',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    ...extra,
    '',
    '',
  ].join('\r\n');
}
