import { describe, expect, it } from 'vitest';
import type { StatFields } from '../../../../src/main/core/procfs';
import { descendantExit, rootExit } from '../../../../src/main/core/supervisor/exit-info';
import { subtreeOf } from '../../../../src/main/core/supervisor/subtree';

const st = (pid: number, ppid: number, startTime = 100): StatFields => ({
  pid,
  ppid,
  startTime,
  comm: 'x',
  stateChar: 'S',
  pgrp: pid,
  session: pid,
  ttyNr: 0,
  utime: 0,
  stime: 0,
  numThreads: 1,
  rssPages: 0,
  processor: 0,
  exitCode: null,
});

describe('exit records', () => {
  it('uses the zombie wait status when a tick saw one', () => {
    expect(descendantExit(3 << 8, null, 5).exit).toEqual({ code: 3, signal: null, by: 'self', at: 5 });
    expect(descendantExit(9, { signal: 'SIGKILL', by: 'user' }, 5).exit).toEqual({ code: null, signal: 'SIGKILL', by: 'user', at: 5 });
    expect(descendantExit(11, null, 5)).toEqual({
      exit: { code: null, signal: 'SIGSEGV', by: 'unknown', at: 5 },
      detail: { en: 'killed by SIGSEGV', zh: '被 SIGSEGV 杀死' },
    });
  });
  it('falls back to the signal ProcLab sent, else says it does not know', () => {
    const sent = descendantExit(null, { signal: 'SIGTERM', by: 'engine' }, 1);
    expect(sent.exit).toEqual({ code: null, signal: 'SIGTERM', by: 'engine', at: 1 });
    expect(sent.detail.en).toMatch(/not observable/);
    const unknown = descendantExit(null, null, 1);
    expect(unknown.exit).toEqual({ code: null, signal: null, by: 'unknown', at: 1 });
    expect(unknown.detail.en).toMatch(/unknown/);
  });
  it('attributes a root exit to whoever signalled it', () => {
    expect(rootExit(0, null, null, 1).exit.by).toBe('self');
    expect(rootExit(null, 'SIGKILL', null, 1).exit.by).toBe('unknown');
    expect(rootExit(null, 'SIGTERM', { signal: 'SIGTERM', by: 'limit' }, 1).exit).toEqual({
      code: null,
      signal: 'SIGTERM',
      by: 'limit',
      at: 1,
    });
  });
});

describe('subtreeOf', () => {
  it('follows live ppid links and remembered parents (re-parented orphans)', () => {
    const table = [st(10, 1), st(11, 10), st(12, 11), st(20, 1), st(13, 1 /* re-parented */), st(14, 10, 50 /* older: a reused pid */)];
    const remembered = [
      { pid: 11, startTime: 100, parentKey: '10:100' },
      { pid: 13, startTime: 100, parentKey: '11:100' },
    ];
    const t = subtreeOf({ pid: 10, startTime: 100 }, table, remembered);
    expect([...t.keys()].sort()).toEqual([10, 11, 12, 13]);
  });
});
