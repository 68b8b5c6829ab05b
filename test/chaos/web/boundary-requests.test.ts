/**
 * The requests that each ended a host on their own (issue 20), sent as raw bytes to real host
 * processes: browser mode and `proclab exporter`. Each gets a 400 naming what was wrong, and
 * the host answers its token URL (or /metrics) afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnWebHost, type HostProc } from '../../integration/helpers/web-host';
import { httpStatus, rawExchange, spawnExporter, stopProc, upgradeHead, type ExporterProc } from '../boundary-hosts';

const statusOf = (reply: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? 0);

describe('malformed requests get a 400, and the host goes on', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-chaos-req-'));
  let web: HostProc;
  let exporter: ExporterProc;
  let port: number;
  let token: string;
  beforeAll(async () => {
    [web, exporter] = await Promise.all([spawnWebHost(dataDir), spawnExporter(dataDir)]);
    port = Number(web.url.port);
    token = web.url.searchParams.get('token')!;
  });
  afterAll(async () => {
    await Promise.all([web && stopProc(web.proc), exporter && stopProc(exporter.proc)]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const webAlive = async (): Promise<void> => {
    expect(web.proc.exitCode, web.output()).toBeNull();
    // From source there is no built renderer: 404 with the token (403 without) is the host answering.
    expect(await httpStatus(port, `/?token=${token}`, { host: `127.0.0.1:${port}` })).toBe(404);
    expect(await httpStatus(port, `/`, { host: `127.0.0.1:${port}` })).toBe(403);
  };

  it('browser mode: a cookie that is not percent-encoding, on plain HTTP and on the WebSocket upgrade', async () => {
    const plain = await rawExchange(port, [`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: proclab_token=%\r\n\r\n`]);
    expect(statusOf(plain)).toBe(400);
    expect(plain).toContain('cookie proclab_token is not valid percent-encoding');
    await webAlive();
    const upgrade = await rawExchange(port, [upgradeHead(port, '/ws', ['Cookie: a=b; proclab_token=%E0%A4%A'])]);
    expect(statusOf(upgrade)).toBe(400);
    await webAlive();
  });

  it('browser mode: an absolute-form target that is not a URL, on plain HTTP and on the upgrade', async () => {
    const plain = await rawExchange(port, [`GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`]);
    expect(statusOf(plain)).toBe(400);
    expect(plain).toContain('request target is not a URL');
    await webAlive();
    expect(statusOf(await rawExchange(port, [upgradeHead(port, 'http://[')]))).toBe(400);
    await webAlive();
  });

  it('browser mode: with the token, a path that is not percent-encoding', async () => {
    const r = await rawExchange(port, [`GET /%E0%A4%A?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`]);
    expect(statusOf(r)).toBe(400);
    expect(r).toContain('path is not valid percent-encoding');
    await webAlive();
  });

  it('browser mode: a request the HTTP parser refuses, and a reset mid-upgrade', async () => {
    expect(statusOf(await rawExchange(port, ['NOT HTTP AT ALL\r\n\r\n']))).toBe(400);
    // The client goes away before the refusal is written: the socket's error must not be uncaught.
    for (let i = 0; i < 5; i++) await rawExchange(port, [upgradeHead(port, '/elsewhere')], 0, 0);
    await webAlive();
  });

  it('exporter: an absolute-form target that is not a URL, and a path that is not percent-encoding', async () => {
    const r = await rawExchange(exporter.port, ['GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n']);
    expect(statusOf(r)).toBe(400);
    expect(r).toContain('request target is not a URL');
    expect(statusOf(await rawExchange(exporter.port, ['GET /%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n']))).toBe(404);
    // An upgrade is not served here: refused, not left hanging or crashing.
    expect(statusOf(await rawExchange(exporter.port, [upgradeHead(exporter.port, 'http://[')]))).toBe(400);
    expect(exporter.proc.exitCode, exporter.output()).toBeNull();
    expect(await httpStatus(exporter.port, '/metrics')).toBe(200);
  });
});
