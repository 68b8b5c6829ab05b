import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionState } from '../../../../src/shared/api';
import { PING_MS, RETRY_MS, connectWebApi } from '../../../../src/renderer/src/bridge/web-client';

/** A WebSocket the test drives: it opens, answers and closes when told. */
class FakeSocket {
  static readonly OPEN = 1;
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: Array<{ id: number; cmd: string; payload: unknown }> = [];
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(s: string): void {
    this.sent.push(JSON.parse(s));
  }
  close(): void {
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }
  reply(id: number, data: unknown = {}): void {
    this.onmessage?.({ data: JSON.stringify({ id, ok: true, data }) });
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.();
  }
}

const loc = { protocol: 'http:', host: '127.0.0.1:4000', search: '?token=abc' } as Location;
let status: number | 'down' = 200;
const fetchMock = vi.fn(async () => {
  if (status === 'down') throw new TypeError('fetch failed');
  return { status } as Response;
});

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.all = [];
  status = 200;
  fetchMock.mockClear();
  vi.stubGlobal('WebSocket', FakeSocket);
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

async function connected() {
  const p = connectWebApi(loc);
  FakeSocket.all[0]!.open();
  const api = await p;
  const states: ConnectionState[] = [];
  api.onConnection((s) => states.push(s));
  return { api, states, first: FakeSocket.all[0]! };
}

describe('browser client: the host going away and coming back', () => {
  it('reports disconnected when the socket closes, retries with backoff, and re-sends the whole view when the host answers', async () => {
    const { api, states, first } = await connected();
    const conf = api.configureMonitor({ scope: 'system', intervalMs: 2000 });
    first.reply(first.sent.at(-1)!.id);
    await conf;
    const pending = api.info();
    first.drop();
    await expect(pending).rejects.toThrow(/closed/);
    expect(api.connection()).toEqual({ state: 'disconnected', retryInMs: RETRY_MS[0] });
    // Calls while disconnected fail at once instead of hanging.
    await expect(api.info()).rejects.toThrow(/not connected/);

    status = 'down'; // nobody listens yet
    await vi.advanceTimersByTimeAsync(RETRY_MS[0]);
    expect(fetchMock).toHaveBeenCalledWith('http://127.0.0.1:4000/?token=abc', expect.anything());
    expect(api.connection()).toEqual({ state: 'disconnected', retryInMs: RETRY_MS[1] });
    expect(FakeSocket.all).toHaveLength(1);

    status = 200; // the same host is back (same token)
    await vi.advanceTimersByTimeAsync(RETRY_MS[1]);
    const second = FakeSocket.all[1]!;
    expect(second.url).toBe('ws://127.0.0.1:4000/ws?token=abc');
    second.open();
    expect(api.connection()).toEqual({ state: 'connected' });
    expect(second.sent.find((m) => m.cmd === 'monitor.configure')?.payload).toEqual({ scope: 'system', intervalMs: 2000 });
    expect(states.map((s) => s.state)).toEqual(['disconnected', 'disconnected', 'connected']);
  });

  it('a host that answers but refuses the token is a new start: "restarted", and no more attempts', async () => {
    const { api, first } = await connected();
    first.drop();
    status = 403;
    await vi.advanceTimersByTimeAsync(RETRY_MS[0]);
    expect(api.connection()).toEqual({ state: 'restarted' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('a silent host is pinged, and one that does not answer the ping is reported gone', async () => {
    const { api, first } = await connected();
    await vi.advanceTimersByTimeAsync(PING_MS);
    const ping = first.sent.find((m) => m.cmd === 'app.info');
    expect(ping).toBeDefined();
    first.reply(ping!.id);
    expect(api.connection().state).toBe('connected');
    await vi.advanceTimersByTimeAsync(PING_MS * 2 + 10);
    expect(api.connection().state).toBe('disconnected');
  });
});
