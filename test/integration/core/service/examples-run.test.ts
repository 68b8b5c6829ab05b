/**
 * Every seed example the playground offers runs as the scratchpad runs it (`run.code`, the real
 * service): each ends on its own with exit 0 within a short limit, except the two-lock deadlock,
 * which the watchdog must flag and a stop must end. Where an example shows something the engine
 * can see (a zombie, an orphan, one thread only, processes per connection) or prints a result
 * that is its lesson (an order, a count), that is checked too: never a duration.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../../../src/shared/examples';
import type { DeadlockEvent, RunData } from '../../../../src/shared/model';
import { createProclab, type Proclab } from '../../../../src/main/core/service/proclab';
import { waitFor } from '../../../helpers/wait-for';

const DIR = path.join(__dirname, '..', '..', '..', '..', 'src', 'shared', 'examples');

const lines = (out: string, re: RegExp): string[] => out.split('\n').filter((l) => re.test(l));
/**
 * One match per line: threads' and processes' prints arrive as whole lines (the bootstrap makes
 * output line-buffered, as in a terminal), so two prints sharing a line is a defect the counts catch.
 */
const matches = (out: string, re: RegExp): RegExpExecArray[] =>
  out
    .split('\n')
    .map((l) => re.exec(l))
    .filter((m): m is RegExpExecArray => m !== null);
const rootPid = (d: RunData): number | undefined => d.events.find((e) => e.kind === 'spawned')?.pid;
const threadCounts = (d: RunData): number[] => d.samples.flatMap((s) => s.procs.map((p) => p.threads)).filter((n) => n > 0);
/** The CPU time the run's processes used, in ms, from their last samples. */
function cpuMs(d: RunData): number {
  const last = new Map<number, number>();
  for (const s of d.samples) for (const p of s.procs) last.set(p.pid, (p.utimeMs ?? 0) + (p.stimeMs ?? 0));
  return [...last.values()].reduce((a, b) => a + b, 0);
}
const used = new Map<string, number>();

/** What each example must show, beyond ending well. */
const CHECKS: Record<string, (d: RunData, out: string) => void> = {
  '01-start-process': (_d, out) => {
    expect(out).toMatch(/jason 子进程 \/ child pid=\d+ ppid=\d+/);
    expect(out).toMatch(/主进程 \/ parent pid: \d+ is_alive: False/);
  },
  '02-no-shared-memory': (_d, out) => {
    expect(out).toContain('子进程 / child: 666');
    expect(out).toContain('主进程 / parent: 100');
  },
  '07-mutex-tickets': (_d, out) => {
    // Two tickets, ten buyers, the buying serialised: exactly two sold, never oversold.
    expect(matches(out, /bought one/)).toHaveLength(2);
    expect(matches(out, /sold out/)).toHaveLength(8);
  },
  '08-gil-lost-update': (_d, out) => {
    expect(Number(/without a lock: (\d+)/.exec(out)?.[1])).toBeGreaterThan(0);
    expect(out).toContain('with a lock: 0');
  },
  '09-compute-threads-vs-processes': (d, out) => {
    expect(out).toMatch(/processes took: [\d.]+ s/);
    expect(out).toMatch(/threads took: [\d.]+ s/);
    // Its two halves as the engine saw them: 4 worker processes, then one process with 4 more threads.
    const root = rootPid(d);
    expect(new Set(d.events.filter((e) => e.kind === 'spawned' && e.pid !== root).map((e) => e.pid)).size).toBe(4);
    expect(Math.max(...d.samples.flatMap((x) => x.procs.filter((p) => p.pid === root).map((p) => p.threads)))).toBe(5);
  },
  '12-threads-share': (d, out) => {
    const pids = matches(out, /线程 \/ thread \d pid=(\d+)/).map((m) => Number(m[1]));
    expect(pids).toHaveLength(10);
    expect(new Set(pids)).toEqual(new Set([rootPid(d)]));
    expect(out).toMatch(/^888$/m);
  },
  '13-rlock': (_d, out) => {
    expect(out).toContain('没有死锁 / no deadlock');
  },
  '14-semaphore': (_d, out) => {
    const inside = matches(out, /inside: (\d+)/).map((m) => Number(m[1]));
    expect(inside).toHaveLength(20);
    expect(Math.max(...inside)).toBeLessThanOrEqual(5);
  },
  '15-event': (_d, out) => {
    expect(matches(out, /got it, running/)).toHaveLength(20);
  },
  '17-pool-callback': (_d, out) => {
    expect(
      matches(out, /callback: (\d+)/)
        .map((m) => Number(m[1]))
        .sort((a, b) => a - b),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  },
  '03-process-states': (d, out) => {
    const root = rootPid(d);
    const states = new Set(d.samples.flatMap((s) => s.procs.filter((p) => p.pid === root).map((p) => p.state)));
    // Computing it is sampled R (running or ready), asleep S (blocked): both are sighted.
    expect([...states]).toEqual(expect.arrayContaining(['running', 'sleeping']));
    expect(lines(out, /state now: R/)).toHaveLength(2);
  },
  '04-zombie': (d, out) => {
    const root = rootPid(d);
    const zombie = d.events.some((e) => e.kind === 'state-changed' && e.state === 'zombie' && e.pid !== root);
    const sampled = d.samples.some((s) => s.procs.some((p) => p.state === 'zombie' && p.pid !== root));
    expect(zombie || sampled).toBe(true);
    expect(out).toContain('state: Z (Z = zombie)');
    expect(out).toContain('after join, state: gone');
  },
  '05-orphan': (d, out) => {
    expect(d.events.some((e) => e.kind === 'orphaned')).toBe(true);
    const before = /son pid=(\d+) 父进程 \/ ppid=(\d+)/.exec(out);
    const after = /son pid=(\d+) 现在的父进程 \/ ppid now=(\d+)/.exec(out);
    expect(before && after, out).toBeTruthy();
    expect(after![1]).toBe(before![1]);
    expect(after![2]).not.toBe(before![2]);
  },
  '06-daemon-process': (d, out) => {
    // The child sleeps 10 s before its last line: the run ending with exit 0 and without it means it ended with its parent.
    expect(out).toContain('the story ends');
    expect(out).not.toContain('the consort dies');
    // The engine saw the daemon child while it lived (the parent lives 2 s: a few ticks).
    const root = rootPid(d);
    expect(d.events.some((e) => e.kind === 'spawned' && e.pid !== root)).toBe(true);
  },
  '06-daemon-thread': (_d, out) => {
    expect(out).toContain('end123');
    expect(out).toContain('end456');
    expect(out).not.toContain('end789');
  },
  '10-queue-pipe': (_d, out) => {
    expect(lines(out, /queue\.Empty/)).toHaveLength(2);
    expect(out).toContain('the consumer got: 燕子李三');
    expect(out).toContain('the parent got: 你好，父进程 / hello, parent');
    expect(out).toContain('the child got: 你好，子进程 / hello, child');
  },
  '10-shared-memory': (_d, out) => {
    expect(out).toContain("with a lock: {'num': 0}");
    expect(out).toContain('shared counter: 400');
  },
  '11-producer-consumer': (_d, out) => {
    const eaten = matches(out, / ate (\S+ \S+ #\d)/).map((m) => m[1]);
    expect(eaten.sort()).toEqual(
      matches(out, / made (\S+ \S+ #\d)/)
        .map((m) => m[1])
        .sort(),
    );
    expect(eaten).toHaveLength(6);
    expect(out).toContain('all eaten');
  },
  '11-joinable-queue': (_d, out) => {
    const eaten = matches(out, / ate (\S+ \S+ #\d)/).map((m) => m[1]);
    expect(eaten.sort()).toEqual(
      matches(out, / made (\S+ \S+ #\d)/)
        .map((m) => m[1])
        .sort(),
    );
    expect(eaten).toHaveLength(6);
    expect(out).toContain('the consumers end with the parent');
  },
  '16-queue-kinds': (_d, out) => {
    expect(out).toContain('FIFO: [1, 2, 3]');
    expect(out).toContain('LIFO: [3, 2, 1]');
    expect(out).toContain("PRIORITY: [(0, '333'), (10, '111'), (100, '222')]");
  },
  '18-asyncio': (d, out) => {
    expect(threadCounts(d).length).toBeGreaterThan(0);
    expect(Math.max(...threadCounts(d))).toBe(1);
    expect(out).toContain('threads: 1');
    expect(lines(out, /MainThread/)).toHaveLength(4);
  },
  '18-generator-coroutines': (d, out) => {
    expect(Math.max(...threadCounts(d))).toBe(1);
    const order = lines(out, /^[ABC]\d$/);
    expect(order).toEqual([0, 1, 2, 3, 4].flatMap((i) => [`A${i}`, `B${i}`, `C${i}`]));
  },
  '19-echo-processes': (d, out) => {
    const replies = matches(out, /got: HELLO \d-\d \(pid (\d+)\)/);
    expect(replies).toHaveLength(9);
    expect(new Set(replies.map((m) => m[1])).size).toBe(3);
    const root = rootPid(d);
    // 3 client processes and one server process per connection, all seen by the engine.
    const children = new Set(d.events.filter((e) => e.kind === 'spawned' && e.pid !== root).map((e) => e.pid));
    expect(children.size).toBeGreaterThanOrEqual(6);
  },
  '19-echo-asyncio': (d, out) => {
    expect(lines(out, /got: MAINTHREAD SAY HELLO \d-\d/)).toHaveLength(15);
    expect(Math.max(...threadCounts(d))).toBe(1);
    expect(out).toContain('threads: 1');
  },
  '20-nonblocking-io': (d, out) => {
    expect(lines(out, /the client got: b'HELLO WORLD'/)).toHaveLength(3);
    const loops = Number(/loops spun: (\d+)/.exec(out)?.[1]);
    expect(loops).toBeGreaterThan(10_000);
    used.set('spin', cpuMs(d));
  },
  '20-selectors': (d, out) => {
    expect(lines(out, /the client got: b'HELLO WORLD'/)).toHaveLength(3);
    const wakeups = Number(/select woke up: (\d+)/.exec(out)?.[1]);
    expect(wakeups).toBeGreaterThan(0);
    expect(wakeups).toBeLessThanOrEqual(20);
    used.set('select', cpuMs(d));
  },
  '21-signals': (_d, out) => {
    expect(out).toContain('got SIGHUP: 重新加载配置 / config reloaded, version 2');
    expect(out).toContain('got SIGUSR1');
    expect(out).toContain('got SIGTERM');
    expect(out).toContain('exiting after step 6');
  },
  '22-scheduling': (_d, out) => {
    const wait = (p: string) => Number(new RegExp(`${p}: .*mean wait ([\\d.]+)`).exec(out)?.[1]);
    expect(wait('FCFS')).toBe(5.75);
    expect(wait('SJF')).toBe(5.5);
    expect(wait('MLFQ')).toBe(4.5);
    expect(out).toMatch(/MLFQ: 完成顺序 \/ finish order \['短作业 short2'/);
  },
  '23-fork-vs-spawn': (_d, out) => {
    expect(out).toMatch(/fork 子进程 \/ child pid=\d+ money=666/);
    expect(out).toMatch(/spawn 子进程 \/ child pid=\d+ money=100/);
    // spawn re-imports the module (as __mp_main__); fork does not.
    expect(lines(out, /the module is imported/).map((l) => l.split('__name__=')[1])).toEqual(['__main__', '__mp_main__']);
  },
};
/** Concepts whose every example (but the one that hangs) must have a check above. */
const CHECKED_CONCEPTS = Array.from({ length: 23 }, (_, i) => i + 1);

describe('the seeds’ examples run', () => {
  let svc: Proclab;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-examples-'));
  beforeAll(async () => {
    svc = await createProclab({ dataDir, host: 'cli', intervalMs: 500, deadlockMs: 1500 });
  });
  afterAll(async () => {
    await svc?.shutdown();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('every example in the index has its program and every program is in the index', () => {
    const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.py'));
    expect(files.sort()).toEqual(EXAMPLES.map((e) => `${e.id}.py`).sort());
    expect(EXAMPLES.some((e) => e.concept === 13 && e.hangs)).toBe(true);
    for (const c of CHECKED_CONCEPTS)
      expect(
        EXAMPLES.some((e) => e.concept === c),
        `concept ${c}`,
      ).toBe(true);
    for (const e of EXAMPLES.filter((x) => CHECKED_CONCEPTS.includes(x.concept) && !x.hangs))
      expect(CHECKS[e.id], e.id).toBeTypeOf('function');
  });

  for (const e of EXAMPLES.filter((x) => !x.hangs)) {
    it(`${e.id} ends on its own with exit 0`, async () => {
      const code = fs.readFileSync(path.join(DIR, `${e.id}.py`), 'utf8');
      const info = await svc.handle('run.code', { runtime: 'python', code, limits: { maxDurationMs: 30_000 } });
      const d = await svc.waitForRun(info.id, 40_000);
      const out = d.outputs.map((o) => o.text ?? '').join('\n');
      const how = `${JSON.stringify({ status: d.info.status, exit: d.info.exit, outcome: d.info.outcome, reason: d.info.reason })}\n${out}`;
      expect(d.info.status, how).toBe('finished');
      expect(d.info.exit?.code, how).toBe(0);
      expect(out.length).toBeGreaterThan(0);
      CHECKS[e.id]?.(d, out);
    });
  }

  it('busy polling costs more CPU than waiting in select', () => {
    if (!used.has('spin') || !used.has('select')) return expect.fail('both IO-model examples must have run first');
    expect(used.get('spin')!).toBeGreaterThan(used.get('select')!);
  });

  for (const e of EXAMPLES.filter((x) => x.hangs)) {
    it(`${e.id} is flagged by the deadlock watchdog and a stop ends it`, async () => {
      const code = fs.readFileSync(path.join(DIR, `${e.id}.py`), 'utf8');
      const seen: DeadlockEvent[] = [];
      const off = svc.on('deadlock', (d) => seen.push(d));
      try {
        const info = await svc.handle('run.code', { runtime: 'python', code, limits: { maxDurationMs: 30_000 } });
        await waitFor(() => seen.some((d) => d.runId === info.id && d.kind === 'suspected'), 20_000, `${e.id} flagged`);
        const stopped = await svc.handle('run.stop', { runId: info.id });
        expect(stopped.status).toBe('stopped');
      } finally {
        off();
      }
    });
  }
});
