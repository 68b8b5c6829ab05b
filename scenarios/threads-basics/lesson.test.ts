import { describe, expect, it } from 'vitest';
import lesson from './lesson';
import {
  checkedBilingual,
  expectAllOutcomesChecked,
  expectInconclusiveOnBadResult,
  makeRun,
  out,
  proc,
  ROOT,
  series,
} from '../../test/lessons/rundata';

const threadsBasicsVerdict = checkedBilingual(lesson, 'threads-basics');

describe('threads-basics verdict', () => {
  const py = { pid: ROOT, threads: 4, same_pid: 1, distinct_tids: 5, shared_counter: 40000, expected_counter: 40000, globals_shared: 1 };
  const samples = series(0, 3, (t) => [proc(ROOT, 5, { threads: t === 0 ? 1 : 5 })]);
  it('python: passes with same pid, distinct tids, shared globals and 5 threads counted', () => {
    const v = threadsBasicsVerdict(
      makeRun({ samples, outputs: [out('mark', 0.5, {}, 'workers starting: 4 threads'), out('result', 3, py)] }),
    );
    expect(v.pass).toBe(true);
    expect(v.figures.peakThreads).toBe(5);
  });
  it('python: fails when the monitor never saw the threads', () => {
    const flat = series(0, 3, () => [proc(ROOT, 5, { threads: 1 })]);
    const v = threadsBasicsVerdict(makeRun({ samples: flat, outputs: [out('result', 3, py)] }));
    expect(v.pass).toBe(false);
    expect(v.claims[4]!.pass).toBe(false);
  });
  it('python: fails when an update was lost', () =>
    expect(
      threadsBasicsVerdict(makeRun({ samples, outputs: [out('result', 3, { ...py, shared_counter: 39000, globals_shared: 0 })] })).pass,
    ).toBe(false));

  const nodeR = { pid: ROOT, threads: 2, same_pid: 1, distinct_tids: 3, shared_counter: 20000, expected_counter: 20000, globals_shared: 0 };
  const nodeSamples = series(0, 4, (t) => [proc(ROOT, 5, { threads: t <= 1 ? 7 : 9 })]);
  it('node: compares with the thread count before the workers started', () => {
    const v = threadsBasicsVerdict(
      makeRun({
        runtime: 'node',
        samples: nodeSamples,
        outputs: [out('mark', 1.5, {}, 'workers starting: 2 worker threads'), out('result', 4, nodeR)],
      }),
    );
    expect(v.pass).toBe(true);
    expect(v.claims[4]!.measured).toContain('7 before the threads started');
  });
  it('node: fails if globals looked shared between workers', () =>
    expect(
      threadsBasicsVerdict(
        makeRun({
          runtime: 'node',
          samples: nodeSamples,
          outputs: [out('mark', 1.5, {}, 'workers starting'), out('result', 4, { ...nodeR, globals_shared: 1 })],
        }),
      ).pass,
    ).toBe(false));
  expectInconclusiveOnBadResult(threadsBasicsVerdict, 'threads');
});

// Last, so that every run above has been judged (and checked) by then.
expectAllOutcomesChecked(threadsBasicsVerdict);
