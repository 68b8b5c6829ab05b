import { describe, expect, it } from 'vitest';
import { ownerCycle, ownerCycleText, type PyLocksReply } from '../../../../src/main/core/stacks/lock-owners';
import { parseGdb, parsePySpy } from '../../../../src/main/core/stacks/tools';

describe('stack tools output', () => {
  it('gdb: frames per LWP, with file:line or the library', () => {
    const text = `[New LWP 12]
Thread 2 (Thread 0x7f78b37fe6c0 (LWP 12) "twomutex"):
#0  futex_wait (private=0, expected=2, futex_word=0x55d0) at ../sysdeps/nptl/futex-internal.h:146
#1  0x00007f78d92a3f7b in ___pthread_mutex_lock (mutex=0x55d0 <b>) at ./nptl/pthread_mutex_lock.c:93
#2  0x000055d0 in one (x=0x0) at /tmp/twomutex.c:4
#3  0x00007f78 in clone3 () from /lib/x86_64-linux-gnu/libc.so.6

Thread 1 (Thread 0x7f78 (LWP 11) "twomutex"):
#0  main () at /tmp/twomutex.c:6
`;
    const m = parseGdb(text);
    expect([...m.keys()]).toEqual([12, 11]);
    expect(m.get(12)).toEqual([
      { function: 'futex_wait', file: '../sysdeps/nptl/futex-internal.h', line: 146 },
      { function: '___pthread_mutex_lock', file: './nptl/pthread_mutex_lock.c', line: 93 },
      { function: 'one', file: '/tmp/twomutex.c', line: 4 },
      { function: 'clone3', file: '/lib/x86_64-linux-gnu/libc.so.6' },
    ]);
    expect(m.get(11)).toEqual([{ function: 'main', file: '/tmp/twomutex.c', line: 6 }]);
    expect(parseGdb('ptrace: Operation not permitted.').size).toBe(0);
  });

  it('py-spy --json: threads by native TID; anything but a list is an error', () => {
    const t = parsePySpy(
      JSON.stringify([
        { os_thread_id: 7, thread_name: 'Thread-1', thread_id: 99, frames: [{ name: 'func2', filename: '/a.py', line: 30 }] },
      ]),
    );
    expect(t).toEqual([{ tid: 7, name: 'Thread-1', ident: 99, frames: [{ function: 'func2', file: '/a.py', line: 30 }] }]);
    expect(() => parsePySpy('{"error": 1}')).toThrow(/no thread list/);
  });
});

describe('lock owners', () => {
  const site = (line: number) => ({ file: '/x/two_locks.py', line });
  const t1 = { ident: 1, name: 'Thread-1', tid: 101 };
  const t2 = { ident: 2, name: 'Thread-2', tid: 102 };
  const t3 = { ident: 3, name: 'Thread-3', tid: 103 };
  const reply: PyLocksReply = {
    threads: [
      { ...t3, wait: { kind: 'lock', lock: 'A', file: site(17).file, line: 17 } },
      { ...t2, wait: { kind: 'lock', lock: 'B', file: site(19).file, line: 19 } },
      { ...t1, wait: { kind: 'lock', lock: 'A', file: site(30).file, line: 30 } },
      { ident: 4, name: 'MainThread', tid: 100, wait: { kind: 'join', thread: t1, file: site(40).file, line: 40 } },
    ],
    locks: [
      { id: 'A', name: 'mutexA', kind: 'Lock', owner: t2, at: site(17) },
      { id: 'B', name: 'mutexB', kind: 'Lock', owner: t1, at: site(27) },
    ],
    inversions: [],
  };

  it('finds the cycle through owners (a thread queued behind it is not in it) and says it with both lines', () => {
    const c = ownerCycle(reply)!;
    expect(c.map((l) => l.thread)).toEqual(['Thread-2', 'Thread-1']);
    expect(c[0]).toEqual({
      thread: 'Thread-2',
      tid: 102,
      at: site(19),
      lock: 'mutexB',
      holder: 'Thread-1',
      holderTid: 101,
      heldAt: site(27),
      holderAt: site(30),
    });
    expect(ownerCycleText(c).en).toBe(
      'Thread-2 at two_locks.py:19 waits for mutexB, held by Thread-1, which waits at two_locks.py:30 for mutexA, held by Thread-2',
    );
  });

  it('no cycle: a join and a wait for a lock whose holder runs', () => {
    const open: PyLocksReply = { ...reply, threads: reply.threads.filter((t) => t.ident !== 1) };
    expect(ownerCycle(open)).toBeNull();
  });
});
