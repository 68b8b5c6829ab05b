import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeadlockEvent } from '../../../src/shared/model';
import { alive, cli, startCli } from '../cli-helpers';
import { harness, isRunning, PY, waitFor, type Harness } from '../engine-helpers';
import { sleepMs } from '../../helpers/wait-for';
import { expectWithin, watchMachine } from '../../helpers/machine';
import { DEADLOCK_THRESHOLD_MS } from '../../../src/main/core/watchdog/deadlock';

const WAITS = path.resolve(process.cwd(), 'test/fixtures/waits');
const TWO_LOCKS = path.join(WAITS, 'two_locks.py');
const GRAPH = path.resolve(process.cwd(), 'test/fixtures/wait-graph');

let h: Harness | null = null;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await h?.dispose();
  h = null;
});

async function watched(): Promise<{ h: Harness; events: DeadlockEvent[] }> {
  h = await harness({ intervalMs: 250 });
  const events: DeadlockEvent[] = [];
  h.engine.on('deadlock', (d) => events.push(d));
  return { h, events };
}

describe('deadlock watchdog on real programs', () => {
  it("flags the seed's two-lock program within 10 s, names its threads and lock words, and withdraws when it is stopped", async (ctx) => {
    const { h, events } = await watched();
    const root = await h.engine.launch({ runId: 'two-locks', argv: [PY, TWO_LOCKS], cwd: WAITS });
    const t0 = Date.now();
    const machine = watchMachine();
    // Waits past the 10 s: an overrun fails only on a quiet machine (on a busy one it is inconclusive).
    const e = await waitFor(() => events.find((d) => d.kind === 'suspected' && d.runId === 'two-locks'), 60_000, 'deadlock-suspected');
    expectWithin(ctx, Date.now() - t0, 10_000, 'the deadlock flagged', machine.stop());
    expect(e.pid).toBe(root.pid);
    expect(e.threads).toHaveLength(11);
    expect(e.source).toBe('syscall');
    // A and B, plus the word the main thread's join waits on.
    expect(e.locks.length).toBeGreaterThanOrEqual(2);
    expect(e.locks.reduce((n, l) => n + l.tids.length, 0)).toBe(11);
    expect(e.detail).toMatch(new RegExp(`^deadlock suspected: PID ${root.pid}, 11 threads waiting on \\d+ locks for \\d+ s$`));
    expect(h.engine.runProcesses('two-locks').length).toBeGreaterThan(0);
    await h.engine.stopRun('two-locks');
    await waitFor(() => events.find((d) => d.kind === 'withdrawn' && d.pid === root.pid), 5_000, 'withdrawal');
  });

  it('flags one Lock acquired twice, and not sleepers, socket readers, select() or timed waits', async () => {
    const { h, events } = await watched();
    const modes = ['lock', 'sleep', 'recv', 'select', 'timed'];
    for (const m of modes) await h.engine.launch({ runId: `m-${m}`, argv: [PY, path.join(WAITS, 'blocked.py'), m], cwd: WAITS });
    await waitFor(() => modes.every((m) => h.outputs.some((o) => o.runId === `m-${m}` && o.kind === 'mark')), 15_000, 'ready marks');
    await waitFor(() => events.find((d) => d.runId === 'm-lock'), 10_000, 'lock-twice flagged');
    // The lock-twice run is flagged, so all five have waited one threshold: one more puts the
    // others well past it (a negative window, sized from the constant under test).
    await sleepMs(DEADLOCK_THRESHOLD_MS);
    expect(events.filter((d) => d.runId !== 'm-lock')).toEqual([]);
    const tick = await h.engine.tickNow();
    expect(tick.deadlocks?.map((d) => d.runId)).toEqual(['m-lock']);
  });

  it('flags a run whose processes cross on multiprocessing locks (shared futexes) while the parent joins, as one run', async () => {
    const { h, events } = await watched();
    const root = await h.engine.launch({ runId: 'mp', argv: [PY, path.join(WAITS, 'mp_two_locks.py')], cwd: WAITS });
    const e = await waitFor(() => events.find((d) => d.kind === 'suspected' && d.runId === 'mp'), 10_000, 'run-level suspicion');
    expect(e.pids).toHaveLength(3);
    expect(e.pids![0]).toBe(root.pid);
    expect(e.detail).toMatch(/^deadlock suspected: the run's processes \(PID \d+, \d+, \d+\), 3 threads waiting on \d+ locks? for \d+ s$/);
    // No process alone was suspected: each child's lock is one another process could release.
    expect(events.filter((d) => !d.pids)).toEqual([]);
    // The root's bootstrap reads the forked children's records (a shared table): the cycle has owners.
    const [p1, p2] = e.pids!.slice(1);
    const file = path.join(WAITS, 'mp_two_locks.py');
    const byThread = new Map(e.owners?.map((l) => [l.pid, l]));
    expect(e.owners).toHaveLength(2);
    expect(byThread.get(p1)).toMatchObject({
      at: { file, line: 11 },
      lock: 'b',
      holderPid: p2,
      heldAt: { file, line: 15 },
      holderAt: { file, line: 17 },
    });
    expect(byThread.get(p2)).toMatchObject({
      at: { file, line: 17 },
      lock: 'a',
      holderPid: p1,
      heldAt: { file, line: 9 },
      holderAt: { file, line: 11 },
    });
    expect(e.ownersText?.en).toMatch(
      /^Process-(\d) \(PID \d+\) at mp_two_locks\.py:(11|17) waits for [ab], held by Process-\d \(PID \d+\), which waits at mp_two_locks\.py:(11|17) for [ab], held by Process-\1 \(PID \d+\)$/,
    );
    await h.engine.stopRun('mp');
    await waitFor(() => events.find((d) => d.kind === 'withdrawn' && d.runId === 'mp'), 5_000, 'withdrawal');
  });

  it('flags the same program started outside ProcLab in system scope, and withdraws when it ends', async () => {
    const { h, events } = await watched();
    const child = spawn(PY, [TWO_LOCKS], { stdio: 'ignore' });
    cleanups.push(() => child.kill('SIGKILL'));
    h.engine.configure({ scope: 'system' });
    const e = await waitFor(() => events.find((d) => d.kind === 'suspected' && d.pid === child.pid), 12_000, 'foreign deadlock');
    expect(e.runId).toBeNull();
    expect(e.threads).toHaveLength(11);
    child.kill('SIGKILL');
    await waitFor(() => events.find((d) => d.kind === 'withdrawn' && d.pid === child.pid), 5_000, 'withdrawal');
  });
});

const kernelStacksReadable = (): boolean => {
  try {
    fs.readFileSync(`/proc/${process.pid}/stack`);
    return true;
  } catch {
    return false;
  }
};

describe('deadlock watchdog: the wait-for graph across processes', () => {
  const childOf = (h: Harness, runId: string): number | null => {
    const m = h.outputs.map((o) => (o.runId === runId ? /child (\d+)/.exec(o.text ?? '') : null)).find((x) => x);
    return m ? Number(m[1]) : null;
  };

  it('the subprocess pipe deadlock is reported within 10 s, naming both PIDs and each pipe with its fd', async () => {
    const { h, events } = await watched();
    const root = await h.engine.launch({ runId: 'pipes', argv: [PY, path.join(GRAPH, 'pipe_deadlock.py')], cwd: GRAPH });
    const t0 = Date.now();
    const e = await waitFor(() => events.find((d) => d.kind === 'suspected' && d.runId === 'pipes'), 10_000, 'pipe deadlock');
    expect(Date.now() - t0).toBeLessThan(10_000);
    const child = childOf(h, 'pipes');
    expect(e.pids).toEqual([root.pid, child]);
    expect(e.detail).toMatch(
      new RegExp(`^deadlock suspected: PID ${root.pid}, ${child} wait for each other \\(pipe\\), 2 threads blocked for \\d+ s$`),
    );
    expect(e.waits?.map((l) => [l.pid, l.op, l.waitsFor])).toEqual([
      [root.pid, 'write', [child]],
      [child, 'write', [root.pid]],
    ]);
    expect(e.waits?.every((l) => /^pipe:\[\d+\]$/.test(l.target ?? '') && Number.isInteger(l.fd))).toBe(true);
    expect(e.cycle).toMatch(new RegExp(`PID ${root.pid} thread ${root.pid} writes pipe:\\[\\d+\\] \\(fd \\d+\\), read by PID ${child}`));
    // Stacks where cheap: the root's Python frames from the bootstrap (the blocking line), the child's kernel stack.
    const [rootLink, childLink] = e.waits!;
    expect(rootLink!.stack?.source).toBe('python');
    expect(rootLink!.stack?.frames[0]).toMatch(/^<module> \(.*pipe_deadlock\.py:8\)$/);
    if (kernelStacksReadable())
      expect(childLink!.stack).toMatchObject({ source: 'kernel', frames: expect.arrayContaining([expect.stringMatching(/pipe_write/)]) });
    else console.log('kernel stacks not checked: /proc/<pid>/task/<tid>/stack needs CAP_SYS_ADMIN');
    expect((await h.engine.tickNow()).deadlocks?.map((d) => d.runId)).toEqual(['pipes']);
    await h.engine.stopRun('pipes');
    await waitFor(() => events.find((d) => d.kind === 'withdrawn' && d.runId === 'pipes'), 5_000, 'withdrawal');
  });

  it('one process writing a pipe only it reads is reported as waiting for itself, and ends with its run', async () => {
    const { h, events } = await watched();
    const root = await h.engine.launch({ runId: 'own-pipe', argv: [PY, path.join(GRAPH, 'own_pipe.py')], cwd: GRAPH });
    const e = await waitFor(() => events.find((d) => d.kind === 'suspected' && d.runId === 'own-pipe'), 15_000, 'own pipe deadlock');
    expect(e.pids).toEqual([root.pid]);
    expect(e.detail).toMatch(new RegExp(`^deadlock suspected: PID ${root.pid} waits for itself \\(pipe\\)`));
    expect(e.waits?.map((l) => [l.pid, l.op, l.waitsFor])).toEqual([[root.pid, 'write', [root.pid]]]);
    expect(e.waits?.[0]?.stack?.frames[0]).toMatch(/own_pipe\.py:7\)$/);
    await h.engine.stopRun('own-pipe');
    await waitFor(() => events.find((d) => d.kind === 'withdrawn' && d.runId === 'own-pipe'), 5_000, 'withdrawal');
  });

  it.each(['unix', 'tcp'])('two processes sending to each other over a %s socket, neither receiving, through the peer', async (mode) => {
    const { h, events } = await watched();
    const runId = `sock-${mode}`;
    const root = await h.engine.launch({ runId, argv: [PY, path.join(GRAPH, 'socket_deadlock.py'), mode], cwd: GRAPH });
    const e = await waitFor(() => events.find((d) => d.kind === 'suspected' && d.runId === runId), 10_000, `${mode} socket deadlock`);
    const child = childOf(h, runId);
    expect(e.pids).toEqual([root.pid, child]);
    expect(e.waits?.map((l) => [l.pid, l.op, l.waitsFor])).toEqual([
      [root.pid, 'write', [child]],
      [child, 'write', [root.pid]],
    ]);
    expect(e.waits?.every((l) => /^socket:\[\d+\]$/.test(l.target ?? ''))).toBe(true);
    await h.engine.stopRun(runId);
  });

  it('the same exchange with communicate() (the parent reads), then a wait for a sleeping child: not reported', async () => {
    const { h, events } = await watched();
    const root = await h.engine.launch({ runId: 'talk', argv: [PY, path.join(GRAPH, 'pipe_communicate.py')], cwd: GRAPH });
    await waitFor(() => h.outputs.some((o) => o.runId === 'talk' && /read 1000000/.test(o.text ?? '')), 15_000, 'parent read it all');
    // The child sleeps 6 s (past the 3 s threshold) while the parent waits for it in wait4.
    await waitFor(() => !isRunning(root.pid), 20_000, 'run end');
    expect(events.filter((d) => d.runId === 'talk')).toEqual([]);
  });
});

describe('CLI: the cross-process deadlock', () => {
  it('`proclab run --json -- python3 pipe_deadlock.py`: one line naming both PIDs and the pipes, and the JSON carries the links', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-dl-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const r = await cli(['run', '--json', '--timeout', '8s', '--', PY, 'pipe_deadlock.py'], dataDir, { cwd: GRAPH });
    const line = /proclab: (deadlock suspected: PID (\d+), (\d+) wait for each other \(pipe\).*)/.exec(r.stderr);
    expect(line, r.stderr).not.toBeNull();
    expect(r.stderr.match(/deadlock suspected/g)).toHaveLength(1);
    expect(line![1]).toMatch(/ — PID \d+ thread \d+ writes pipe:\[\d+\] \(fd \d+\), read by PID \d+; PID \d+ thread \d+ writes pipe/);
    const out = JSON.parse(r.stdout) as { deadlocks?: DeadlockEvent[] };
    const e = out.deadlocks?.find((d) => d.kind === 'suspected');
    expect(e?.pids).toEqual([Number(line![2]), Number(line![3])]);
    expect(e?.waits?.map((l) => l.op)).toEqual(['write', 'write']);
  });
});

describe('CLI: the deadlock across forked processes', () => {
  it('`proclab run --json -- python3 mp_two_locks.py`: the line names both children, the locks and both lines; the JSON has the cycle', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-dl-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const r = await cli(['run', '--json', '--timeout', '8s', '--', PY, 'mp_two_locks.py'], dataDir, { cwd: WAITS });
    const line = /proclab: deadlock suspected: the run's processes \(PID (\d+), (\d+), (\d+)\).* — (.*)/.exec(r.stderr);
    expect(line, r.stderr).not.toBeNull();
    const [, , c1, c2, cycle] = line!;
    const m =
      /^Process-\d \(PID (\d+)\) at mp_two_locks\.py:(\d+) waits for ([ab]), held by Process-\d \(PID (\d+)\), which waits at mp_two_locks\.py:(\d+) for ([ab]), held by Process-\d \(PID (\d+)\)$/.exec(
        cycle!,
      );
    expect(m, cycle).not.toBeNull();
    expect([m![1], m![4]].sort()).toEqual([c1, c2].sort());
    expect(m![7]).toBe(m![1]);
    // first_a waits at line 11 for b, first_b at line 17 for a.
    expect(`${m![2]} ${m![3]}, ${m![5]} ${m![6]}`).toMatch(/^(11 b, 17 a|17 a, 11 b)$/);
    const out = JSON.parse(r.stdout) as { deadlocks?: DeadlockEvent[] };
    const e = out.deadlocks?.find((d) => d.kind === 'suspected');
    expect(e?.owners?.map((l) => [l.pid, l.holderPid]).sort()).toEqual(
      [
        [Number(c1), Number(c2)],
        [Number(c2), Number(c1)],
      ].sort(),
    );
  });
});

describe('CLI: the deadlock line', () => {
  it('`proclab run -- python3 two_locks.py` prints it once within 10 s; SIGINT ends the program; the journal keeps it', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-dl-'));
    const { proc, done, stderrSoFar } = startCli(['run', '--', PY, TWO_LOCKS], dataDir, { cwd: WAITS });
    cleanups.push(() => proc.kill('SIGKILL'));
    await waitFor(() => /run \S+ started/.test(stderrSoFar()), 15_000, 'run start');
    await waitFor(
      () => /deadlock suspected: PID \d+, 11 threads waiting on \d+ locks for \d+ s/.test(stderrSoFar()),
      10_000,
      'deadlock line',
    );
    const pid = Number(/deadlock suspected: PID (\d+)/.exec(stderrSoFar())![1]);
    await new Promise((r) => setTimeout(r, 1000));
    expect(stderrSoFar().match(/deadlock suspected/g)).toHaveLength(1);
    proc.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
    expect(alive(pid)).toBe(false);
    const journal = fs.readdirSync(path.join(dataDir, 'runs')).map((f) => fs.readFileSync(path.join(dataDir, 'runs', f), 'utf8'));
    expect(journal.join('\n')).toContain('"t":"deadlock"');
    // Run samples keep every thread's wait reason, so lanes survive the run.
    expect(journal.join('\n')).toMatch(
      /"t":"sample".*"wait":\{"kind":"lock","source":"syscall","call":"futex","word":"0x[0-9a-f]+","timed":false\}/,
    );
  });
});

describe('CLI: ps --threads', () => {
  it('lists each thread with its state and wait reason, as text and as JSON', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-ps-'));
    const child = spawn(PY, [path.join(WAITS, 'blocked.py'), 'recv'], { stdio: ['ignore', 'pipe', 'ignore'] });
    cleanups.push(() => child.kill('SIGKILL'));
    await new Promise((r) => child.stdout!.once('data', r));
    const json = await cli(['ps', '--threads', '--json'], dataDir);
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as {
      processes: Array<{ pid: number; threadRows: Array<{ state: string; wait?: { kind: string; fd?: string } }> }>;
    };
    const mine = doc.processes.find((p) => p.pid === child.pid)!;
    expect(mine.threadRows).toHaveLength(3);
    expect(mine.threadRows.every((t) => t.state === 'sleeping' && t.wait?.kind === 'io' && t.wait.fd === 'socket')).toBe(true);
    const text = await cli(['ps', '--threads'], dataDir);
    // The PID column is right-aligned: a shorter pid than the widest listed starts with spaces.
    const lines = text.stdout.split('\n').filter((l) => l.trimStart().startsWith(`${child.pid} `));
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l).toContain('I/O wait (socket, recvfrom)');
  });
});
