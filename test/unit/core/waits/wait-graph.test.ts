import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GraphInput, GraphProc } from '../../../../src/main/core/waits/wait-graph';
import { stuckSets } from '../../../../src/main/core/waits/wait-graph';
import { graphCandidate, parseSharedMaps, parseSsUnix, tcpPeers } from '../../../../src/main/core/waits/wait-graph-reader';
import { WaitGraphWatch } from '../../../../src/main/core/waits/wait-graph-watch';
import { parseNetSockets } from '../../../../src/main/core/procfs/sockets';
import { exportReport, jsonReportSchema } from '../../../../src/main/core/reports';
import { twoRuns } from '../../runs-fixtures';

const DIR = path.resolve(process.cwd(), 'test/fixtures/wait-graph');
/** Snapshots of real programs (captured from /proc of pipe_deadlock.py, pipe_wait.py, pipe_communicate.py). */
const load = (name: string): GraphInput => JSON.parse(fs.readFileSync(path.join(DIR, name), 'utf8')) as GraphInput;

const proc = (pid: number, over: Partial<GraphProc>): GraphProc => ({
  pid,
  startTime: pid * 10,
  ppid: 1,
  name: `p${pid}`,
  runId: 'r',
  cpuTicks: 5,
  threads: [],
  fds: {},
  modes: {},
  sharedMaps: [],
  futexMaps: {},
  ...over,
});
// x86_64 syscall lines: read 0, write 1, futex 202, wait4 61, sendto 44, recvfrom 45.
const line = (nr: number, ...args: string[]) =>
  `${nr} ${[...args, '0', '0', '0', '0', '0', '0']
    .slice(0, 6)
    .map((a) => `0x${a}`)
    .join(' ')} 0x7ffd0 0x7f00\n`;

describe('wait-for graph across processes', () => {
  it('the subprocess pipe deadlock: parent writes the child stdin, child writes its full stdout; both named with fd and pipe', () => {
    const input = load('deadlock.json');
    const sets = stuckSets(input);
    expect(sets).toHaveLength(1);
    const [parent, child] = sets[0]!;
    expect(parent!.proc.pid).toBe(input.procs[0]!.pid);
    expect(parent!.links).toEqual([
      expect.objectContaining({ op: 'write', fd: 4, target: 'pipe:[3371519]', waitsFor: [child!.proc.pid], call: 'write' }),
    ]);
    expect(child!.links).toEqual([expect.objectContaining({ op: 'write', fd: 1, target: 'pipe:[3371520]', waitsFor: [parent!.proc.pid] })]);
  });

  it('a parent in wait4 for a child blocked on the stdout pipe only the parent reads', () => {
    const sets = stuckSets(load('wait.json'));
    expect(sets).toHaveLength(1);
    expect(sets[0]!.flatMap((s) => s.links.map((l) => l.op))).toEqual(['child', 'write']);
  });

  it('communicate(): the parent polls, the child sleeps after writing: nothing stuck', () => {
    expect(stuckSets(load('communicate.json'))).toEqual([]);
  });

  it('a holder of the read end that is free (a third process not blocked) frees the writer', () => {
    const input = load('deadlock.json');
    const reader = proc(99999, { fds: { 7: 'pipe:[3371520]' }, modes: { 7: 0 } });
    expect(stuckSets({ ...input, procs: [...input.procs, reader] })).toEqual([]);
  });

  it('a pipe whose other end no looked-at process holds, a timed futex or an unreadable syscall: free', () => {
    const lone = proc(1, {
      threads: [{ tid: 1, name: 'm', syscall: line(1, '4', '1000', '10') }],
      fds: { 4: 'pipe:[5]' },
      modes: { 4: 1 },
    });
    expect(stuckSets({ arch: 'x64', procs: [lone], peers: {} })).toEqual([]);
    const timed = proc(2, { threads: [{ tid: 2, name: 'm', syscall: line(202, '7f00', '0', '0', '7ffd00') }] });
    expect(stuckSets({ arch: 'x64', procs: [timed], peers: {} })).toEqual([]);
    const hidden = proc(3, { threads: [{ tid: 3, name: 'm', syscall: null }] });
    expect(stuckSets({ arch: 'x64', procs: [hidden], peers: {} })).toEqual([]);
  });

  it('one process stuck only on its own private futex is left to the per-process watchdog', () => {
    const p = proc(1, { threads: [{ tid: 1, name: 'm', syscall: line(202, '7f00', '80', '0', '0') }] });
    expect(stuckSets({ arch: 'x64', procs: [p], peers: {} })).toEqual([]);
  });

  it('a process with one thread free (any thread may wake the rest) is not stuck', () => {
    const input = load('deadlock.json');
    const [parent, child] = input.procs;
    const busy = { ...parent!, threads: [...parent!.threads, { tid: 424242, name: 'reader', syscall: 'running' }] };
    expect(stuckSets({ ...input, procs: [busy, child!] })).toEqual([]);
  });

  it('Unix socket pairs through their peer inode (both sides sending, neither receiving)', () => {
    const peers = parseSsUnix(
      'u_str ESTAB 0      0           * 100 * 101\nu_str ESTAB 0 0 * 101 * 100\nu_str LISTEN 0 5 /run/x.sock 7 * 0\n',
    );
    expect(peers).toEqual({ 100: 101, 101: 100 });
    const a = proc(1, { threads: [{ tid: 1, name: 'a', syscall: line(44, '3', '1000', '10000') }], fds: { 3: 'socket:[100]' } });
    const b = proc(2, { ppid: 1, threads: [{ tid: 2, name: 'b', syscall: line(44, '5', '1000', '10000') }], fds: { 5: 'socket:[101]' } });
    const sets = stuckSets({ arch: 'x64', procs: [a, b], peers });
    expect(sets[0]!.map((s) => s.links[0]!.waitsFor)).toEqual([[2], [1]]);
    expect(stuckSets({ arch: 'x64', procs: [a, b], peers: {} })).toEqual([]);
  });

  it('loopback TCP: each side peers with the connection whose endpoints are its own swapped', () => {
    const text = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 200 1 0 20 4 30 10 -1',
      '   1: 0100007F:C350 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 201 1 0 20 4 30 10 -1',
      '   2: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 199 1 0 100 0 0 10 0',
    ].join('\n');
    expect(tcpPeers(parseNetSockets(text, 'tcp'))).toEqual({ 200: 201, 201: 200 });
  });

  it('a shared futex joins the processes mapping the same file; the parent waits for both children', () => {
    const maps = '7f10000000-7f10001000 rw-s 00000000 00:1a 555 /dev/shm/sem.mp\n7f20000000-7f20001000 rw-p 00000000 00:00 0\n';
    expect(parseSharedMaps(maps, ['0x7f10000010'])).toEqual({ keys: ['00:1a 555'], at: { '0x7f10000010': '00:1a 555' } });
    const futex = (tid: number) => ({ tid, name: 't', syscall: line(202, '7f10000010', '0', '0', '0') });
    const mk = (pid: number, ppid: number) =>
      proc(pid, { ppid, runId: null, threads: [futex(pid)], sharedMaps: ['00:1a 555'], futexMaps: { '0x7f10000010': '00:1a 555' } });
    const parent = proc(1, { runId: null, threads: [{ tid: 1, name: 'main', syscall: line(61, 'ffffffffffffffff', '7ffd', '0', '0') }] });
    const sets = stuckSets({ arch: 'x64', procs: [parent, mk(2, 1), mk(3, 1)], peers: {} });
    expect(sets).toHaveLength(1);
    expect(sets[0]!.map((s) => s.links[0]!.op)).toEqual(['child', 'lock', 'lock']);
    expect(sets[0]![1]!.links[0]!.waitsFor).toEqual([2, 3]);
  });

  it('only processes whose every thread the tick saw in a followed wait are read further', () => {
    const t = (wait: object) => ({ tid: 1, pid: 1, name: 'm', state: 'sleeping' as const, cpu: 0, lastCore: 0, wait: wait as never });
    const look = { pid: 1, startTime: 1, ppid: 0, name: 'm', runId: null, cpuTicks: 0 };
    expect(graphCandidate({ ...look, threads: [t({ kind: 'io', source: 'syscall', fd: 'pipe', call: 'write' })] })).toBe(true);
    expect(graphCandidate({ ...look, threads: [t({ kind: 'io', source: 'wchan', fd: 'pipe' })] })).toBe(false);
    expect(graphCandidate({ ...look, threads: [t({ kind: 'poll', source: 'syscall', call: 'poll' })] })).toBe(false);
    expect(graphCandidate({ ...look, threads: [] })).toBe(false);
  });
});

describe('wait-graph watch', () => {
  it('speaks once the set has held the threshold with no CPU, names every pid, fd and pipe, and withdraws when it ends', () => {
    const w = new WaitGraphWatch(3000);
    const input = load('deadlock.json');
    const [a, b] = input.procs.map((p) => p.pid);
    const sets = stuckSets(input);
    expect(w.observe(0, sets, () => true)).toEqual([]);
    expect(w.observe(2999, sets, () => true)).toEqual([]);
    const [e] = w.observe(3000, sets, () => true);
    expect(e!.kind).toBe('suspected');
    expect(e!.pids).toEqual([a, b]);
    expect(e!.detail).toBe(`deadlock suspected: PID ${a}, ${b} wait for each other (pipe), 2 threads blocked for 3 s`);
    expect(e!.cycle).toBe(
      `PID ${a} thread ${a} writes pipe:[3371519] (fd 4), read by PID ${b}; PID ${b} thread ${b} writes pipe:[3371520] (fd 1), read by PID ${a}`,
    );
    expect(e!.cycleText!.zh).toContain('读端在');
    expect(e!.waits).toHaveLength(2);
    expect(w.observe(4000, sets, () => true)).toEqual([]);
    expect(w.suspected()).toHaveLength(1);
    const [gone] = w.observe(5000, [], (pid) => pid !== b);
    expect(gone).toMatchObject({ kind: 'withdrawn', ended: true, pids: [a, b] });
  });

  it('CPU time moving restarts the clock until the set is said', () => {
    const w = new WaitGraphWatch(3000);
    const input = load('deadlock.json');
    w.observe(0, stuckSets(input), () => true);
    const moved = { ...input, procs: input.procs.map((p, i) => (i ? p : { ...p, cpuTicks: p.cpuTicks + 1 })) };
    expect(w.observe(3000, stuckSets(moved), () => true)).toEqual([]);
    expect(w.observe(6000, stuckSets(moved), () => true)).toHaveLength(1);
    // Once said, CPU alone (the bootstrap answering for stacks) does not withdraw it; the set changing does.
    const again = { ...moved, procs: moved.procs.map((p) => ({ ...p, cpuTicks: p.cpuTicks + 2 })) };
    expect(w.observe(7000, stuckSets(again), () => true)).toEqual([]);
    expect(w.observe(8000, [], () => true)).toMatchObject([{ kind: 'withdrawn' }]);
  });
});

describe('wait-for graph: one process alone', () => {
  it('threads reading their own socketpair are left alone, as any socket reader', () => {
    const recv = (tid: number, fd: number) => ({ tid, name: 't', syscall: line(45, String(fd), '1000', 'a') });
    const p = proc(1, {
      threads: [recv(1, 3), recv(2, 5)],
      fds: { 3: 'socket:[100]', 4: 'socket:[101]', 5: 'socket:[102]', 6: 'socket:[103]' },
    });
    expect(stuckSets({ arch: 'x64', procs: [p], peers: { 100: 101, 101: 100, 102: 103, 103: 102 } })).toEqual([]);
  });
});

describe('wait-for graph: one process writing what only it reads', () => {
  // x86_64: write 1, read 0. fd 3 is the read end (mode 0), fd 4 the write end (mode 1) of pipe 9.
  const ownPipe = { 3: 'pipe:[9]', 4: 'pipe:[9]' };
  const modes = { 3: 0, 4: 1 };

  it('is stuck for good: one set of one process, said as waiting for itself', () => {
    const p = proc(7, { threads: [{ tid: 7, name: 'main', syscall: line(1, '4', '7f00', '100000') }], fds: ownPipe, modes });
    const sets = stuckSets({ arch: 'x64', procs: [p], peers: {} });
    expect(sets.map((set) => set.map((x) => [x.proc.pid, x.links.map((l) => [l.op, l.fd, l.waitsFor])]))).toEqual([
      [[7, [['write', 4, [7]]]]],
    ]);
    const watch = new WaitGraphWatch(1000);
    watch.observe(0, sets, () => true);
    const [e] = watch.observe(1500, sets, () => true);
    expect(e?.detail).toBe(
      'deadlock suspected: PID 7 waits for itself (pipe): it writes what only it would read, 1 threads blocked for 2 s',
    );
  });

  it('a reader of its own pipe is left alone (the self-pipe trick: a signal handler writes)', () => {
    const p = proc(7, { threads: [{ tid: 7, name: 'main', syscall: line(0, '3', '7f00', '100') }], fds: ownPipe, modes });
    expect(stuckSets({ arch: 'x64', procs: [p], peers: {} })).toEqual([]);
  });
});

describe('wait-graph events in reports', () => {
  it('the JSON report keeps the links (pids, fds, pipes, stacks) through its schema', () => {
    const w = new WaitGraphWatch(3000);
    const sets = stuckSets(load('deadlock.json'));
    w.observe(0, sets, () => true);
    const [e] = w.observe(3000, sets, () => true);
    e!.waits![0]!.stack = { source: 'kernel', frames: ['anon_pipe_write+0x3e4/0x750'] };
    const runs = twoRuns();
    runs[0]!.deadlocks = [{ ...e!, runId: runs[0]!.info.id }];
    const doc = jsonReportSchema.parse(JSON.parse(exportReport('json', runs, runs[0]!.info.id, Date.UTC(2026, 11, 7)).content));
    const waits = doc.runs[0]!.deadlocks![0]!.waits!;
    expect(waits.map((l) => [l.fd, l.target])).toEqual([
      [4, 'pipe:[3371519]'],
      [1, 'pipe:[3371520]'],
    ]);
    expect(waits[0]!.stack?.frames).toEqual(['anon_pipe_write+0x3e4/0x750']);
  });
});
