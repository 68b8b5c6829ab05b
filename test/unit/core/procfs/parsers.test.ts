import { describe, expect, it } from 'vitest';
import {
  coreUtilization,
  decodeWaitStatus,
  parseMeminfo,
  parsePasswd,
  parseProcStat,
  parseStat,
  isKernelThread,
  stateFromChar,
} from '../../../../src/main/core/procfs';

// A real line (shape from /proc/self/stat) with a hostile comm: spaces and parentheses.
const tail =
  '1234 1234 0 -1 4194560 500 0 0 0 75 25 0 0 20 0 9 0 33875 3133440 382 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 768';
const line = (comm: string, state = 'S') => `4321 (${comm}) ${state} 77 ${tail}\n`;

describe('kernel threads', () => {
  // Real lines: kthreadd, a kworker (child of kthreadd) and a user process (flags without PF_KTHREAD).
  const kthreadd =
    '2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 23 0 0 18446744073709551615 0 0 0 0 0 0 0 2147483647 0 1 0 0 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0';
  const kworker =
    '31 (kworker/0:1-events) I 2 0 0 0 -1 69238880 0 0 0 0 0 3 0 0 20 0 1 0 30 0 0 18446744073709551615 0 0 0 0 0 0 0 2147483647 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0';
  it('reads PF_KTHREAD from field 9 and knows kthreadd by name', () => {
    expect(parseStat(kworker)!.flags).toBe(69238880);
    expect(isKernelThread(parseStat(kthreadd)!)).toBe(true);
    expect(isKernelThread(parseStat(kworker)!)).toBe(true);
    expect(isKernelThread(parseStat(line('python3'))!)).toBe(false);
    // Flags above 2^31 (PF_* bits up to 0x80000000) must not wrap into a false positive or negative.
    expect(isKernelThread({ pid: 9, ppid: 1, comm: 'x', flags: 0x80000000 + 0x00200000 })).toBe(true);
    expect(isKernelThread({ pid: 9, ppid: 1, comm: 'x', flags: 0x80000000 + 0x00100000 })).toBe(false);
  });
  it('does not take an ordinary "PID 2" of a PID namespace for kthreadd', () => {
    expect(isKernelThread({ pid: 2, ppid: 0, comm: 'bash', flags: 4194560 })).toBe(false);
    expect(isKernelThread({ pid: 5, ppid: 2, comm: 'sleep', flags: 4194560 })).toBe(false);
  });
});

describe('parseStat', () => {
  it('reads the fields the engine uses', () => {
    const s = parseStat(line('python3'))!;
    expect(s).toMatchObject({ pid: 4321, comm: 'python3', stateChar: 'S', ppid: 77, pgrp: 1234, session: 1234, ttyNr: 0 });
    expect(s).toMatchObject({ utime: 75, stime: 25, numThreads: 9, startTime: 33875, rssPages: 382, processor: 1, exitCode: 768 });
  });

  it('survives spaces and parentheses in comm by anchoring on the last ")"', () => {
    const s = parseStat(line('a) (b c) R 1'))!;
    expect(s.comm).toBe('a) (b c) R 1');
    expect(s.stateChar).toBe('S');
    expect(s.ppid).toBe(77);
    expect(s.startTime).toBe(33875);
  });

  it('rejects garbage and truncated lines', () => {
    expect(parseStat('')).toBeNull();
    expect(parseStat('not a stat line')).toBeNull();
    expect(parseStat('12 (x) S 1 2 3')).toBeNull();
  });

  it('handles old kernels without the processor / exit_code fields', () => {
    const short = `5 (k) R 1 ${tail.split(' ').slice(0, 20).join(' ')}`;
    const s = parseStat(short)!;
    expect(s.startTime).toBe(33875);
    expect(s.processor).toBe(-1);
    expect(s.exitCode).toBeNull();
  });
});

describe('states and wait statuses', () => {
  it('maps every kernel letter', () => {
    expect(['R', 'S', 'D', 'T', 't', 'Z', 'X', 'I', '?'].map(stateFromChar)).toEqual([
      'running',
      'sleeping',
      'disk-wait',
      'stopped',
      'stopped',
      'zombie',
      'dead',
      'idle',
      'unknown',
    ]);
  });
  it('decodes exit codes and signals', () => {
    expect(decodeWaitStatus(7 << 8)).toEqual({ code: 7, signal: null });
    expect(decodeWaitStatus(9)).toEqual({ code: null, signal: 9 });
    expect(decodeWaitStatus(15 | 0x80)).toEqual({ code: null, signal: 15 }); // core dumped bit
  });
});

describe('/proc/stat deltas', () => {
  const snap = (c0: number[], c1: number[]) =>
    parseProcStat(
      [
        `cpu  ${c0.map((v, i) => v + (c1[i] ?? 0)).join(' ')}`,
        `cpu0 ${c0.join(' ')}`,
        `cpu1 ${c1.join(' ')}`,
        'intr 1 2 3',
        'btime 1700000000',
      ].join('\n'),
    );

  it('parses cores and boot time', () => {
    const s = snap([1, 0, 1, 8, 0, 0, 0, 0, 5, 5], [0, 0, 0, 10, 0, 0, 0, 0, 0, 0]);
    expect(s.cores).toHaveLength(2);
    expect(s.btime).toBe(1700000000);
    // guest/guest_nice (last two) are already in user/nice: not counted twice.
    expect(s.cores[0]).toEqual({ busy: 2, total: 10 });
  });

  it('turns two readings into per-core and total utilization', () => {
    const a = snap([100, 0, 0, 100, 0, 0, 0, 0], [0, 0, 0, 200, 0, 0, 0, 0]);
    // core0: +75 busy of +100; core1: +0 busy, +50 iowait (counted idle) of +100.
    const b = snap([150, 0, 25, 125, 0, 0, 0, 0], [0, 0, 0, 250, 50, 0, 0, 0]);
    const u = coreUtilization(a, b);
    expect(u.cores[0]).toBeCloseTo(75);
    expect(u.cores[1]).toBeCloseTo(0);
    expect(u.total).toBeCloseTo(37.5);
  });

  it('reads 0 on the first tick and when no time passed', () => {
    const a = snap([1, 0, 0, 1, 0, 0, 0, 0], [1, 0, 0, 1, 0, 0, 0, 0]);
    expect(coreUtilization(null, a).cores).toEqual([0, 0]);
    expect(coreUtilization(a, a).total).toBe(0);
  });
});

describe('meminfo and passwd', () => {
  it('reads MemTotal / MemAvailable in bytes', () => {
    expect(parseMeminfo('MemTotal:       8000 kB\nMemFree:   100 kB\nMemAvailable:   6000 kB\n')).toEqual({
      total: 8000 * 1024,
      available: 6000 * 1024,
    });
    expect(parseMeminfo('MemTotal: 10 kB\nMemFree: 4 kB\n').available).toBe(4096);
  });
  it('maps uids to names, first entry wins', () => {
    const m = parsePasswd('root:x:0:0:root:/root:/bin/bash\n# comment\nalice:x:1000:1000::/home/alice:/bin/sh\nalias:x:0:0::/:/bin/sh\n');
    expect(m.get(0)).toBe('root');
    expect(m.get(1000)).toBe('alice');
    expect(m.size).toBe(2);
  });
});
