import { describe, expect, it } from 'vitest';
import lesson from './lesson';
import { checkedBilingual, ev, expectAllOutcomesChecked, makeRun, out, ROOT, T0 } from '../../test/lessons/rundata';

const signalsVerdict = checkedBilingual(lesson, 'signals');

const sent = (signal: string, t: number) => ev('signal-sent', ROOT, t, { detail: `${signal} sent by the user: ${signal} requested` });
const handled = (signal: string, t: number, what = 'done') => out('mark', t, {}, `${signal} handler: ${what}`);
const base = [
  out('mark', 0.2, {}, 'no handler for SIGKILL: the kernel refused it (Invalid argument)'),
  out('mark', 0.3, {}, 'ready: pid 1000'),
];
const allHandled = {
  events: [sent('SIGHUP', 1), sent('SIGUSR1', 2), sent('SIGINT', 3), sent('SIGTERM', 4)],
  outputs: [
    ...base,
    handled('SIGHUP', 1.1, 'reloaded config.json, greeting hello → hi; version 1 → 2'),
    handled('SIGUSR1', 2.1),
    handled('SIGINT', 3.1),
    handled('SIGTERM', 4.05),
    out('mark', 4.3, {}, 'graceful exit after item 12: cleaned up, exit code 0'),
    out('result', 4.3, { items_done: 11, reloads: 1, dumps: 1, interrupts: 1, terms: 1, graceful: 1, kill_handler_refused: 1 }),
  ],
};

function killed(outputs = [...base, handled('SIGHUP', 1.1)]) {
  const run = makeRun({ status: 'stopped', events: [sent('SIGHUP', 1), sent('SIGKILL', 2)], outputs, endSec: 2 });
  run.info.exit = { code: null, signal: 'SIGKILL', by: 'user', at: T0 + 2000 };
  return run;
}

describe('signals verdict', () => {
  it('passes when every handled signal has its mark and TERM exits 0 gracefully', () => {
    const v = signalsVerdict(makeRun({ ...allHandled, endSec: 4.3 }));
    expect(v.outcome).toBe('pass');
    expect(v.claims).toHaveLength(6);
    expect(v.figures).toMatchObject({ signalsSent: 4, hupMarks: 1, termMarks: 1 });
  });
  it('fails when a handler mark is missing (the signal was not handled)', () => {
    const outputs = allHandled.outputs.filter((o) => !o.text?.startsWith('SIGUSR1'));
    const v = signalsVerdict(makeRun({ ...allHandled, outputs }));
    expect(v.outcome).toBe('fail');
    expect(v.claims.find((c) => !c.pass)!.text.en).toContain('SIGUSR1');
  });
  it('does not count a mark from before the signal was sent', () => {
    const outputs = [...base, handled('SIGHUP', 0.5)];
    expect(signalsVerdict(makeRun({ events: [sent('SIGHUP', 1)], outputs })).outcome).toBe('fail');
  });
  it('fails a TERM that did not end with exit code 0', () => {
    const run = makeRun({ ...allHandled, status: 'failed' });
    expect(signalsVerdict(run).outcome).toBe('fail');
  });
  it('passes a SIGKILL that ended the run with no mark after it', () => {
    const v = signalsVerdict(killed());
    expect(v.outcome).toBe('pass');
    expect(v.figures.marksAfterKill).toBe(0);
  });
  it('fails when a mark appeared after the KILL (something handled it)', () => {
    const v = signalsVerdict(killed([...base, handled('SIGHUP', 1.1), handled('SIGKILL', 2.1)]));
    expect(v.outcome).toBe('fail');
  });
  it('fails a KILLed run whose handler was not refused', () => {
    expect(signalsVerdict(killed([out('mark', 0.3, {}, 'ready'), handled('SIGHUP', 1.1)])).outcome).toBe('fail');
  });
  it('counts handler marks of signals sent outside this ProcLab (a shell kill, another instance)', () => {
    const outputs = [...base, handled('SIGHUP', 1.1, 'reloaded config.json, version 1 → 2')];
    const v = signalsVerdict(makeRun({ outputs }));
    expect(v.outcome).toBe('pass');
    expect(v.claims.find((c) => c.text.en.includes('SIGHUP'))!.measured).toContain('sent from outside');
    const run = makeRun({ status: 'stopped', outputs: base });
    run.info.exit = { code: null, signal: 'SIGKILL', by: 'unknown', at: T0 + 2000 };
    expect(signalsVerdict(run).outcome).toBe('pass');
  });
  it('is inconclusive when no signal was sent during the run', () => {
    const v = signalsVerdict(makeRun({ outputs: base }));
    expect(v.outcome).toBe('inconclusive');
    expect(v.inconclusive!.text.en).toContain('no signal was sent');
  });
  it('is inconclusive when only signals without a handler were sent', () => {
    const v = signalsVerdict(makeRun({ events: [sent('SIGWINCH', 1)], outputs: base }));
    expect(v.outcome).toBe('inconclusive');
  });
});

expectAllOutcomesChecked(signalsVerdict);
