import { describe, expect, it } from 'vitest';
import {
  classifyState,
  classifySyscall,
  classifyWchan,
  fdKindOf,
  parseSchedstat,
  parseSyscallLine,
  queuedMoreThanRan,
  syscallName,
} from '../../../../src/main/core/procfs';

// Lines captured from /proc/<pid>/task/<tid>/syscall of a Python 3.11 program on x86_64 (kernel 6.18).
const X64 = {
  sleep: '230 0x1 0x1 0x7ffc8fec2650 0x0 0x0 0x0 0x7ffc8fec2610 0x7f3b0baed545',
  lockUntimed: '202 0x55d5dfccbcf0 0x189 0x0 0x0 0x0 0xffffffff 0x7f3b0b3af950 0x7f3b0baa3f16',
  lockTimed: '202 0x7f3aec000df0 0x89 0x0 0x7f3b08b9a9f0 0x0 0xffffffff 0x7f3b08b9a940 0x7f3b0baa3f16',
  recv: '45 0x3 0x7f3b0b45ac00 0xa 0x0 0x0 0x0 0x7f3b0a3a9a10 0x7f3b0bb28974',
  pselect: '270 0x5 0x7f3b09b988f0 0x0 0x0 0x7f3b09b98820 0x0 0x7f3b09b98810 0x7f3b0bb1c9ec',
  pipeRead: '0 0x5 0x7f3b0b48caa0 0x1 0x55d5dfe57770 0x0 0x0 0x7f3b0939fa30 0x7f3b0bb162ec',
  wait4: '61 0xffffffffffffffff 0x7ffd1c 0x0 0x0 0x0 0x0 0x7ffd10 0x7f00aa',
  futexWake: '202 0x55d5dfccbcf0 0x81 0x1 0x0 0x0 0x0 0x7f 0x7f',
  unknown: '999 0x0 0x0 0x0 0x0 0x0 0x0 0x7ffd10 0x7f00aa',
};
const fds: Record<number, string> = { 3: 'socket:[11285]', 4: 'socket:[11286]', 5: 'pipe:[11287]', 7: '/tmp/x.txt' };
const link = (fd: number) => fds[fd] ?? null;

describe('wait reasons from the state letter', () => {
  it('needs no call for R, T, Z, D and tells running from runnable by CPU share', () => {
    expect(classifyState('R', 97)).toEqual({ kind: 'running', source: 'state' });
    expect(classifyState('R', 3)).toEqual({ kind: 'runnable', source: 'state' });
    expect(classifyState('T', 0)?.kind).toBe('stopped');
    expect(classifyState('t', 0)?.kind).toBe('stopped');
    expect(classifyState('Z', 0)?.kind).toBe('zombie');
    expect(classifyState('D', 0)?.kind).toBe('disk');
    expect(classifyState('S', 0)).toBeNull();
  });
});

describe('wait reasons from /proc/…/syscall', () => {
  it('names sleep, socket I/O, poll, pipe I/O and child waits', () => {
    expect(classifySyscall(X64.sleep, 'x64', link)).toEqual({ kind: 'sleep', source: 'syscall', call: 'clock_nanosleep' });
    expect(classifySyscall(X64.recv, 'x64', link)).toEqual({ kind: 'io', source: 'syscall', call: 'recvfrom', fd: 'socket' });
    expect(classifySyscall(X64.pselect, 'x64', link)).toMatchObject({ kind: 'poll', call: 'pselect6' });
    expect(classifySyscall(X64.pipeRead, 'x64', link)).toMatchObject({ kind: 'io', call: 'read', fd: 'pipe' });
    expect(classifySyscall(X64.wait4, 'x64', link)).toMatchObject({ kind: 'child', call: 'wait4' });
  });

  it('gives a futex wait its word and tells timed from untimed', () => {
    expect(classifySyscall(X64.lockUntimed, 'x64', link)).toEqual({
      kind: 'lock',
      source: 'syscall',
      call: 'futex',
      word: '0x55d5dfccbcf0',
      timed: false,
    });
    expect(classifySyscall(X64.lockTimed, 'x64', link)).toMatchObject({ kind: 'lock', word: '0x7f3aec000df0', timed: true });
    // Without FUTEX_PRIVATE_FLAG (a multiprocessing lock): another process may wake it.
    expect(classifySyscall('202 0x7f00aa000010 0x9 0x0 0x0 0x0 0xffffffff 0x7f 0x7f', 'x64', link)).toMatchObject({
      kind: 'lock',
      shared: true,
      timed: false,
    });
    expect(classifySyscall(X64.lockUntimed, 'x64', link)?.shared).toBeUndefined();
  });

  it('does not call a futex wake a lock wait, and names unknown calls by number', () => {
    expect(classifySyscall(X64.futexWake, 'x64', link)).toMatchObject({ kind: 'other', call: 'futex' });
    expect(classifySyscall(X64.unknown, 'x64', link)).toMatchObject({ kind: 'other', call: 'syscall 999' });
  });

  it('uses the aarch64 table there', () => {
    expect(syscallName('arm64', 98)).toBe('futex');
    expect(syscallName('x64', 98)).toBeNull();
    expect(classifySyscall('98 0xffff8000a0 0x80 0x0 0x0 0x0 0x0 0xffffc0 0xffff80', 'arm64', link)).toMatchObject({
      kind: 'lock',
      timed: false,
      word: '0xffff8000a0',
    });
    expect(classifySyscall('115 0x1 0x0 0xffffc0 0x0 0x0 0x0 0xffffc0 0xffff80', 'arm64', link)).toMatchObject({ kind: 'sleep' });
  });

  it("leaves a resumed call (restart_syscall) and a kernel thread's all-zero line to wchan", () => {
    // A sleep continued after SIGSTOP/SIGCONT read "other wait" before (wchan says do_syscall_64).
    expect(classifySyscall('219 0x0 0x0 0x7ffc4b043bf0 0x7ffc4b043c30 0x0 0x0 0x7ffc4b043bd8 0x7f1e0da95503', 'x64', link)).toMatchObject({
      kind: 'sleep',
      call: 'restart_syscall',
      timed: true,
    });
    // kthreadd / ksoftirqd: "0 0x0 … 0x0" is not read(2) on fd 0 ("I/O wait (read)" before).
    expect(classifySyscall('0 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0', 'x64', link)).toBeNull();
    expect(classifyWchan('smpboot_thread_fn')).toMatchObject({ kind: 'other', call: 'smpboot_thread_fn' });
  });

  it('says nothing for a task outside a call or a garbled line, and "running" for a running one', () => {
    expect(classifySyscall('-1 0x7ffd 0x7f00', 'x64', link)).toBeNull();
    expect(classifySyscall('', 'x64', link)).toBeNull();
    expect(classifySyscall('202 zz 0x0 0x0 0x0 0x0 0x0 0x0 0x0', 'x64', link)).toBeNull();
    expect(classifySyscall('running\n', 'x64', link)).toEqual({ kind: 'running', source: 'syscall' });
    expect(parseSyscallLine('0 0x5 0x1 0x1 0x0 0x0 0x0 0x7ffd10 0x7f00aa')).toEqual({ nr: 0, args: ['5', '1', '1', '0', '0', '0'] });
  });
});

describe('wait reasons from wchan (no ptrace access)', () => {
  it('maps kernel function names of several kernel versions', () => {
    expect(classifyWchan('futex_do_wait')).toEqual({ kind: 'lock', source: 'wchan', call: 'futex_do_wait' });
    expect(classifyWchan('futex_wait_queue_me').kind).toBe('lock');
    expect(classifyWchan('hrtimer_nanosleep').kind).toBe('sleep');
    expect(classifyWchan('do_wait').kind).toBe('child');
    expect(classifyWchan('poll_schedule_timeout.constprop.0').kind).toBe('poll');
    expect(classifyWchan('ep_poll').kind).toBe('poll');
    expect(classifyWchan('unix_stream_read_generic')).toMatchObject({ kind: 'io', fd: 'socket' });
    expect(classifyWchan('sk_wait_data')).toMatchObject({ kind: 'io', fd: 'socket' });
    expect(classifyWchan('anon_pipe_read')).toMatchObject({ kind: 'io', fd: 'pipe' });
    expect(classifyWchan('0')).toEqual({ kind: 'other', source: 'wchan' });
    expect(classifyWchan(null).kind).toBe('other');
  });

  it('has no lock word and no timeout there', () => {
    const r = classifyWchan('futex_do_wait');
    expect(r.word).toBeUndefined();
    expect(r.timed).toBeUndefined();
  });
});

describe('fd kinds', () => {
  it('reads the link target', () => {
    expect(['socket:[1]', 'pipe:[2]', 'anon_inode:[eventfd]', '/dev/pts/3', '/home/a.txt', 'net:[4026531840]', null].map(fdKindOf)).toEqual(
      ['socket', 'pipe', 'anon', 'tty', 'file', 'other', 'other'],
    );
  });
});

describe('running vs runnable from schedstat', () => {
  it('reads the line and compares time queued with time on a core', () => {
    expect(parseSchedstat('123456 7890 12\n')).toEqual({ runNs: 123456, waitNs: 7890 });
    expect(parseSchedstat('')).toBeNull();
    const prev = { runNs: 1_000, waitNs: 1_000 };
    expect(queuedMoreThanRan(prev, { runNs: 2_000, waitNs: 1_500 })).toBe(false);
    expect(queuedMoreThanRan(prev, { runNs: 1_200, waitNs: 5_000 })).toBe(true);
  });
});
