import { describe, expect, it } from 'vitest';
import type { LifecycleEvent, RunData } from '../../../../src/shared/model';
import { runScenario } from '../../helpers/run-scenario';

/** Every process's events in the journal's (time) order: a zombie transition before its exit, the exit last. */
function expectExitLast(data: RunData): void {
  const byProc = new Map<string, LifecycleEvent[]>();
  for (const e of data.events) byProc.set(`${e.pid}:${e.startTime}`, [...(byProc.get(`${e.pid}:${e.startTime}`) ?? []), e]);
  for (const [k, evs] of byProc) {
    const kinds = evs.map((e) => `${e.kind}${e.state && e.kind === 'state-changed' ? `→${e.state}` : ''}@${e.ts - data.info.startedAt}`);
    const exitAt = evs.findIndex((e) => e.kind === 'exited');
    expect(exitAt, `${k}: ${kinds.join(', ')}`).toBe(evs.length - 1);
    const zombie = evs.find((e) => e.kind === 'state-changed' && e.state === 'zombie');
    if (zombie) expect(zombie.ts, `${k}: ${kinds.join(', ')}`).toBeLessThanOrEqual(evs[exitAt]!.ts);
  }
  const ts = data.events.map((e) => e.ts);
  expect(ts).toEqual([...ts].sort((a, b) => a - b));
}

// The orphan's child becomes a zombie of an init that does not reap (this machine's PID 1): the
// engine counts it exited on the tick it reads "Z", and the timeline listed that exit first.
describe('a run timeline lists a zombie transition before the exit', () => {
  for (const [id, params] of [
    ['orphan', { parent_s: 1, child_s: 2.5 }],
    ['zombie', { hold_s: 2, child_ms: 300 }],
  ] as const)
    it(`${id} (python): each process's exit is its last event, in time order`, async () => {
      const data = await runScenario(id, 'python', params, 1000);
      expect(data.info.status).toBe('finished');
      expectExitLast(data);
    }, 60_000);
});
