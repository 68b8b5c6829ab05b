import { describe, expect, it } from 'vitest';
import lesson from './lesson';
import {
  checkedBilingual,
  ev,
  exited,
  expectAllOutcomesChecked,
  expectInconclusiveOnBadResult,
  makeRun,
  out,
  ROOT,
} from '../../test/lessons/rundata';

const orphanVerdict = checkedBilingual(lesson, 'orphan');

const C = 2000; // a child pid

describe('orphan verdict', () => {
  const outputs = [
    out('result', 0.2, { parent_pid: ROOT, child_pid: C }),
    out('result', 6, { child_pid: C, ppid_before: ROOT, ppid_after: 1 }),
  ];
  const base = [ev('spawned', C, 0.3), exited(ROOT, 2, 77), exited(C, 6.2, 1)];
  it('passes: parent first, ppid changed, flagged, cleaned up', () => {
    const v = orphanVerdict(makeRun({ outputs, events: [...base, ev('orphaned', C, 2.5, { ppid: 1, detail: 're-parented to 1' })] }));
    expect(v.pass).toBe(true);
    expect(v.claims[1]!.measured).toBe(`ppid ${ROOT} → 1`);
  });
  it('fails when the monitor did not flag the orphan', () => {
    const v = orphanVerdict(makeRun({ outputs, events: base }));
    expect(v.pass).toBe(false);
    expect(v.claims[2]!.pass).toBe(false);
    expect(v.claims[1]!.pass).toBe(true); // the child's own report still shows the change
  });
  it('fails when the child exited before the parent', () => {
    const events = [ev('spawned', C, 0.3), exited(C, 1, ROOT), exited(ROOT, 2, 77)];
    expect(orphanVerdict(makeRun({ outputs: [out('result', 0.2, { child_pid: C })], events })).pass).toBe(false);
  });
  expectInconclusiveOnBadResult(orphanVerdict, 'child_pid');
});

// Last, so that every run above has been judged (and checked) by then.
expectAllOutcomesChecked(orphanVerdict);
