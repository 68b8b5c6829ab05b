import { describe, expect, it } from 'vitest';
import { endOf, endWords, mergeStory, storyRows } from '../../../../src/renderer/src/model/process-story';
import { fmtCpuTime } from '../../../../src/shared/format';
import { translate } from '../../../../src/renderer/src/i18n/translate';
import { toRow, type TrackedProc } from '../../../../src/main/core/supervisor/run';
import { ROOT, T0, ev, exited, makeRun, proc, sample } from '../../../lessons/rundata';

const tEn = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>): string => translate('en', k, v);
const tZh = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>): string => translate('zh', k, v);
const MB = 1048576;
const CHILD = 1001;

/** A root that starts a child; the child peaks at 3 threads and 40 MB, then exits 0 and reads 0 at its last look. */
function run() {
  return makeRun({
    events: [
      ev('spawned', ROOT, 0, { ppid: 1 }),
      ev('spawned', CHILD, 0.5),
      exited(CHILD, 3),
      ev('exited', ROOT, 4, { ppid: 1, exit: { code: null, signal: 'SIGTERM', by: 'engine', at: T0 + 4000 } }),
    ],
    samples: [
      sample(1, [proc(ROOT, 10, { utimeMs: 50, stimeMs: 10 }), proc(CHILD, 90, { rss: 25 * MB, threads: 2, utimeMs: 400, stimeMs: 20 })]),
      sample(2, [proc(ROOT, 10, { utimeMs: 70, stimeMs: 15 }), proc(CHILD, 99, { rss: 40 * MB, threads: 3, utimeMs: 1300, stimeMs: 40 })]),
      sample(3, [proc(ROOT, 10, { utimeMs: 90, stimeMs: 20 }), proc(CHILD, 0, { rss: 0, threads: 0, utimeMs: 1300, stimeMs: 40 })]),
    ],
  });
}

describe('a finished run keeps each process story', () => {
  it('takes peaks and CPU time from the samples, the end from the events', () => {
    const rows = storyRows(run());
    const child = rows.find((r) => r.pid === CHILD)!;
    expect(child.usage).toEqual({ cpuMs: 1340, peakRss: 40 * MB, peakThreads: 3, zombie: false });
    expect(child.exited?.code).toBe(0);
    const root = rows.find((r) => r.pid === ROOT)!;
    expect(root.usage.cpuMs).toBe(110);
    expect(root.usage.peakRss).toBe(20 * MB);
    expect(rows.every((r) => r.runId === 'r1')).toBe(true);
  });

  it('words how each one ended, in both languages', () => {
    const rows = storyRows(run());
    const child = rows.find((r) => r.pid === CHILD)!;
    const root = rows.find((r) => r.pid === ROOT)!;
    expect(endWords(endOf(child.exited!, child.usage), tEn)).toBe('exit 0');
    expect(endWords(endOf(child.exited!, child.usage), tZh)).toBe('退出码 0');
    // ProcLab's stop ended the root: it was still running, not "killed" by someone.
    expect(endWords(endOf(root.exited!, root.usage), tEn)).toBe('still running when the run was stopped (SIGTERM)');
    expect(endWords(endOf(root.exited!, root.usage), tZh)).toBe('运行被停止时仍在运行（SIGTERM）');
    const user = { code: null, signal: 'SIGKILL', by: 'user' as const, at: 0 };
    expect(endWords(endOf(user, undefined), tEn)).toBe('killed by SIGKILL');
  });

  it('a child seen as a zombie ends "reaped", with its status', () => {
    const data = run();
    data.events.splice(2, 0, ev('state-changed', CHILD, 2.5, { state: 'zombie', from: 'sleeping' }));
    const child = storyRows(data).find((r) => r.pid === CHILD)!;
    expect(child.usage.zombie).toBe(true);
    expect(endWords(endOf(child.exited!, child.usage), tEn)).toBe('zombie, then reaped · exit 0');
    expect(endWords(endOf(child.exited!, child.usage), tZh)).toBe('成为僵尸，之后被回收 · 退出码 0');
  });

  it('takes the journal at its word: a zombie only a sample caught is one, a root that exited is not (CI saw "zombie, then reaped · exit 0")', () => {
    // The root read as Z before ProcLab reaps it is never recorded as a zombie: the tracker's one
    // rule (test/unit/core/supervisor/root-zombie.test.ts), so its samples here say how it last ran.
    const data = run();
    data.events[3] = ev('exited', ROOT, 4, { ppid: 1, exit: { code: 0, signal: null, by: 'self', at: T0 + 4000 } });
    data.samples.push(sample(4, [proc(ROOT, 0, { state: 'sleeping', utimeMs: 90, stimeMs: 20 })]));
    data.samples.push(sample(4.1, [proc(CHILD, 0, { state: 'zombie', utimeMs: 1300, stimeMs: 40 })]));
    const rows = storyRows(data);
    const root = rows.find((r) => r.pid === ROOT)!;
    expect(root.usage.zombie).toBe(false);
    expect(endWords(endOf(root.exited!, root.usage), tZh)).toBe('退出码 0');
    // A child its parent left a zombie is told as one.
    expect(rows.find((r) => r.pid === CHILD)!.usage.zombie).toBe(true);
  });

  it('a process the tick still has is shown from the tick, the others from the journal', () => {
    const journal = storyRows(run());
    const liveRoot = { ...journal.find((r) => r.pid === ROOT)!, name: 'fresh' };
    const merged = mergeStory([liveRoot], journal);
    expect(merged.map((r) => `${r.pid}:${r.name}`).sort()).toEqual([`${ROOT}:fresh`, `${CHILD}:python3`]);
  });

  it('formats CPU time as TIME+ does', () => {
    expect(fmtCpuTime(1340)).toBe('0:01.34');
    expect(fmtCpuTime(61_005)).toBe('1:01.00');
  });
});

describe('the engine row of an exited run process keeps its peaks', () => {
  it('reads 0 RSS and threads now, but not in its usage', () => {
    const p = {
      pid: 5,
      startTime: 50,
      runId: 'r1',
      isRoot: false,
      ppid: 1,
      parentKey: null,
      pgrp: 5,
      name: 'x',
      cmd: 'x',
      user: null,
      state: 'sleeping',
      orphan: false,
      daemon: false,
      declaredDaemon: false,
      exited: { code: 0, signal: null, by: 'self', at: 1 },
      cpu: 50,
      rss: 30 * MB,
      threads: 4,
      startedAt: 0,
      utimeMs: 700,
      stimeMs: 300,
      ctxSwitches: undefined,
      cpuTicks: 0,
      lastSignal: null,
      zombieStatus: null,
      peakRss: 64 * MB,
      peakThreads: 6,
      sawZombie: false,
      lastEventAt: 0,
    } satisfies TrackedProc;
    const row = toRow(p);
    expect(row.rss).toBe(0);
    expect(row.threads).toBe(0);
    expect(row.usage).toEqual({ cpuMs: 1000, peakRss: 64 * MB, peakThreads: 6, zombie: false });
  });
});
