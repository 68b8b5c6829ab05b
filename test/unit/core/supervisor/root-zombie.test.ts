import { describe, expect, it } from 'vitest';
import type { LifecycleEvent, RunSample } from '../../../../src/shared/model';
import type { StatFields } from '../../../../src/main/core/procfs';
import type { ProcSource } from '../../../../src/main/core/sampler/source';
import { CpuTracker } from '../../../../src/main/core/sampler/cpu-tracker';
import type { LiveJournal } from '../../../../src/main/core/supervisor/journal';
import { toRow, type Run, type TrackedProc } from '../../../../src/main/core/supervisor/run';
import { ProcTracker } from '../../../../src/main/core/supervisor/tracker';
import { endOf, endWords, storyRows } from '../../../../src/renderer/src/model/process-story';
import { translate } from '../../../../src/renderer/src/i18n/translate';
import { makeRun } from '../../../lessons/rundata';

const tEn = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>): string => translate('en', k, v);
const ROOT = 100;
const CHILD = 200;

const stat = (pid: number, ppid: number, stateChar: string, exitCode: number | null = null): StatFields => ({
  pid,
  comm: 'python3',
  stateChar,
  ppid,
  pgrp: 100,
  session: 100,
  ttyNr: 1,
  utime: 0,
  stime: 0,
  numThreads: 1,
  startTime: pid * 10,
  rssPages: 10,
  processor: 0,
  exitCode,
});

/** A run's procs as the run-sample stage writes them to the journal (engine/stages/run-samples.ts). */
const sampleOf = (ts: number, procs: TrackedProc[]): RunSample => ({
  ts,
  cores: [50],
  procs: procs
    .filter((p) => !p.exited && p.state !== 'dead')
    .map((p) => ({ pid: p.pid, startTime: p.startTime, cpu: p.cpu, rss: p.rss, threads: p.threads, state: p.state })),
});

describe("a run's root caught as Z before ProcLab reaps it is not the lesson's zombie (one rule, in the tracker)", () => {
  it('the child its parent left a zombie is one; the root, read as Z, is not: in its row, its events, the samples and the story', () => {
    const now = new Map<number, StatFields>([
      [ROOT, stat(ROOT, 1, 'S')],
      [CHILD, stat(CHILD, ROOT, 'S')],
    ]);
    const source = {
      clkTck: 100,
      rssUnit: 4096,
      read: (pid: number) => now.get(pid) ?? null,
      probe: (pid: number) => now.get(pid) ?? null,
      cmdline: () => 'python3 main.py',
      user: () => 'me',
      startedAtMs: (st: number) => st,
      ctxSwitches: () => null,
    } as unknown as ProcSource;
    const events: LifecycleEvent[] = [];
    const hooks = { lifecycle: (e: LifecycleEvent) => events.push(e), output: () => {}, runExit: () => {} };
    const runs = new Map<string, Run>();
    const tracker = new ProcTracker(source, { write: () => {} } as unknown as LiveJournal, hooks, runs, process.pid);
    const run = {
      id: 'r1',
      rootPid: ROOT,
      rootStart: ROOT * 10,
      argv: ['python3'],
      procs: new Map(),
      everSeen: new Set(),
      pendingDaemons: new Set(),
      rootExit: null,
      // What the run's end (checkFinished) touches.
      settle: () => {},
      stdioClosed: Promise.resolve(),
      onFinished: [],
      limiter: { takeDropped: () => 0 },
    } as unknown as Run;
    runs.set('r1', run);
    const root = tracker.track(run, stat(ROOT, 1, 'S'), null);
    const child = tracker.track(run, stat(CHILD, ROOT, 'S'), root);
    const cpu = new CpuTracker(100, (st) => st);
    const samples: RunSample[] = [];
    const tick = (t: number) => {
      tracker.updateTracked(t, cpu);
      samples.push(sampleOf(t, [root, child]));
    };
    tick(1000);
    // The child exits and its parent, the root, does not wait: the lesson's zombie.
    now.set(CHILD, stat(CHILD, ROOT, 'Z', 0));
    tick(2000);
    // Then the root exits; ProcLab has not called waitpid yet, so this tick reads it Z too.
    now.set(ROOT, stat(ROOT, 1, 'Z', 0));
    tick(3000);

    expect(toRow(child).usage?.zombie).toBe(true);
    expect(toRow(root).usage?.zombie).toBe(false);
    expect(root.state).not.toBe('zombie');
    const toZombie = events.filter((e) => e.kind === 'state-changed' && e.state === 'zombie').map((e) => e.pid);
    expect(toZombie).toEqual([CHILD]);
    expect(samples.flatMap((s) => s.procs.filter((p) => p.state === 'zombie').map((p) => p.pid))).toEqual([CHILD, CHILD]);

    // ProcLab's waitpid: the root's exit; the finished run's story, rebuilt from that journal.
    now.delete(ROOT);
    now.delete(CHILD);
    tracker.onRootExit(run, 0, null);
    const story = storyRows(makeRun({ events, samples }));
    const storyRoot = story.find((r) => r.pid === ROOT)!;
    expect(storyRoot.usage.zombie).toBe(false);
    expect(endWords(endOf(storyRoot.exited!, storyRoot.usage), tEn)).toBe('exit 0');
    expect(story.find((r) => r.pid === CHILD)!.usage.zombie).toBe(true);
  });
});
