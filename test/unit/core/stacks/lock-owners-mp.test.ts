/**
 * The cycle across a run's forked processes (multiprocessing locks): a reply as the run root's
 * bootstrap gave it for test/fixtures/waits/mp_two_locks.py. Every process's main thread has the
 * same `threading` ident (a forked child keeps its parent's), so threads are known by (pid, ident).
 */
import { describe, expect, it } from 'vitest';
import { ownerCycle, ownerCycleText, type PyLocksReply } from '../../../../src/main/core/stacks/lock-owners';

const FILE = '/work/test/fixtures/waits/mp_two_locks.py';
const IDENT = 140293324602240;
const site = (line: number) => ({ file: FILE, line });
const root = { pid: 8142, ident: IDENT, name: 'MainThread', tid: 8142 };
const p1 = { pid: 8144, ident: IDENT, name: 'Process-1', tid: 8144 };
const p2 = { pid: 8145, ident: IDENT, name: 'Process-2', tid: 8145 };
const captured: PyLocksReply = {
  threads: [
    root,
    { ...p1, wait: { kind: 'lock', lock: 'mp:L7f9894ff6000', file: FILE, line: 11 } },
    { ...p2, wait: { kind: 'lock', lock: 'mp:L7f9895c71000', file: FILE, line: 17 } },
  ],
  locks: [
    { id: 'mp:L7f9894ff6000', name: 'b', kind: 'multiprocessing.Lock', owner: p2, at: site(15) },
    { id: 'mp:L7f9895c71000', name: 'a', kind: 'multiprocessing.Lock', owner: p1, at: site(9) },
  ],
  inversions: [],
};

describe('lock owners across processes', () => {
  it('follows each lock to its holder in another process and names every thread with its PID (only then)', () => {
    const c = ownerCycle(captured)!;
    expect(c).toEqual([
      {
        thread: 'Process-1 (PID 8144)',
        tid: 8144,
        at: site(11),
        lock: 'b',
        holder: 'Process-2 (PID 8145)',
        holderTid: 8145,
        heldAt: site(15),
        holderAt: site(17),
        pid: 8144,
        holderPid: 8145,
      },
      {
        thread: 'Process-2 (PID 8145)',
        tid: 8145,
        at: site(17),
        lock: 'a',
        holder: 'Process-1 (PID 8144)',
        holderTid: 8144,
        heldAt: site(9),
        holderAt: site(11),
        pid: 8145,
        holderPid: 8144,
      },
    ]);
    expect(ownerCycleText(c).en).toBe(
      'Process-1 (PID 8144) at mp_two_locks.py:11 waits for b, held by Process-2 (PID 8145), which waits at mp_two_locks.py:17 for a, held by Process-1 (PID 8144)',
    );
  });

  it('the same ident in two processes is two threads: a holder that runs in its own process closes no cycle', () => {
    // Process-2 holds b but no longer waits; the root's main thread (same ident) waits for nothing either.
    const open: PyLocksReply = { ...captured, threads: captured.threads.filter((t) => t.pid !== 8145) };
    expect(ownerCycle(open)).toBeNull();
    // A cycle inside one process keeps its names without PIDs.
    const t1 = { pid: 7, ident: 1, name: 'Thread-1', tid: 71 };
    const t2 = { pid: 7, ident: 2, name: 'Thread-2', tid: 72 };
    const one: PyLocksReply = {
      threads: [
        { ...t1, wait: { kind: 'lock', lock: 'A', file: FILE, line: 3 } },
        { ...t2, wait: { kind: 'lock', lock: 'B', file: FILE, line: 4 } },
      ],
      locks: [
        { id: 'A', name: 'mutexA', kind: 'Lock', owner: t2, at: site(1) },
        { id: 'B', name: 'mutexB', kind: 'Lock', owner: t1, at: site(2) },
      ],
      inversions: [],
    };
    expect(ownerCycle(one)!.map((l) => [l.thread, l.holder, l.pid])).toEqual([
      ['Thread-1', 'Thread-2', undefined],
      ['Thread-2', 'Thread-1', undefined],
    ]);
  });
});
