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
  proc,
  ROOT,
  series,
} from '../../test/lessons/rundata';

const zombieVerdict = checkedBilingual(lesson, 'zombie');

const C = 2000; // a child pid

describe('zombie verdict', () => {
  const outputs = [out('result', 0.2, { child_pid: C }), out('result', 6, { reaped: 1 })];
  it('passes when the child was a zombie and then disappeared', () => {
    const samples = series(0, 8, (t) => [
      proc(ROOT, 1, { state: 'sleeping' }),
      ...(t <= 6 ? [proc(C, 0, { state: t < 1 ? 'sleeping' : 'zombie' })] : []),
    ]);
    const v = zombieVerdict(makeRun({ samples, outputs, events: [exited(C, 6.5)] }));
    expect(v.pass).toBe(true);
    expect(v.claims[0]!.measured).toContain(`pid ${C} seen as zombie`);
  });
  it('counts a child that was already a zombie when first seen', () => {
    const samples = series(0, 8, () => [proc(ROOT, 1, { state: 'sleeping' })]);
    const v = zombieVerdict(makeRun({ samples, outputs, events: [ev('spawned', C, 0.5, { state: 'zombie' }), exited(C, 6.5)] }));
    expect(v.claims[0]!.pass).toBe(true);
  });
  it('fails when no zombie was ever seen', () => {
    const samples = series(0, 8, () => [proc(ROOT, 1, { state: 'sleeping' })]);
    expect(zombieVerdict(makeRun({ samples, outputs })).pass).toBe(false);
  });
  it('fails when the zombie was never reaped', () => {
    const samples = series(0, 8, (t) => [proc(ROOT, 1), ...(t >= 1 ? [proc(C, 0, { state: 'zombie' })] : [])]);
    const v = zombieVerdict(makeRun({ samples, outputs }));
    expect(v.claims[0]!.pass).toBe(true);
    expect(v.claims[1]!.pass).toBe(false);
  });
  it('dates the reaping by the program\'s "reaped" line, not by its earlier "not reaped" mark', () => {
    const samples = series(0, 8, (t) => [proc(ROOT, 1), ...(t <= 5 ? [proc(C, 0, { state: t < 1 ? 'sleeping' : 'zombie' })] : [])]);
    const marks = [
      out('result', 0.2, { child_pid: C }),
      out('mark', 0.9, undefined, `child ${C} has exited, not reaped: /proc state Z (Z = zombie)`),
      out('mark', 5.6, undefined, `reaped ${C}: exit status 0`),
      out('result', 5.6, { reaped: 1 }),
    ];
    const v = zombieVerdict(makeRun({ samples, outputs: marks, events: [exited(C, 5.7)] }));
    expect(v.claims[1]!.measured).toContain('reaped at +5.6 s');
    // Marks alone (no result line): the "reaped …" mark, not the "not reaped" one.
    const v2 = zombieVerdict(makeRun({ samples, outputs: marks.slice(0, 3), events: [exited(C, 5.7)] }));
    expect(v2.claims[1]!.measured).toContain('reaped at +5.6 s');
  });
  expectInconclusiveOnBadResult(zombieVerdict, 'child_pid');
});

// Last, so that every run above has been judged (and checked) by then.
expectAllOutcomesChecked(zombieVerdict);
