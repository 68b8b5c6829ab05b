import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import WebSocket from 'ws';
import { test, expect, type AppServer } from './fixtures';

const artifacts = join(__dirname, '..', 'artifacts');
mkdirSync(artifacts, { recursive: true });

function wsUrl(app: AppServer, token: string | null): string {
  return `${app.origin.replace('http', 'ws')}/ws${token === null ? '' : `?token=${token}`}`;
}

/** Opens a socket and resolves with it once open, or with the HTTP status it was refused with. */
function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    http
      .get({ host: u.hostname, port: u.port, path: u.pathname + u.search, headers: { host } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

function nextMessage(ws: WebSocket, pred: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const on = (raw: WebSocket.RawData): void => {
      const m = JSON.parse(String(raw)) as Record<string, unknown>;
      if (pred(m)) {
        ws.off('message', on);
        resolve(m);
      }
    };
    ws.on('message', on);
  });
}

test('the core chart shows live, changing per-core readings', async ({ app, page }) => {
  await page.goto(app.url);
  const chart = page.getByTestId('core-chart');
  await expect(chart).toBeVisible();
  const read = async (): Promise<number[]> => JSON.parse((await chart.getAttribute('data-values')) ?? '[]') as number[];
  await expect.poll(async () => (await read()).length, { timeout: 5000 }).toBeGreaterThan(0);
  const first = await read();
  // A real /proc/stat feed: one value per core of this machine, each a utilization in 0..100.
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  expect(first.length).toBe(cores);
  for (const v of first) {
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThanOrEqual(100);
  }
  // Busy one core for a moment so the readings must move.
  const burn = spawn(process.execPath, ['-e', 'const t=Date.now();while(Date.now()-t<3000){}']);
  const seen = new Set<string>([JSON.stringify(first)]);
  // Until a reading differs from the first (polled; no fixed sleeps).
  await expect
    .poll(
      async () => {
        seen.add(JSON.stringify(await read()));
        return seen.size;
      },
      { timeout: 10_000, intervals: [250] },
    )
    .toBeGreaterThan(1);
  burn.kill();
  expect(seen.size).toBeGreaterThan(1);
  await page.screenshot({ path: join(artifacts, 'foundation-core-chart.png') });
});

test('requests without the token, or from a foreign Origin, are refused', async ({ app }) => {
  expect((await fetch(`${app.origin}/`)).status).toBe(403);
  expect((await fetch(`${app.origin}/?token=wrong`)).status).toBe(403);
  expect((await fetch(app.url)).status).toBe(200);
  expect((await fetch(app.url, { headers: { origin: 'http://evil.example' } })).status).toBe(403);
  // DNS rebinding: the right token, but a page served under another host name.
  expect(await statusWithHost(app.url, 'evil.example')).toBe(403);
  expect(await statusWithHost(app.url, new URL(app.url).host)).toBe(200);
  expect(await openSocket(wsUrl(app, null))).toBe(403);
  expect(await openSocket(wsUrl(app, 'nope'))).toBe(403);
  expect(await openSocket(wsUrl(app, app.token), { origin: 'http://evil.example' })).toBe(403);
  const ok = await openSocket(wsUrl(app, app.token), { origin: app.origin });
  expect(ok).toBeInstanceOf(WebSocket);
  (ok as WebSocket).close();
});

test('malformed commands get a clear error and the host keeps serving', async ({ app }) => {
  const ws = (await openSocket(wsUrl(app, app.token), { origin: app.origin })) as WebSocket;
  const reply = (pred: (m: Record<string, unknown>) => boolean) => nextMessage(ws, (m) => !('event' in m) && pred(m));

  let r = reply(() => true);
  ws.send('{not json');
  expect(await r).toMatchObject({ ok: false, error: { code: 'bad-json' } });

  r = reply((m) => m.id === 1);
  ws.send(JSON.stringify({ id: 1, cmd: 'no.such.command', payload: {} }));
  expect(await r).toMatchObject({ id: 1, ok: false, error: { code: 'unknown-command' } });

  r = reply((m) => m.id === 2);
  ws.send(JSON.stringify({ id: 2, cmd: 'monitor.configure', payload: { intervalMs: 'fast' } }));
  const bad = await r;
  expect(bad).toMatchObject({ id: 2, ok: false, error: { code: 'invalid-payload' } });
  expect(JSON.stringify(bad)).toContain('intervalMs');

  r = reply((m) => m.id === 3);
  ws.send(JSON.stringify({ id: 3, cmd: 'process.signal', payload: { pid: -4, action: 'kill' } }));
  expect(await r).toMatchObject({ id: 3, ok: false, error: { code: 'invalid-payload' } });

  r = reply(() => true);
  ws.send(JSON.stringify([1, 2, 3]));
  expect(await r).toMatchObject({ ok: false, error: { code: 'bad-envelope' } });

  // A well-formed request the service turns down: a clear reason, in both UI languages.
  r = reply((m) => m.id === 5);
  ws.send(JSON.stringify({ id: 5, cmd: 'run.command', payload: { argv: ['true'], cwd: '/no/such/dir' } }));
  expect(await r).toMatchObject({
    id: 5,
    ok: false,
    error: {
      code: 'invalid-payload',
      message: 'cwd "/no/such/dir" is not a directory',
      text: { zh: '工作目录 "/no/such/dir" 不是一个目录' },
    },
  });

  r = reply((m) => m.id === 4);
  ws.send(JSON.stringify({ id: 4, cmd: 'app.info', payload: {} }));
  expect(await r).toMatchObject({ id: 4, ok: true, data: { host: 'web' } });
  ws.close();
});
