import { describe, expect, it } from 'vitest';
import type { RunSample } from '../../../../src/shared/model';
import { CpuTracker } from '../../../../src/main/core/sampler/cpu-tracker';
import { toRow, type TrackedProc } from '../../../../src/main/core/supervisor/run';
import { endOf, endWords, storyRows } from '../../../../src/renderer/src/model/process-story';
import { translate } from '../../../../src/renderer/src/i18n/translate';
import { makeRun } from '../../../lessons/rundata';
import { stat, trackerHarness } from '../../../helpers/tracker-harness';

const tEn = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>): string => translate('en', k, v);
const ROOT = 100;
const CHILD = 200;

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
    const { now, tracker, events, run } = trackerHarness(ROOT, [stat(ROOT, 1, 'S'), stat(CHILD, ROOT, 'S')]);
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
