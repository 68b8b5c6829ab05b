import http from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../../src/main/web/server';
import type { Proclab } from '../../../src/main/core/service/proclab';

// Static pages never reach the service; the socket tests in e2e use the real one.
const noService = { on: () => () => {} } as unknown as Proclab;
const rendererDir = mkdtempSync(join(tmpdir(), 'proclab-renderer-'));
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><p>ok</p>');

function get(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

let host: WebHost | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
});

describe('browser-mode HTTP guard', () => {
  it('on loopback refuses a Host that is not this server (DNS rebinding), even with the token', async () => {
    host = await startWebHost({ proclab: noService, rendererDir });
    const path = `/?token=${host.token}`;
    expect(await get(host.port, path, { host: `127.0.0.1:${host.port}` })).toBe(200);
    expect(await get(host.port, path, { host: `localhost:${host.port}` })).toBe(200);
    expect(await get(host.port, path, { host: `attacker.example:${host.port}` })).toBe(403);
    expect(await get(host.port, path, { host: `127.0.0.1:${host.port}`, origin: `http://localhost:${host.port}` })).toBe(403);
  });

  it('bound beyond loopback on purpose, serves any Host name with the token, and still checks token and Origin', async () => {
    host = await startWebHost({ proclab: noService, rendererDir, host: '0.0.0.0' });
    const lan = `192.0.2.10:${host.port}`; // what a client on the network would send; the request itself stays on loopback
    expect(await get(host.port, `/?token=${host.token}`, { host: lan })).toBe(200);
    expect(await get(host.port, `/?token=${host.token}`, { host: lan, origin: `http://${lan}` })).toBe(200);
    expect(await get(host.port, `/?token=${host.token}`, { host: lan, origin: 'http://evil.example' })).toBe(403);
    expect(await get(host.port, '/?token=wrong', { host: lan })).toBe(403);
    expect(await get(host.port, '/', { host: lan })).toBe(403);
  });
});
