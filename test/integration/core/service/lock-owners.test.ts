/**
 * Who holds what (Python runs, the bootstrap's records at acquire/release): the seed's two-lock
 * deadlock through `proclab run --json -- python3 prog.py` reports the cycle with each lock's
 * holder and the source lines of both sides; a lock-order inversion that did not hang is reported
 * as a potential deadlock with both pairs of lines; a consistent order is not.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeadlockEvent, RunData, RunInfo } from '../../../../src/shared/model';
import { tempService } from '../../helpers/temp-service';
import { cli, REPO } from '../../cli-helpers';

const TWO_LOCKS = path.join(REPO, 'test/fixtures/waits/two_locks.py');

/** Two threads, one after the other: neither can hang, but their orders are opposite. */
const INVERSION = `import threading
lock_a = threading.Lock()
lock_b = threading.Lock()
def forward():
    with lock_a:
        with lock_b:
            pass
def backward():
    with lock_b:
        with lock_a:
            pass
for f in (forward, backward):
    t = threading.Thread(target=f)
    t.start()
    t.join()
print('done')
`;
const CONSISTENT = INVERSION.replace('    with lock_b:\n        with lock_a:', '    with lock_a:\n        with lock_b:');

const service = tempService('proclab-owners-');
const dir = service.dir;

async function runCode(code: string): Promise<RunData> {
  const info = (await service.svc.handle('run.code', { runtime: 'python', code })) as RunInfo;
  return service.svc.waitForRun(info.id, 60_000);
}

describe('lock owners and lock orders (Python bootstrap)', () => {
  it('proclab run --json -- python3 two_locks.py: the cycle with holders and both source lines', async () => {
    const r = await cli(['run', '--json', '--timeout', '15s', '--', 'python3', TWO_LOCKS], path.join(dir, 'cli'));
    const line =
      'Thread-2 at two_locks.py:19 waits for mutexB, held by Thread-1, which waits at two_locks.py:30 for mutexA, held by Thread-2';
    expect(r.stderr).toContain(`— ${line}`);
    const out = JSON.parse(r.stdout) as { deadlocks: DeadlockEvent[] };
    const d = out.deadlocks.find((e) => e.kind === 'suspected')!;
    expect(d.cycle).toBe(line);
    expect(d.ownersText?.en).toBe(line);
    expect(d.owners).toEqual([
      {
        thread: 'Thread-2',
        tid: expect.any(Number),
        at: { file: TWO_LOCKS, line: 19 },
        lock: 'mutexB',
        holder: 'Thread-1',
        holderTid: expect.any(Number),
        heldAt: { file: TWO_LOCKS, line: 27 },
        holderAt: { file: TWO_LOCKS, line: 30 },
      },
      {
        thread: 'Thread-1',
        tid: expect.any(Number),
        at: { file: TWO_LOCKS, line: 30 },
        lock: 'mutexA',
        holder: 'Thread-2',
        holderTid: expect.any(Number),
        heldAt: { file: TWO_LOCKS, line: 17 },
        holderAt: { file: TWO_LOCKS, line: 19 },
      },
    ]);
  }, 90_000);

  it('an inversion that did not hang: a potential deadlock with both pairs of lines', async () => {
    const d = await runCode(INVERSION);
    expect(d.info.exit?.code).toBe(0);
    const p = (d.deadlocks ?? []).filter((e) => e.kind === 'potential');
    expect(p).toHaveLength(1);
    const inv = p[0]!.inversion!;
    const file = expect.stringMatching(/main\.py$/);
    expect(inv.first).toMatchObject({
      thread: 'Thread-1 (forward)',
      lock: 'lock_a',
      then: 'lock_b',
      at: { file, line: 5 },
      thenAt: { file, line: 6 },
    });
    expect(inv.second).toMatchObject({
      thread: 'Thread-2 (backward)',
      lock: 'lock_b',
      then: 'lock_a',
      at: { file, line: 9 },
      thenAt: { file, line: 10 },
    });
    expect(p[0]!.detail).toBe(
      'potential deadlock (lock-order inversion): Thread-1 (forward) took lock_a (main.py:5) then lock_b (main.py:6); Thread-2 (backward) took lock_b (main.py:9) then lock_a (main.py:10)',
    );
  }, 90_000);

  it('a consistent lock order: no potential deadlock', async () => {
    const d = await runCode(CONSISTENT);
    expect(d.info.exit?.code).toBe(0);
    expect(d.outputs.map((o) => o.text)).toContain('done');
    expect(d.deadlocks ?? []).toEqual([]);
  }, 90_000);
});
