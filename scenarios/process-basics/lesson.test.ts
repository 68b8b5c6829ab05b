import { describe, expect, it } from 'vitest';
import lesson from './lesson';
import {
  checkedBilingual,
  ev,
  expectAllOutcomesChecked,
  expectInconclusiveOnBadResult,
  makeRun,
  out,
  ROOT,
} from '../../test/lessons/rundata';

const processBasicsVerdict = checkedBilingual(lesson, 'process-basics');

const C = 2000; // a child pid

describe('process-basics verdict', () => {
  const good = {
    parent_pid: ROOT,
    child1_pid: C,
    child1_ppid: ROOT,
    child2_pid: C + 1,
    child2_ppid: ROOT,
    alive_before_join: 1,
    alive_after_join: 0,
    alive_after_terminate: 1,
    dead_after_terminate: 1,
    terminate_delay_ms: 2.4,
    global_initial: 0,
    global_in_child: 100,
    global_in_parent: 0,
  };
  const run = (r: Record<string, unknown>) =>
    makeRun({ outputs: [out('result', 4, r)], events: [ev('spawned', C, 0.5), ev('spawned', C + 1, 0.5)] });

  it('passes when every step shows its result', () => {
    const v = processBasicsVerdict(run(good));
    expect(v.pass).toBe(true);
    expect(v.claims[1]!.measured).toContain('the engine saw 2 of them');
  });
  it('fails when memory looked shared', () => expect(processBasicsVerdict(run({ ...good, global_in_parent: 100 })).pass).toBe(false));
  it('fails when a child was not ours', () => expect(processBasicsVerdict(run({ ...good, child2_ppid: 1 })).pass).toBe(false));
  it('fails when terminate was instant despite a clean-up handler', () =>
    expect(processBasicsVerdict(run({ ...good, alive_after_terminate: 0 })).pass).toBe(false));
  it('without a handler (cleanup_ms 0) only requires the child to be gone', () => {
    const r0 = makeRun({ params: { cleanup_ms: 0 }, outputs: [out('result', 4, { ...good, alive_after_terminate: 0 })] });
    expect(processBasicsVerdict(r0).pass).toBe(true);
  });
  it('fails without a result line', () => expect(processBasicsVerdict(makeRun({})).pass).toBe(false));
  expectInconclusiveOnBadResult(processBasicsVerdict, 'parent_pid');
});

// Last, so that every run above has been judged (and checked) by then.
expectAllOutcomesChecked(processBasicsVerdict);
