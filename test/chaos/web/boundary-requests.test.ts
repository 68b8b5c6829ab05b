/**
 * The requests that each ended a host on their own (issue 20), sent as raw bytes to real host
 * processes: browser mode and `proclab exporter`. Each gets a 400 naming what was wrong, and
 * the host answers its token URL (or /metrics) afterwards.
 */
import { describe, expect, it } from 'vitest';
import { boundaryHosts, httpStatus, rawExchange, upgradeHead } from '../boundary-hosts';

const statusOf = (reply: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? 0);

describe('malformed requests get a 400, and the host goes on', () => {
  const h = boundaryHosts('proclab-chaos-req-');

  const webAlive = async (): Promise<void> => {
    expect(h.web.proc.exitCode, h.web.output()).toBeNull();
    // From source there is no built renderer: 404 with the token (403 without) is the host answering.
    expect(await httpStatus(h.port, `/?token=${h.token}`, { host: `127.0.0.1:${h.port}` })).toBe(404);
    expect(await httpStatus(h.port, `/`, { host: `127.0.0.1:${h.port}` })).toBe(403);
  };

  it('browser mode: a cookie that is not percent-encoding, on plain HTTP and on the WebSocket upgrade', async () => {
    const plain = await rawExchange(h.port, [`GET / HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nCookie: proclab_token=%\r\n\r\n`]);
    expect(statusOf(plain)).toBe(400);
    expect(plain).toContain('cookie proclab_token is not valid percent-encoding');
    await webAlive();
    const upgrade = await rawExchange(h.port, [upgradeHead(h.port, '/ws', ['Cookie: a=b; proclab_token=%E0%A4%A'])]);
    expect(statusOf(upgrade)).toBe(400);
    await webAlive();
  });

  it('browser mode: an absolute-form target that is not a URL, on plain HTTP and on the upgrade', async () => {
    const plain = await rawExchange(h.port, [`GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\n\r\n`]);
    expect(statusOf(plain)).toBe(400);
    expect(plain).toContain('request target is not a URL');
    await webAlive();
    expect(statusOf(await rawExchange(h.port, [upgradeHead(h.port, 'http://[')]))).toBe(400);
    await webAlive();
  });

  it('browser mode: with the token, a path that is not percent-encoding', async () => {
    const r = await rawExchange(h.port, [`GET /%E0%A4%A?token=${h.token} HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\n\r\n`]);
    expect(statusOf(r)).toBe(400);
    expect(r).toContain('path is not valid percent-encoding');
    await webAlive();
  });

  it('browser mode: a request the HTTP parser refuses, and a reset mid-upgrade', async () => {
    expect(statusOf(await rawExchange(h.port, ['NOT HTTP AT ALL\r\n\r\n']))).toBe(400);
    // The client goes away before the refusal is written: the socket's error must not be uncaught.
    for (let i = 0; i < 5; i++) await rawExchange(h.port, [upgradeHead(h.port, '/elsewhere')], 0, 0);
    await webAlive();
  });

  it('exporter: an absolute-form target that is not a URL, and a path that is not percent-encoding', async () => {
    const r = await rawExchange(h.exporter.port, ['GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n']);
    expect(statusOf(r)).toBe(400);
    expect(r).toContain('request target is not a URL');
    expect(statusOf(await rawExchange(h.exporter.port, ['GET /%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n']))).toBe(404);
    // An upgrade is not served here: refused, not left hanging or crashing.
    expect(statusOf(await rawExchange(h.exporter.port, [upgradeHead(h.exporter.port, 'http://[')]))).toBe(400);
    expect(h.exporter.proc.exitCode, h.exporter.output()).toBeNull();
    expect(await httpStatus(h.exporter.port, '/metrics')).toBe(200);
  });
});
