import { describe, expect, it } from 'vitest';
import lesson from './lesson';
import { checkedBilingual, expectAllOutcomesChecked, expectInconclusiveOnBadResult, makeRun, out } from '../../test/lessons/rundata';

const forkVsSpawnVerdict = checkedBilingual(lesson, 'fork-vs-spawn');

describe('fork-vs-spawn verdict', () => {
  it('python: passes when fork is cheaper than spawn', () => {
    const v = forkVsSpawnVerdict(makeRun({ outputs: [out('result', 3, { count: 20, fork_ms: 3.1, forkserver_ms: 9, spawn_ms: 48 })] }));
    expect(v.pass).toBe(true);
    expect(v.claims[1]!.measured).toContain('fork 3.1 ms');
  });
  it('python: fails when spawn was cheaper, or nothing was measured', () => {
    expect(forkVsSpawnVerdict(makeRun({ outputs: [out('result', 3, { fork_ms: 60, spawn_ms: 48 })] })).pass).toBe(false);
    expect(forkVsSpawnVerdict(makeRun({})).pass).toBe(false);
  });
  it('node: fork costs about as much as spawn', () => {
    expect(
      forkVsSpawnVerdict(makeRun({ runtime: 'node', outputs: [out('result', 3, { fork_ms: 60, spawn_ms: 55, worker_ms: 20 })] })).pass,
    ).toBe(true);
    expect(forkVsSpawnVerdict(makeRun({ runtime: 'node', outputs: [out('result', 3, { fork_ms: 5, spawn_ms: 55 })] })).pass).toBe(false);
  });
  expectInconclusiveOnBadResult(forkVsSpawnVerdict, 'fork_ms');
});

// Last, so that every run above has been judged (and checked) by then.
expectAllOutcomesChecked(forkVsSpawnVerdict);
