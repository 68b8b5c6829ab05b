import { describe, expect, it } from 'vitest';
import lesson from './lesson';
import {
  checkedBilingual,
  ev,
  expectAllOutcomesChecked,
  expectInconclusiveOnBadResult,
  makeRun,
  proc,
  ROOT,
  sample,
  series,
} from '../../test/lessons/rundata';

const processStatesVerdict = checkedBilingual(lesson, 'process-states');

describe('process-states verdict', () => {
  const cyc = ['running', 'sleeping', 'sleeping'] as const;
  it('passes with running and sleeping seen; stopped optional', () => {
    const samples = series(0, 8, (t) => [proc(ROOT, 50, { state: cyc[t % 3] })]);
    const v = processStatesVerdict(makeRun({ samples }));
    expect(v.pass).toBe(true);
    expect(v.claims[2]!.measured).toContain('optional');
  });
  it('reports stopped when the user stopped it', () => {
    const samples = series(0, 8, (t) => [proc(ROOT, 50, { state: t === 4 ? 'stopped' : cyc[t % 3] })]);
    const v = processStatesVerdict(makeRun({ samples, events: [ev('signal-sent', ROOT, 3.5, { detail: 'sent SIGSTOP' })] }));
    expect(v.pass).toBe(true);
    expect(v.figures.stoppedSeen).toBe(1);
  });
  it('fails when it was never seen sleeping', () => {
    const samples = series(0, 8, () => [proc(ROOT, 99, { state: 'running' })]);
    expect(processStatesVerdict(makeRun({ samples })).pass).toBe(false);
  });
  it('counts state-changed events between samples', () => {
    const samples = [sample(1, [proc(ROOT, 99, { state: 'running' })])];
    const events = [ev('state-changed', ROOT, 1.5, { state: 'sleeping', from: 'running' })];
    expect(processStatesVerdict(makeRun({ samples, events })).pass).toBe(true);
  });
  expectInconclusiveOnBadResult(processStatesVerdict, 'cycles');
});

// Last, so that every run above has been judged (and checked) by then.
expectAllOutcomesChecked(processStatesVerdict);
