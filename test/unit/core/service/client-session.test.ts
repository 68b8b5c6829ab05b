import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TickEvent } from '../../../../src/shared/model';
import type { Proclab } from '../../../../src/main/core/service/proclab';
import { EventHub } from '../../../../src/main/core/service/emitter';
import { ClientSession, type ClientTransport } from '../../../../src/main/core/service/session';
import { ViewRegistry } from '../../../../src/main/core/service/views';
import { createTickDecoder, type WireTick } from '../../../../src/shared/table-delta';
import { cutTable, type TableSpec } from '../../../../src/shared/table-view';
import { proc } from '../../renderer-fixtures';

function fakeProclab(): { p: Proclab; hub: EventHub; handled: string[] } {
  const hub = new EventHub();
  const handled: string[] = [];
  const views = new ViewRegistry(() => {}, 250);
  const p = {
    views,
    on: hub.on.bind(hub),
    handle: async (name: string) => {
      handled.push(name);
      return { ok: name };
    },
  } as unknown as Proclab;
  return { p, hub, handled };
}

const tick = (ts: number): TickEvent => ({ ts, intervalMs: 250, scope: 'runs', processes: [], threads: {} }) as unknown as TickEvent;

function transport(): ClientTransport & { sent: unknown[]; backlog: number } {
  const t = {
    sent: [] as unknown[],
    backlog: 0,
    send: (m: unknown) => void t.sent.push(m),
    buffered: () => t.backlog,
    pauseInput: vi.fn(),
    resumeInput: vi.fn(),
    terminate: vi.fn(),
  };
  return t;
}

afterEach(() => vi.useRealTimers());

describe('ClientSession', () => {
  it("merges a slow client's ticks: only the newest waits, and it is sent once the backlog drains", () => {
    vi.useFakeTimers();
    const { p, hub } = fakeProclab();
    const t = transport();
    const s = new ClientSession(p, t, () => {}, { tickHighWater: 100, drainPollMs: 10 });
    hub.emit('tick', tick(1000));
    expect(t.sent).toHaveLength(1);
    t.backlog = 500;
    for (const ts of [2000, 3000, 4000]) hub.emit('tick', tick(ts));
    expect(t.sent).toHaveLength(1);
    expect(s.stats.ticksMerged).toBe(2);
    t.backlog = 0;
    vi.advanceTimersByTime(10);
    expect(t.sent).toHaveLength(2);
    expect((t.sent[1] as { data: TickEvent }).data.ts).toBe(4000);
    s.close();
  });

  it('drops the connection rather than queue past the hard limit', () => {
    const { p, hub } = fakeProclab();
    const t = transport();
    const s = new ClientSession(p, t, () => {}, { hardLimit: 1000 });
    t.backlog = 2000;
    hub.emit('run', {} as never);
    expect(t.terminate).toHaveBeenCalledOnce();
    expect(t.sent).toHaveLength(0);
    expect(s.isClosed).toBe(true);
  });

  it('refuses commands beyond the rate with a clear code, without running them', async () => {
    const { p, handled } = fakeProclab();
    const s = new ClientSession(p, transport(), () => {}, { burst: 3, ratePerSec: 0.001 });
    const replies = await Promise.all([1, 2, 3, 4, 5].map((id) => s.handle({ id, cmd: 'app.info', payload: {} })));
    expect(replies.map((r) => r.ok)).toEqual([true, true, true, false, false]);
    expect(replies[4]).toMatchObject({ id: 5, ok: false, error: { code: 'rate-limited' } });
    expect(handled).toHaveLength(3);
    s.close();
  });

  it("gives hidden clients no ticks, and slower clients only every n-th of the engine's", () => {
    const { p, hub } = fakeProclab();
    const t = transport();
    const s = new ClientSession(p, t);
    p.views.update(s.viewId, { intervalMs: 1000 });
    for (const ts of [0, 250, 500, 750, 1000, 1250]) hub.emit('tick', tick(ts));
    expect(t.sent.map((m) => (m as { data: TickEvent }).data.ts)).toEqual([0, 1000]);
    p.views.update(s.viewId, { hidden: true });
    hub.emit('tick', tick(5000));
    expect(t.sent).toHaveLength(2);
    s.close();
  });

  it('encodes a table only when a tick is really sent: merged ticks leave no gap the client cannot decode', () => {
    vi.useFakeTimers();
    const { p, hub } = fakeProclab();
    const t = transport();
    const s = new ClientSession(p, t, () => {}, { tickHighWater: 100, drainPollMs: 10 });
    const table: TableSpec = {
      sort: { key: 'cpu', dir: 'desc' },
      query: '',
      mode: 'flat',
      hideKernel: false,
      offset: 0,
      count: 5,
      rev: 1,
      frozen: false,
    };
    p.views.update(s.viewId, { scope: 'system', table });
    const rows = (n: number) => Array.from({ length: 20 }, (_, i) => proc(i + 2, { cpu: (i * n) % 7 }));
    const ticks = [1, 2, 3, 4, 5, 6].map((n) => ({ ...tick(n * 1000), scope: 'system', processes: rows(n) }) as TickEvent);
    hub.emit('tick', ticks[0]!);
    t.backlog = 500;
    hub.emit('tick', ticks[1]!);
    hub.emit('tick', ticks[2]!);
    t.backlog = 0;
    vi.advanceTimersByTime(10);
    for (const k of ticks.slice(3)) hub.emit('tick', k);
    const decode = createTickDecoder();
    const got = t.sent.map((m) => decode((m as { data: WireTick }).data));
    expect(got.map((g) => g.ts)).toEqual([1000, 3000, 4000, 5000, 6000]);
    for (const g of got) expect(g.table).toEqual(cutTable(ticks.find((k) => k.ts === g.ts)!.processes, table));
    s.close();
  });
});
