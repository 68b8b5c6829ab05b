import { describe, expect, it } from 'vitest';
import type { ProcRow } from '../../../../src/shared/model';
import { isKernelThread, parseQuery } from '../../../../src/renderer/src/proctable/query';

const proc = (pid: number, o: Partial<ProcRow> = {}): ProcRow => ({
  pid,
  startTime: pid,
  ppid: 1,
  name: 'p',
  cmd: 'p',
  user: 'alice',
  state: 'sleeping',
  orphan: false,
  daemon: false,
  exited: null,
  cpu: 0,
  rss: 0,
  threads: 1,
  startedAt: 0,
  runId: null,
  ...o,
});

const rows = [
  proc(2, { ppid: 0, name: 'kthreadd', cmd: '[kthreadd]', user: 'root' }),
  proc(3, { ppid: 2, name: 'kworker/0:1', cmd: '[kworker/0:1]', user: 'root', state: 'idle' }),
  proc(10, {
    name: 'python3',
    cmd: 'python3 main.py',
    cpu: 97.5,
    rss: 300 * 1024 ** 2,
    threads: 4,
    nice: 5,
    priority: 25,
    lastCore: 1,
    virt: 2 * 1024 ** 3,
    shr: 8 * 1024 ** 2,
  }),
  proc(11, { ppid: 10, name: 'python3', cmd: 'python3 worker', state: 'zombie', user: 'root', nice: 0 }),
  proc(12, {
    name: 'node',
    cmd: 'node server.js',
    cpu: 3,
    rss: 50 * 1024 ** 2,
    runId: 'run-a',
    io: { readBytes: 0, writeBytes: 0, rchar: 0, wchar: 0, readBps: 0, writeBps: 2 * 1024 ** 2 },
  }),
];
const pids = (q: string): number[] => rows.filter(parseQuery(q) ?? (() => true)).map((r) => r.pid);

describe('query filter', () => {
  it('plain substrings still work, and all words must match', () => {
    expect(pids('')).toEqual([2, 3, 10, 11, 12]);
    expect(pids('python')).toEqual([10, 11]);
    expect(pids('python worker')).toEqual([11]);
    expect(pids('root')).toEqual([2, 3, 11]);
  });
  it('numeric comparisons with units', () => {
    expect(pids('cpu>5')).toEqual([10]);
    expect(pids('cpu<=3')).toEqual([2, 3, 11, 12]);
    expect(pids('rss>100M')).toEqual([10]);
    expect(pids('rss>=50MiB')).toEqual([10, 12]);
    expect(pids('threads=4')).toEqual([10]);
    expect(pids('virt>1G')).toEqual([10]);
    expect(pids('shr>=8M')).toEqual([10]);
    expect(pids('ni>0')).toEqual([10]);
    expect(pids('pri=25 core=1')).toEqual([10]);
    expect(pids('io>1m')).toEqual([12]);
    expect(pids('cpu>abc')).toEqual([]);
  });
  it('user:, state: by word or letter, name~regex, negation', () => {
    expect(pids('user:root')).toEqual([2, 3, 11]);
    expect(pids('state:Z')).toEqual([11]);
    expect(pids('state:zombie')).toEqual([11]);
    expect(pids('state:I')).toEqual([3]);
    expect(pids('name~^k(thread|worker)')).toEqual([2, 3]);
    expect(pids('cmd~\\.py$')).toEqual([10]);
    expect(pids('name~pyth(')).toEqual([]); // unfinished regex: plain text "pyth("
    expect(pids('user:root -state:Z')).toEqual([2, 3]);
    expect(pids('cpu>5 user:root state:Z name~py')).toEqual([]);
    expect(pids('run:run-a')).toEqual([12]);
  });
  it('kernel threads are kthreadd and its children', () => {
    expect(rows.filter(isKernelThread).map((r) => r.pid)).toEqual([2, 3]);
  });
});
