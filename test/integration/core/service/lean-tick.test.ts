/**
 * The lean tick over the real browser-mode socket with the real engine: each system-scope
 * client is sent only its own table's window (sorted, filtered and cut on the host, as
 * deltas), a view change is answered from the latest engine tick at once, and a frozen table
 * keeps being cut from the tick it froze on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TickEvent } from '../../../../src/shared/model';
import { createTickDecoder, type WireTick } from '../../../../src/shared/table-delta';
import type { TableSpec } from '../../../../src/shared/table-view';
import { createProclab, type Proclab } from '../../../../src/main/core/service/proclab';
import { startWebHost, type WebHost } from '../../../../src/main/web/server';

const rendererDir = mkdtempSync(join(tmpdir(), 'proclab-renderer-'));
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><p>ok</p>');

interface Received {
  wire: WireTick;
  tick: TickEvent;
  bytes: number;
}

interface Client {
  ws: WebSocket;
  call: (cmd: string, payload?: unknown) => Promise<{ ok: boolean; data?: unknown; error?: { code: string } }>;
  /** Resolves with the first tick from now on that passes `pred` (decoded as the UI decodes it). */
  nextTick: (pred?: (r: Received) => boolean) => Promise<Received>;
  /** Every message in arrival order, replies as 'reply:<id>', ticks as 'tick'. */
  log: string[];
}

async function client(host: WebHost): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { headers: { origin: host.origin } });
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  let id = 0;
  const decode = createTickDecoder();
  const waiting = new Map<number, (m: never) => void>();
  const tickWaiters: Array<{ pred: (r: Received) => boolean; resolve: (r: Received) => void }> = [];
  const log: string[] = [];
  ws.on('message', (raw) => {
    const text = String(raw);
    const m = JSON.parse(text);
    if (m.event === 'tick') {
      log.push('tick');
      const r: Received = { wire: m.data, tick: decode(m.data), bytes: text.length };
      for (const w of tickWaiters.splice(0)) {
        if (w.pred(r)) w.resolve(r);
        else tickWaiters.push(w);
      }
      return;
    }
    if (typeof m.id === 'number') {
      log.push(`reply:${m.id}`);
      waiting.get(m.id)?.(m as never);
      waiting.delete(m.id);
    }
  });
  return {
    ws,
    log,
    call: (cmd, payload = {}) =>
      new Promise((resolve) => {
        const n = ++id;
        waiting.set(n, resolve as never);
        ws.send(JSON.stringify({ id: n, cmd, payload }));
      }),
    nextTick: (pred = () => true) => new Promise((resolve) => tickWaiters.push({ pred, resolve })),
  };
}

const table = (over: Partial<TableSpec>): TableSpec => ({
  sort: { key: 'pid', dir: 'asc' },
  query: '',
  mode: 'flat',
  hideKernel: false,
  offset: 0,
  count: 30,
  rev: 1,
  frozen: false,
  ...over,
});

let proclab: Proclab | null = null;
let host: WebHost | null = null;
let dataDir = '';
const children: ChildProcess[] = [];
const clients: Client[] = [];

async function start(): Promise<WebHost> {
  dataDir = mkdtempSync(join(tmpdir(), 'proclab-lean-'));
  proclab = await createProclab({ dataDir, host: 'web', intervalMs: 250 });
  host = await startWebHost({ proclab, rendererDir });
  return host;
}

async function connect(h: WebHost): Promise<Client> {
  const c = await client(h);
  clients.push(c);
  return c;
}

/** Sleeping children with a command line of their own (`sleep <tag>`), so a filter can find exactly them. */
function sleepers(n: number, tag: string): number[] {
  const pids: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = spawn('sleep', [tag], { stdio: 'ignore' });
    children.push(c);
    pids.push(c.pid!);
  }
  return pids;
}

afterEach(async () => {
  clients.splice(0).forEach((c) => c.ws.close());
  children.splice(0).forEach((c) => c.kill('SIGKILL'));
  await host?.close();
  await proclab?.shutdown();
  host = proclab = null;
  rmSync(dataDir, { recursive: true, force: true });
});

const pidsOf = (t: TickEvent): number[] => t.table!.items.map((it) => it.row.pid);

describe('the lean tick', () => {
  it('two system-scope clients with different sorts, filters and windows each get their own rows', async () => {
    const h = await start();
    const mine = sleepers(12, '600.101');
    const a = await connect(h);
    const b = await connect(h);
    expect(await a.call('monitor.configure', { scope: 'system', table: table({ count: 20 }) })).toMatchObject({ ok: true });
    expect(
      await b.call('monitor.configure', {
        scope: 'system',
        table: table({ query: 'cmd:600.101', sort: { key: 'pid', dir: 'desc' }, offset: 2, count: 5, rev: 7 }),
      }),
    ).toMatchObject({ ok: true });
    const want = [...mine].sort((x, y) => y - x);
    const [ra, rb] = await Promise.all([
      a.nextTick((r) => (r.tick.table?.matched ?? 0) > 20),
      b.nextTick((r) => r.tick.table?.rev === 7 && r.tick.table.matched === mine.length),
    ]);
    const pa = pidsOf(ra.tick);
    expect(pa).toHaveLength(20);
    expect(pa).toEqual([...pa].sort((x, y) => x - y));
    expect(ra.tick.table!.offset).toBe(0);
    expect(ra.tick.table!.total).toBeGreaterThanOrEqual(ra.tick.table!.matched);
    expect(pidsOf(rb.tick)).toEqual(want.slice(2, 7));
    expect(rb.tick.table!.items.every((it) => it.row.cmd.includes('600.101'))).toBe(true);
    // Foreign rows come only in the table: the tick's own list is the runs' rows (none here).
    expect(ra.tick.processes).toHaveLength(0);
    expect(rb.tick.processes).toHaveLength(0);
  }, 60_000);

  it('a view change is answered from the latest engine tick at once, not at the next tick', async () => {
    const h = await start();
    sleepers(5, '600.102');
    const c = await connect(h);
    await c.call('monitor.configure', { scope: 'system', intervalMs: 5000, table: table({ query: 'cmd:600.102', rev: 1 }) });
    // The engine's interval is now 5 s: one tick with the first order, then no other for seconds.
    const first = await c.nextTick((r) => r.tick.table?.rev === 1 && r.tick.table.matched === 5);
    const asc = pidsOf(first.tick);
    const answer = c.nextTick();
    const reply = c.call('monitor.configure', { table: table({ query: 'cmd:600.102', sort: { key: 'pid', dir: 'desc' }, rev: 2 }) });
    const fresh = await answer;
    expect((await reply).ok).toBe(true);
    // Same engine tick (same timestamp), new order: cut again for the new view, not waited for.
    expect(fresh.tick.ts).toBe(first.tick.ts);
    expect(fresh.tick.table!.rev).toBe(2);
    expect(pidsOf(fresh.tick)).toEqual([...asc].reverse());
    // Ordered after the reply to the change itself.
    expect(c.log.slice(-2)).toEqual([expect.stringMatching(/^reply:/), 'tick']);
  }, 60_000);

  it("a system-scope client's tick is bounded by its window, and unchanged rows are not sent again", async () => {
    const h = await start();
    sleepers(150, '600.103');
    const c = await connect(h);
    await c.call('monitor.configure', { scope: 'system', table: table({ count: 25, query: 'cmd:600.103' }) });
    const seen: Received[] = [];
    for (let i = 0; i < 4; i++) seen.push(await c.nextTick((r) => r.tick.table?.matched === 150));
    for (const r of seen) {
      expect(r.wire.table!.keys.length).toBeLessThanOrEqual(25);
      expect(r.wire.table!.items.length).toBeLessThanOrEqual(25);
      expect(r.tick.table!.items).toHaveLength(25);
      expect(r.wire.processes).toHaveLength(0);
    }
    // Sleeping processes do not change tick to tick: later frames carry (almost) no rows.
    const later = seen.slice(1).map((r) => r.wire.table!.items.length);
    expect(Math.min(...later)).toBeLessThan(25);
    expect(seen.slice(1).some((r) => r.wire.table!.base !== null)).toBe(true);
  }, 60_000);

  it('a frozen table keeps being cut from the tick it froze on, scrolling included', async () => {
    const h = await start();
    sleepers(6, '600.104');
    const c = await connect(h);
    await c.call('monitor.configure', { scope: 'system', table: table({ query: 'cmd:600.104', count: 3, rev: 1 }) });
    const before = await c.nextTick((r) => r.tick.table?.matched === 6);
    await c.call('monitor.configure', { table: table({ query: 'cmd:600.104', count: 3, rev: 2, frozen: true }) });
    const late = sleepers(3, '600.104');
    // Ticks go on (the machine figures move) while the table stays as it was.
    const next = await c.nextTick((r) => r.tick.table?.rev === 2 && r.tick.ts > before.tick.ts + 500);
    expect(next.tick.table).toMatchObject({ matched: 6, frozen: true });
    // Scrolling a frozen table: the rest of the same frozen rows.
    await c.call('monitor.configure', { table: table({ query: 'cmd:600.104', count: 3, offset: 3, rev: 3, frozen: true }) });
    const scrolled = await c.nextTick((r) => r.tick.table?.rev === 3);
    expect(scrolled.tick.table!.matched).toBe(6);
    expect(pidsOf(scrolled.tick).some((p) => late.includes(p))).toBe(false);
    await c.call('monitor.configure', { table: table({ query: 'cmd:600.104', count: 3, rev: 4 }) });
    const live = await c.nextTick((r) => r.tick.table?.rev === 4 && r.tick.table.matched === 9);
    expect(live.tick.table!.frozen).toBe(false);
  }, 60_000);
});
