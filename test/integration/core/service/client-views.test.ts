/**
 * Per-client views and per-client bounds over the real browser-mode socket, with the real
 * engine: each connection gets its own view, no view setting changes what anyone may signal,
 * a client that stops reading cannot make the host queue without bound, and a command flood
 * is refused per connection while another client is still answered.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TickEvent } from '../../../../src/shared/model';
import { createProclab, type Proclab } from '../../../../src/main/core/service/proclab';
import { DEFAULT_LIMITS, type SessionLimits } from '../../../../src/main/core/service/session';
import { startWebHost, type WebHost } from '../../../../src/main/web/server';
import { waitFor } from '../../../helpers/wait-for';
import type { RunsPage } from '../../../../src/shared/results';

const rendererDir = mkdtempSync(join(tmpdir(), 'proclab-renderer-'));
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><p>ok</p>');

interface Client {
  ws: WebSocket;
  call: (cmd: string, payload?: unknown) => Promise<{ ok: boolean; data?: unknown; error?: { code: string; message: string } }>;
  send: (cmd: string, payload?: unknown) => number;
  replies: Map<number, { ok: boolean; error?: { code: string } }>;
  nextTick: (pred?: (t: TickEvent) => boolean) => Promise<TickEvent>;
}

async function client(host: WebHost): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { headers: { origin: host.origin } });
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  let id = 0;
  const replies = new Map<number, { ok: boolean; error?: { code: string } }>();
  const waiting = new Map<number, (m: never) => void>();
  const tickWaiters: Array<{ pred: (t: TickEvent) => boolean; resolve: (t: TickEvent) => void }> = [];
  ws.on('message', (raw) => {
    const m = JSON.parse(String(raw));
    if (m.event === 'tick') {
      for (const w of tickWaiters.splice(0)) {
        if (w.pred(m.data)) w.resolve(m.data);
        else tickWaiters.push(w);
      }
      return;
    }
    if (typeof m.id === 'number') {
      replies.set(m.id, m);
      waiting.get(m.id)?.(m as never);
      waiting.delete(m.id);
    }
  });
  const send = (cmd: string, payload: unknown = {}): number => {
    const n = ++id;
    ws.send(JSON.stringify({ id: n, cmd, payload }));
    return n;
  };
  return {
    ws,
    replies,
    send,
    call: (cmd, payload = {}) =>
      new Promise((resolve) => {
        const n = send(cmd, payload);
        waiting.set(n, resolve as never);
      }),
    nextTick: (pred = () => true) => new Promise((resolve) => tickWaiters.push({ pred, resolve })),
  };
}

let proclab: Proclab | null = null;
let host: WebHost | null = null;
let dataDir = '';
const cleanup: Array<() => void> = [];

async function start(limits?: Partial<SessionLimits>, maxRuns?: number): Promise<WebHost> {
  dataDir = mkdtempSync(join(tmpdir(), 'proclab-views-'));
  proclab = await createProclab({ dataDir, host: 'web', intervalMs: 250, ...(maxRuns && { maxRuns }) });
  host = await startWebHost({ proclab, rendererDir, ...(limits && { limits }) });
  return host;
}

afterEach(async () => {
  cleanup.splice(0).forEach((f) => f());
  await host?.close();
  await proclab?.shutdown();
  host = proclab = null;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('per-client views', () => {
  it('two clients with different scopes each receive their own view', async () => {
    const h = await start();
    const sys = await client(h);
    const runs = await client(h);
    cleanup.push(
      () => sys.ws.close(),
      () => runs.ws.close(),
    );
    const conf = await sys.call('monitor.configure', { scope: 'system', intervalMs: 250 });
    expect(conf).toMatchObject({ ok: true, data: { scope: 'system', intervalMs: 250 } });
    // The other client's answer is its own view, untouched by the first one's change.
    expect(await runs.call('monitor.configure', { intervalMs: 1000 })).toMatchObject({
      ok: true,
      data: { scope: 'runs', intervalMs: 1000 },
    });

    const foreign = (t: TickEvent): number => t.processes.filter((r) => r.runId === null).length;
    const st = await sys.nextTick((t) => t.scope === 'system' && foreign(t) > 0);
    expect(foreign(st)).toBeGreaterThan(0);
    expect(st.processes.some((r) => r.pid === process.pid)).toBe(true);
    const rt = await runs.nextTick();
    const rt2 = await runs.nextTick();
    // The engine ticks at the faster client's 250 ms; this client gets its own 1 s rate.
    expect(rt2.ts - rt.ts).toBeGreaterThanOrEqual(750);
    expect(rt.scope).toBe('runs');
    expect(rt.intervalMs).toBe(1000);
    expect(foreign(rt)).toBe(0);
  });

  it('a client switching to system scope does not change what another may signal', async () => {
    const h = await start();
    const a = await client(h);
    const b = await client(h);
    cleanup.push(
      () => a.ws.close(),
      () => b.ws.close(),
    );
    const sleeper = spawn('sleep', ['600'], { stdio: 'ignore' });
    cleanup.push(() => sleeper.kill('SIGKILL'));
    const pid = sleeper.pid!;

    const before = await b.call('process.signal', { pid, action: 'stop' });
    expect(before.error?.code).toBe('confirm-required');
    expect(await a.call('monitor.configure', { scope: 'system' })).toMatchObject({ ok: true });
    const after = await b.call('process.signal', { pid, action: 'stop' });
    expect(after.error).toEqual(before.error);
    // The system-scope client is held to the same rule: the request decides, not the view.
    expect((await a.call('process.signal', { pid, action: 'stop' })).error?.code).toBe('confirm-required');
    // And a confirmed request is allowed from the runs-scope client just the same.
    expect(await b.call('process.signal', { pid, action: 'stop', confirm: true })).toMatchObject({ ok: true, data: { signalled: 1 } });
  });
});

describe('per-client bounds', () => {
  it("a client that stops reading cannot grow the host's queue past the hard limit", async () => {
    const limits = { tickHighWater: 32 * 1024, inputHighWater: 64 * 1024, hardLimit: 4 << 20, burst: 100_000, ratePerSec: 100_000 };
    const h = await start(limits);
    const stalled = await client(h);
    cleanup.push(() => stalled.ws.terminate());
    await stalled.call('monitor.configure', { scope: 'system', intervalMs: 250 });
    // Stop reading: the kernel's buffers fill, then the host's own queue would.
    (stalled.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const big = JSON.stringify((await proclab!.handle('scenarios.list', {})) as unknown).length;
    // Enough replies to overrun every buffer between us several times over.
    const n = Math.ceil((4 * limits.hardLimit) / big) + 50;
    for (let i = 0; i < n; i++) stalled.send('scenarios.list');

    const other = await client(h);
    cleanup.push(() => other.ws.close());
    expect(await other.call('app.info')).toMatchObject({ ok: true });
    // Wait (no time limit asserted) until the host has had to merge the stalled client's ticks.
    await waitFor(
      () => {
        const s = h.clientStats()[0]!;
        return !s.open || s.ticksMerged > 0;
      },
      100_000,
      { what: "the host to merge the stalled client's ticks", intervalMs: 100 },
    );
    const s = h.clientStats()[0]!;
    // Nothing more runs for it while it is behind: the backlog stays within the input mark plus the
    // replies already under way (8 at most) and one tick — far under the hard limit, so it is not dropped.
    expect(s.open).toBe(true);
    expect(s.maxBuffered).toBeLessThanOrEqual(limits.inputHighWater + 8 * big + (1 << 20));
    expect(s.maxBuffered).toBeLessThan(limits.hardLimit);
    expect(s.maxBuffered).toBeGreaterThan(limits.tickHighWater);
    expect(s.ticksMerged).toBeGreaterThan(0);
    // A second client is still answered after the stall.
    expect(await other.call('app.info')).toMatchObject({ ok: true });
  }, 60_000);

  it('a 10,000-command burst gets rate-limit errors and a second client is still answered', async () => {
    const h = await start();
    const flood = await client(h);
    const calm = await client(h);
    cleanup.push(
      () => flood.ws.close(),
      () => calm.ws.close(),
    );
    const ids: number[] = [];
    const started = Date.now();
    for (let i = 0; i < 10_000; i++) ids.push(flood.send('scenarios.list'));
    expect(await calm.call('app.info')).toMatchObject({ ok: true });
    await waitFor(() => flood.replies.size >= ids.length, 50_000, 'every flood reply');
    const codes = ids.map((i) => flood.replies.get(i)!);
    const limited = codes.filter((r) => !r.ok && r.error?.code === 'rate-limited');
    const answered = codes.filter((r) => r.ok).length;
    // At most the burst plus what the rate refilled while the flood was read (the host stops
    // reading a client over its rate, so the flood takes seconds): every other one is refused.
    const { burst, ratePerSec } = DEFAULT_LIMITS;
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThanOrEqual(burst + (ratePerSec * (Date.now() - started)) / 1000);
    expect(limited.length).toBe(ids.length - answered);
    const msg = (limited[0] as unknown as { error: { message: string; text?: { zh: string } } }).error;
    expect(msg.message).toMatch(/too many commands/);
    expect(msg.text?.zh).toMatch(/命令过多/);
    expect(await calm.call('scenarios.list')).toMatchObject({ ok: true });
  }, 60_000);

  it('at most K runs go at once; one more is refused in both languages and starts nothing', async () => {
    const h = await start(undefined, 2);
    const c = await client(h);
    cleanup.push(() => c.ws.close());
    const runs = [];
    for (let i = 0; i < 2; i++) {
      const r = await c.call('run.command', { argv: ['sleep', '30'] });
      expect(r).toMatchObject({ ok: true });
      runs.push((r.data as { id: string }).id);
    }
    const before = ((await c.call('runs.list')).data as RunsPage).runs.length;
    const third = (await c.call('run.command', { argv: ['sleep', '30'] })) as {
      error?: { code: string; message: string; text?: { zh: string } };
    };
    expect(third.error).toMatchObject({ code: 'conflict', message: 'at most 2 runs may go at once: stop one or wait for one to end' });
    expect(third.error?.text?.zh).toContain('最多只能同时进行 2 个运行');
    expect(((await c.call('runs.list')).data as RunsPage).runs.length).toBe(before);
    // Once one ends, there is room again.
    await c.call('run.stop', { runId: runs[0] });
    const again = await c.call('run.command', { argv: ['sleep', '30'] });
    expect(again).toMatchObject({ ok: true });
    for (const id of [runs[1], (again.data as { id: string }).id]) await c.call('run.stop', { runId: id });
  }, 60_000);
});
