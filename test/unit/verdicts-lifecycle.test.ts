import { describe, expect, it } from 'vitest';
import { daemonVerdict as daemon } from '../../src/main/core/verdicts/daemon';
import { orphanVerdict as orphan } from '../../src/main/core/verdicts/orphan';
import { processBasicsVerdict as processBasics } from '../../src/main/core/verdicts/process-basics';
import { processStatesVerdict as processStates } from '../../src/main/core/verdicts/process-states';
import { threadsBasicsVerdict as threadsBasics } from '../../src/main/core/verdicts/threads-basics';
import { zombieVerdict as zombie } from '../../src/main/core/verdicts/zombie';
import { checkedBilingual, expectBothOutcomesChecked, ev, exited, makeRun, out, proc, ROOT, sample, series } from './verdicts-rundata';

const daemonVerdict = checkedBilingual(daemon);
const orphanVerdict = checkedBilingual(orphan);
const processBasicsVerdict = checkedBilingual(processBasics);
const processStatesVerdict = checkedBilingual(processStates);
const threadsBasicsVerdict = checkedBilingual(threadsBasics);
const zombieVerdict = checkedBilingual(zombie);

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
});

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
});

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
});

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
});

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
});

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
});

// Last, so that every verdict above has been computed (and checked) by then.
expectBothOutcomesChecked(daemonVerdict, orphanVerdict, processBasicsVerdict, processStatesVerdict, threadsBasicsVerdict, zombieVerdict);
