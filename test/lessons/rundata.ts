import { describe, expect, it } from 'vitest';
import { evaluateLesson, type Lesson } from '../../src/main/core/lessons';
import type { LifecycleEvent, ParamValue, ProcState, RunData, RunOutput, RunSample, Verdict, VerdictOutcome } from '../../src/shared/model';
import { verdictOutcome } from '../../src/shared/verdict';

/** Small synthetic RunData builders for the lessons' unit tests (scenarios/<id>/lesson.test.ts). */
export const T0 = 1_700_000_000_000;
export const ROOT = 1000;

type Proc = RunSample['procs'][number];
export function proc(pid: number, cpu: number, extra: Partial<Proc> = {}): Proc {
  return { pid, startTime: pid * 10, cpu, rss: 20 * 1048576, threads: 1, state: 'running', ...extra };
}

export function sample(tSec: number, procs: Proc[], cores = 2): RunSample {
  return { ts: T0 + tSec * 1000, cores: Array.from({ length: cores }, () => 50), procs };
}

export function out(kind: RunOutput['kind'], tSec: number, data?: Record<string, unknown>, text?: string): RunOutput {
  return { runId: 'r1', ts: T0 + tSec * 1000, stream: 'stdout', kind, data, text };
}

export function ev(kind: LifecycleEvent['kind'], pid: number, tSec: number, extra: Partial<LifecycleEvent> = {}): LifecycleEvent {
  return { kind, pid, startTime: pid * 10, ts: T0 + tSec * 1000, runId: 'r1', name: 'python3', ppid: ROOT, detail: kind, ...extra };
}

export function exited(pid: number, tSec: number, ppid = ROOT): LifecycleEvent {
  return ev('exited', pid, tSec, { ppid, exit: { code: 0, signal: null, by: 'self', at: T0 + tSec * 1000 } });
}

/** Samples once a second from `from` to `to` (inclusive), built by `f`. */
export function series(from: number, to: number, f: (t: number) => Proc[]): RunSample[] {
  const r: RunSample[] = [];
  for (let t = from; t <= to; t++) r.push(sample(t, f(t)));
  return r;
}

export function makeRun(o: {
  runtime?: 'python' | 'node';
  params?: Record<string, ParamValue>;
  samples?: RunSample[];
  events?: LifecycleEvent[];
  outputs?: RunOutput[];
  endSec?: number;
  status?: RunData['info']['status'];
  cores?: number;
}): RunData {
  const end = T0 + (o.endSec ?? 10) * 1000;
  const status = o.status ?? 'finished';
  return {
    info: {
      id: 'r1',
      name: 'test',
      scenarioId: 'x',
      runtime: o.runtime ?? 'python',
      params: o.params ?? {},
      argv: [],
      cwd: '/',
      status,
      startedAt: T0,
      endedAt: end,
      rootPid: ROOT,
      exit: { code: status === 'finished' ? 0 : 1, signal: null, by: 'self', at: end },
      reason: null,
      verdict: null,
      tags: [],
    },
    machine: { cpuModel: 'test', cores: o.cores ?? 2, os: 'linux', kernel: '6', node: '20', python: '3.11' },
    samples: o.samples ?? [],
    events: o.events ?? [],
    outputs: o.outputs ?? [],
  };
}

export const states = (s: ProcState) => s;

/** The figures in a text, sorted, so two languages can be compared whatever their word order. */
export const figuresIn = (s: string): string[] => (s.match(/\d+(\.\d+)?/g) ?? []).sort();

/**
 * Every claim says what it measured in both languages: the English is `measured` itself, the
 * Chinese is written in Chinese and carries the same figures (a mistyped or dropped one shows).
 */
export function expectBilingual(v: Verdict): void {
  if (v.inconclusive) {
    expect(v.inconclusive.text.zh, v.inconclusive.text.en).toMatch(/[\u4e00-\u9fff]/);
    expect(figuresIn(v.inconclusive.text.zh)).toEqual(figuresIn(v.inconclusive.text.en));
  }
  for (const c of v.claims) {
    const where = `${c.text.en} — ${c.measured}`;
    expect(c.measuredText, where).toBeDefined();
    expect(c.measuredText!.en, where).toBe(c.measured);
    expect(c.measuredText!.zh, where).toMatch(/[\u4e00-\u9fff]/);
    expect(figuresIn(c.measuredText!.zh), `${where} / ${c.measuredText!.zh}`).toEqual(figuresIn(c.measuredText!.en));
  }
}

/**
 * A lesson's verdict as the service computes it (result lines parsed with the lesson's
 * schema), that also checks `expectBilingual` on every run a test gives it, so each fixture
 * (every branch the tests reach) is a translation check; `outcomes` records which outcomes it
 * saw, so a file can assert it checked a pass, a fail and an inconclusive run.
 */
type CheckedVerdict = ((run: RunData) => Verdict) & { outcomes: Set<VerdictOutcome>; verdictName: string };

export function checkedBilingual(lesson: Lesson, name = 'lesson'): CheckedVerdict {
  const outcomes = new Set<VerdictOutcome>();
  const checked = (run: RunData): Verdict => {
    const v = evaluateLesson(lesson, run);
    expectBilingual(v);
    outcomes.add(verdictOutcome(v));
    return v;
  };
  return Object.assign(checked, { outcomes, verdictName: name });
}

/**
 * A test that each checked lesson saw a passing, a failing and an inconclusive run; call it
 * after the file's other tests.
 */
export function expectAllOutcomesChecked(...fns: CheckedVerdict[]): void {
  describe('outcomes and bilingual measured text', () => {
    it('were checked on a passing, a failing and an inconclusive run of each lesson', () => {
      for (const f of fns) expect([...f.outcomes].sort(), f.verdictName).toEqual(['fail', 'inconclusive', 'pass']);
    });
  });
}

/** A finished run whose result line has `field` of the wrong type: the lesson cannot read it. */
export function expectInconclusiveOnBadResult(v: CheckedVerdict, field: string, wrong: unknown = 'not a number'): void {
  it(`is inconclusive, naming the field, when a result line has a mistyped ${field}`, () => {
    const r = v(makeRun({ outputs: [out('result', 1, { [field]: wrong })] }));
    expect(r.outcome).toBe('inconclusive');
    expect(r.pass).toBe(false);
    expect(r.inconclusive?.cause).toBe('result');
    expect(r.inconclusive?.text.en).toContain(field);
    expect(r.inconclusive?.text.zh).toContain(field);
  });
}
