import { describe, expect, it } from 'vitest';
import type { DeadlockEvent } from '../../../../src/shared/model';
import {
  cpuStack,
  deadlockSpans,
  lanesFromRunData,
  MAX_THREAD_LANES,
  newLaneSet,
  orderedLanes,
  pushLaneSample,
  segments,
  suspectedAtEnd,
} from '../../../../src/renderer/src/model/lanes';
import { applyDeadlock, initialState, liveFromRunData, type State } from '../../../../src/renderer/src/store/state';
import { waitLabel } from '../../../../src/renderer/src/model/waitText';
import { translate } from '../../../../src/renderer/src/i18n/translate';
import { run, sample, proc, threadRow } from '../../runs-fixtures';

const th = threadRow;
const lock = (word: string) => ({ kind: 'lock' as const, source: 'syscall' as const, call: 'futex', word, timed: false });

describe('thread lanes', () => {
  it('one lane per process then per thread, coloured by wait reason, the process by its busiest thread', () => {
    const set = newLaneSet();
    const procs = [{ pid: 10, name: 'py', state: 'running' as const, cpu: 100 }];
    pushLaneSample(set, 1000, procs, [
      th(10, 10, { wait: lock('0xa') }),
      th(11, 10, { state: 'running', cpu: 100, wait: { kind: 'running', source: 'state' } }),
    ]);
    pushLaneSample(set, 1250, procs, [th(10, 10, { wait: lock('0xa') }), th(11, 10, { wait: lock('0xb') })]);
    const lanes = orderedLanes(set);
    expect(lanes.map((l) => l.key)).toEqual(['p10', 't10', 't11']);
    expect(lanes[0]!.points.map((p) => p.kind)).toEqual(['running', 'lock']);
    expect(lanes[2]!.points.map((p) => p.kind)).toEqual(['running', 'lock']);
    // Without a wait reason (other platforms) a sleeping thread is "blocked", not a guess.
    pushLaneSample(set, 1500, procs, [th(10, 10)]);
    expect(set.lanes.get('t10')!.points.at(-1)!.kind).toBe('blocked');
  });

  it('merges equal neighbours into segments but splits on another lock word', () => {
    const pts = [
      { ts: 0, kind: 'lock' as const, cpu: 0, wait: lock('0xa') },
      { ts: 250, kind: 'lock' as const, cpu: 0, wait: lock('0xa') },
      { ts: 500, kind: 'lock' as const, cpu: 0, wait: lock('0xb') },
      { ts: 750, kind: 'running' as const, cpu: 1 },
    ];
    expect(segments(pts, 250).map((s) => [s.from, s.to, s.kind, s.wait?.word])).toEqual([
      [0, 500, 'lock', '0xa'],
      [500, 750, 'lock', '0xb'],
      [750, 1000, 'running', undefined],
    ]);
  });

  it('caps the thread lanes and counts the rest', () => {
    const set = newLaneSet();
    const threads = Array.from({ length: MAX_THREAD_LANES + 5 }, (_, i) => th(100 + i, 100));
    pushLaneSample(set, 0, [{ pid: 100, state: 'sleeping', cpu: 0 }], threads);
    expect([...set.lanes.values()].filter((l) => l.tid !== null)).toHaveLength(MAX_THREAD_LANES);
    expect(set.dropped.size).toBe(5);
  });

  it('stacks CPU per thread in cores, zero where a thread had no sample', () => {
    const set = newLaneSet();
    pushLaneSample(set, 1000, [{ pid: 1, state: 'running', cpu: 100 }], [th(1, 1, { cpu: 60 }), th(2, 1, { cpu: 40 })]);
    pushLaneSample(set, 2000, [{ pid: 1, state: 'running', cpu: 100 }], [th(1, 1, { cpu: 100 })]);
    const { rows, keys } = cpuStack(set, 1000);
    expect(keys).toEqual(['t1', 't2']);
    expect(rows).toEqual([
      { t: 0, t1: 0.6, t2: 0.4 },
      { t: 1, t1: 1, t2: 0 },
    ]);
  });

  it('pairs suspected and withdrawn deadlock events into spans, open ones to the end', () => {
    const e = (kind: DeadlockEvent['kind'], ts: number, pid = 5) => ({ kind, ts, pid, startTime: 1, since: ts - 3000 }) as DeadlockEvent;
    expect(
      deadlockSpans([e('suspected', 4000), e('withdrawn', 6000), e('suspected', 9000, 6)], 10_000).map((s) => [s.pid, s.from, s.to]),
    ).toEqual([
      [5, 1000, 6000],
      [6, 6000, 10_000],
    ]);
  });

  it('keeps a suspicion that stood when the run ended, as history, in the banner and the timeline', () => {
    const e = (kind: DeadlockEvent['kind'], ts: number, pid = 5) =>
      ({
        kind,
        ts,
        pid,
        startTime: 1,
        since: ts - 3000,
        runId: 'r',
        name: 'python3',
        detail: `${kind} ${pid}`,
        text: { en: kind, zh: kind },
      }) as DeadlockEvent;
    // pid 5 moved again (withdrawn); pid 6 was still suspected when it was ended (withdrawn, ended).
    const events = [e('suspected', 4000), e('withdrawn', 6000), e('suspected', 9000, 6), { ...e('withdrawn', 9500, 6), ended: true }];
    expect(suspectedAtEnd(events).map((d) => [d.pid, d.kind])).toEqual([[6, 'suspected']]);
    // Live: the watchdog's word goes into the run's timeline as it comes.
    let s: State = { ...initialState(), runs: { r: run({ id: 'r' }).info } };
    s = applyDeadlock(s, e('suspected', 4000));
    expect(s.live.r!.timeline.toArray().map((i) => [i.kind, i.pid])).toEqual([['deadlock', 5]]);
    // Read back from the journal: in time order among the other items.
    const data = run({ id: 'r' }, { events: [], deadlocks: [e('suspected', 9000, 6)] });
    const back = liveFromRunData(data);
    expect(
      back.timeline
        .toArray()
        .filter((i) => i.kind === 'deadlock')
        .map((i) => i.pid),
    ).toEqual([6]);
  });

  it('reads a finished run back from its journal samples', () => {
    const data = run({ id: 'r' }, { samples: [sample(1000, [proc(100, 50)], { threads: [th(100, 100, { wait: lock('0xa') })] })] });
    const set = lanesFromRunData(data);
    expect(orderedLanes(set).map((l) => [l.key, l.points[0]!.kind])).toEqual([
      ['p100', 'lock'],
      ['t100', 'lock'],
    ]);
  });

  it('words a wait reason in both languages', () => {
    const t = (lang: 'en' | 'zh') => (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate(lang, k, v);
    const io = { kind: 'io' as const, source: 'syscall' as const, call: 'recvfrom', fd: 'socket' as const };
    expect(waitLabel('io', io, t('en'))).toBe('I/O wait · socket');
    expect(waitLabel('io', io, t('zh'))).toBe('等待 I/O · 套接字');
    expect(waitLabel('lock', { ...lock('0xa'), timed: true }, t('en'))).toBe('lock wait · 0xa · with a timeout');
  });
});
