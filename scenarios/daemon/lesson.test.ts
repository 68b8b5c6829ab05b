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

const daemonVerdict = checkedBilingual(lesson, 'daemon');

const C = 2000; // a child pid

describe('daemon verdict', () => {
  const D = C;
  const N = C + 1;
  const result = { main_ended: 1, parent_pid: ROOT, daemon_pid: D, nondaemon_pid: N, daemon_would_run_ms: 30000, nondaemon_ms: 6000 };
  const samples = series(0, 9, () => [proc(ROOT, 1)]);
  it('python: passes when the daemon died at main end and the parent waited for the non-daemon', () => {
    const run = makeRun({
      samples,
      endSec: 8.1,
      outputs: [out('result', 2, result)],
      events: [ev('daemon', D, 0.5), exited(D, 2.8), exited(N, 8.5), exited(ROOT, 8.1, 77)],
    });
    const v = daemonVerdict(run);
    expect(v.pass).toBe(true);
    expect(v.claims[0]!.measured).toContain('declared as daemon');
  });
  it('python: a daemon terminated at main end but reaped after the non-daemon ended when it went zombie', () => {
    const run = makeRun({
      samples: [...samples.slice(0, 2), ...series(2, 9, (t) => [proc(ROOT, 1), proc(D, 0, { state: t >= 3 ? 'zombie' : 'running' })])],
      endSec: 8.1,
      outputs: [out('result', 2, result)],
      events: [
        ev('daemon', D, 0.5),
        ev('state-changed', D, 2.6, { state: 'zombie', from: 'sleeping' }),
        exited(N, 7.9),
        exited(D, 8),
        exited(ROOT, 8.1, 77),
      ],
    });
    const v = daemonVerdict(run);
    expect(v.pass, JSON.stringify(v.claims)).toBe(true);
    expect(v.claims[0]!.measured).toContain('a zombie until reaped at +8.0 s');
  });
  it('python: a daemon that kept running (never a zombie) until the parent exit still fails', () => {
    const run = makeRun({
      samples: [...samples.slice(0, 2), ...series(2, 9, (t) => [proc(ROOT, 1), proc(D, 0, { state: t >= 8 ? 'zombie' : 'running' })])],
      endSec: 8.1,
      outputs: [out('result', 2, result)],
      events: [ev('daemon', D, 0.5), exited(N, 7.9), exited(D, 8), exited(ROOT, 8.1, 77)],
    });
    expect(daemonVerdict(run).claims[0]!.pass).toBe(false);
  });
  it('python: fails when the daemon outlived the main code', () => {
    const run = makeRun({
      samples,
      endSec: 8.1,
      outputs: [out('result', 2, result)],
      events: [exited(D, 7), exited(N, 8), exited(ROOT, 8.1, 77)],
    });
    expect(daemonVerdict(run).claims[0]!.pass).toBe(false);
  });
  it('fails when the parent did not wait for the non-daemon', () => {
    const run = makeRun({
      samples,
      endSec: 2.1,
      outputs: [out('result', 2, result)],
      events: [exited(D, 2.3), exited(N, 8), exited(ROOT, 2.1, 77)],
    });
    expect(daemonVerdict(run).claims[1]!.pass).toBe(false);
  });
  it('node: the daemon ends at the parent exit', () => {
    const run = makeRun({
      runtime: 'node',
      samples,
      endSec: 8,
      outputs: [out('result', 2, result)],
      events: [exited(N, 7.9), exited(ROOT, 8, 77), exited(D, 8.6)],
    });
    expect(daemonVerdict(run).pass).toBe(true);
  });
  expectInconclusiveOnBadResult(daemonVerdict, 'daemon_pid');
});

// Last, so that every run above has been judged (and checked) by then.
expectAllOutcomesChecked(daemonVerdict);
