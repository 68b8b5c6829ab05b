import { describe, expect, it } from 'vitest';
import { MonitorView } from '../../../src/main/core/engine/monitor-view';
import { ViewRegistry, type Demand } from '../../../src/main/core/service/views';
import { ProclabError } from '../../../src/shared/errors';
import {
  MAX_INTERVAL_MS,
  MAX_IO_FOR,
  MAX_NET_FOR,
  MAX_THREADS_FOR,
  MIN_INTERVAL_MS,
  monitorViewSchema,
} from '../../../src/shared/monitor-view';
import { parseCommand } from '../../../src/shared/protocol';

const pids = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

/** Changes a client must not get through, with the field the error names. */
const REFUSED: Array<[string, unknown, string]> = [
  ['an interval below the floor', { intervalMs: MIN_INTERVAL_MS - 1 }, 'intervalMs'],
  ['an interval above the ceiling', { intervalMs: MAX_INTERVAL_MS + 1 }, 'intervalMs'],
  ['a fractional interval', { intervalMs: 300.5 }, 'intervalMs'],
  ['an interval that is not a number', { intervalMs: '1000' }, 'intervalMs'],
  ['one thread row too many', { threadsFor: pids(MAX_THREADS_FOR + 1) }, 'threadsFor'],
  ['one I/O row too many', { ioFor: pids(MAX_IO_FOR + 1) }, 'ioFor'],
  ['one socket row too many', { netFor: pids(MAX_NET_FOR + 1) }, 'netFor'],
  ['a negative pid', { threadsFor: [1, -3] }, 'threadsFor.1'],
  ['a fractional pid', { netFor: [2.5] }, 'netFor.0'],
  ['pid 0', { ioFor: [0] }, 'ioFor.0'],
  ['an unknown scope', { scope: 'all' }, 'scope'],
  ['an unknown key', { scope: 'system', everything: true }, ''],
  ['a list that is not a list', { threadsFor: 5 }, 'threadsFor'],
];

describe('the monitor view: one schema, its bounds defined once', () => {
  const before = { scope: 'runs', intervalMs: 1000, threadsFor: [7], ioFor: [8], netFor: [9] } as const;

  it.each(REFUSED)('the engine refuses %s with a clear error and changes nothing', (_what, change, field) => {
    const v = new MonitorView(1000);
    v.apply({ threadsFor: [7], ioFor: [8], netFor: [9] });
    let thrown: unknown;
    try {
      v.apply(change as Parameters<MonitorView['apply']>[0]);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ProclabError);
    const e = thrown as ProclabError;
    expect(e.code).toBe('invalid-payload');
    expect(e.message).toMatch(/^invalid monitor view: /);
    expect(e.issues?.map((i) => i.path)).toContain(field);
    expect(v.current()).toEqual(before);
  });

  it.each(REFUSED)('the host refuses %s at its boundary, the same way', (_what, change, field) => {
    const r = parseCommand({ id: 1, cmd: 'monitor.configure', payload: change });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid-payload');
      expect(r.error.issues?.map((i) => i.path)).toContain(field);
    }
  });

  it('takes a change at every bound, the same on the host and in the engine', () => {
    const edge = {
      scope: 'system',
      intervalMs: MIN_INTERVAL_MS,
      threadsFor: pids(MAX_THREADS_FOR),
      ioFor: pids(MAX_IO_FOR),
      netFor: pids(MAX_NET_FOR),
    } as const;
    expect(monitorViewSchema.safeParse({ ...edge, intervalMs: MAX_INTERVAL_MS, hidden: true, table: null }).success).toBe(true);
    expect(parseCommand({ id: 1, cmd: 'monitor.configure', payload: edge }).ok).toBe(true);
    const v = new MonitorView(1000);
    expect(v.apply(edge)).toEqual({ scopeChanged: true, intervalGiven: true });
    expect(v.current()).toEqual(edge);
  });

  it("the host's union of several clients' views stays within the engine's bounds", () => {
    const applied: Demand[] = [];
    const engine = new MonitorView(1000);
    const reg = new ViewRegistry((d) => {
      engine.apply(d); // throws if the union ever left the bounds
      applied.push(d);
    });
    const a = reg.open();
    const b = reg.open();
    reg.update(a, { threadsFor: pids(MAX_THREADS_FOR), ioFor: pids(MAX_IO_FOR), netFor: pids(MAX_NET_FOR) });
    reg.update(b, {
      threadsFor: pids(MAX_THREADS_FOR).map((p) => p + 1000),
      ioFor: pids(MAX_IO_FOR).map((p) => p + 1000),
      netFor: pids(MAX_NET_FOR).map((p) => p + 1000),
      intervalMs: MIN_INTERVAL_MS,
    });
    const last = applied.at(-1)!;
    expect(last.threadsFor).toHaveLength(MAX_THREADS_FOR);
    expect(last.ioFor).toHaveLength(MAX_IO_FOR);
    expect(last.netFor).toHaveLength(MAX_NET_FOR);
    expect(engine.current()).toEqual(last);
  });
});
