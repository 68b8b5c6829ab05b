import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../src/shared/api';
import { manifestSchema, type ScenarioInfo } from '../../../../src/shared/scenario';
import type { Comparison, CompareRow } from '../../../../src/shared/results';
import { badgesFor } from '../../../../src/renderer/src/badges/badges';
import {
  ACTIONS,
  actionDef,
  errorInfo,
  isActionEnabled,
  needsConfirmation,
  outcomeText,
  protectedReason,
} from '../../../../src/renderer/src/control/actions';
import { translate } from '../../../../src/renderer/src/i18n/translate';
import { commandForKey } from '../../../../src/renderer/src/keyboard/shortcuts';
import { defaultFormValues, formForRuntime, groupByConcept, modelParam, paramsFor } from '../../../../src/renderer/src/model/catalogue';
import { runtimesOf } from '../../../../src/shared/scenario';
import { checkForm, errorsFromIssues } from '../../../../src/renderer/src/model/params';
import { metricNames, overlay, seriesValue } from '../../../../src/renderer/src/model/compare';
import { bestIndex, COMPARE_COLUMNS } from '../../../../src/shared/compare-columns';
import { fmtBytes, fmtMs, fmtOffset, fmtPct } from '../../../../src/shared/format';
import { proc } from '../../renderer-fixtures';

const tEn = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>): string => translate('en', k, v);
const tZh = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>): string => translate('zh', k, v);

/** Two small manifests shaped like a compute scenario (with a model axis) and a Python-only lifecycle one. */
const t = (en: string) => ({ en, zh: `${en}（中文）` });
function scenario(kind: 'compute' | 'lifecycle'): ScenarioInfo {
  const m = manifestSchema.parse(
    kind === 'compute'
      ? {
          id: 'sample-compute',
          title: t('Compute'),
          explanation: t('e'),
          concepts: [9, 17, 18],
          kind: 'compute',
          runtimes: { python: { entry: 'main.py' }, node: { entry: 'main.js' } },
          params: [
            {
              name: 'model',
              type: 'enum',
              default: 'threads',
              values: ['sequential', 'threads', 'processes', 'pool', 'async'],
              label: t('Model'),
            },
            { name: 'workers', type: 'int', default: 4, min: 1, max: 64, label: t('Workers') },
            { name: 'work_ms', type: 'int', default: 6000, min: 200, max: 60000, label: t('Work') },
          ],
          lesson: { claim: t('c') },
        }
      : {
          id: 'sample-lifecycle',
          title: t('Lifecycle'),
          explanation: t('e'),
          concepts: [4],
          kind: 'lifecycle',
          runtimes: { python: { entry: 'main.py' } },
          runtimeNotes: t('no node'),
          params: [{ name: 'hold_s', type: 'number', default: 6, min: 1, max: 60, label: t('Hold') }],
          lesson: { claim: t('c') },
        },
  );
  return { ...m, dir: m.id };
}

describe('badges', () => {
  it('state first, then orphan/daemon; ended rows say how they ended', () => {
    expect(badgesFor(proc(1, { state: 'running' }))).toEqual(['running']);
    expect(badgesFor(proc(1, { state: 'zombie', orphan: true, daemon: true }))).toEqual(['zombie', 'orphan', 'daemon']);
    expect(badgesFor(proc(1, { exited: { code: null, signal: 'SIGKILL', by: 'user', at: 1 } }))).toEqual(['killed']);
    expect(badgesFor(proc(1, { exited: { code: 0, signal: null, by: 'self', at: 1 } }))).toEqual(['exited']);
  });
});

describe('process control', () => {
  it('describes outcomes in plain words', () => {
    expect(outcomeText({ code: null, signal: 'SIGKILL', by: 'user', at: 0 }, tEn)).toBe('killed by SIGKILL');
    expect(outcomeText({ code: 0, signal: null, by: 'self', at: 0 }, tEn)).toBe('exited with code 0');
    expect(outcomeText({ code: 3, signal: null, by: 'self', at: 0 }, tZh)).toBe('已退出，退出码 3');
    expect(outcomeText({ code: null, signal: null, by: 'unknown', at: 0 }, tEn)).toBe('ended');
  });
  it('offers what makes sense for the row', () => {
    const running = proc(10, { state: 'running', runId: 'r' });
    expect(isActionEnabled(running, 'stop')).toBe(true);
    expect(isActionEnabled(running, 'continue')).toBe(false);
    const stopped = proc(10, { state: 'stopped' });
    expect(isActionEnabled(stopped, 'stop')).toBe(false);
    expect(isActionEnabled(stopped, 'continue')).toBe(true);
    expect(isActionEnabled(proc(10, { exited: { code: 0, signal: null, by: 'self', at: 0 } }), 'kill')).toBe(false);
  });
  it('offers nothing for init and kernel threads, and says why in both languages', () => {
    const init = proc(1, { state: 'sleeping' });
    const kthread = proc(77, { state: 'sleeping', kernelThread: true });
    for (const r of [init, kthread]) for (const a of ACTIONS) expect(isActionEnabled(r, a.action)).toBe(false);
    expect(protectedReason(init)).toEqual({ label: 'action.protected.init', why: 'action.protected.initWhy' });
    expect(tEn(protectedReason(kthread)!.why)).toContain('kernel thread');
    expect(tZh(protectedReason(kthread)!.why)).toContain('内核线程');
    expect(protectedReason(proc(78, { kernelThread: false }))).toBeNull();
    expect(isActionEnabled(proc(78, { state: 'sleeping', kernelThread: false }), 'kill')).toBe(true);
  });
  it('offers any signal by name to a live process, never to an ended one', () => {
    const running = proc(10, { state: 'running', runId: 'r' });
    const stopped = proc(10, { state: 'stopped' });
    // Any signal by name: to a live process (stopped ones too: SIGCONT), never to an ended one.
    expect(isActionEnabled(running, 'signal')).toBe(true);
    expect(isActionEnabled(stopped, 'signal')).toBe(true);
    expect(isActionEnabled(proc(10, { exited: { code: 0, signal: null, by: 'self', at: 0 } }), 'signal')).toBe(false);
    expect(actionDef('signal').label).toBe('signal.menu');
  });
  it('asks for confirmation only outside the app runs', () => {
    expect(needsConfirmation(proc(1, { runId: null }))).toBe(true);
    expect(needsConfirmation(proc(1, { runId: 'r1' }))).toBe(false);
  });
  it('reads ApiError rejections', () => {
    expect(errorInfo(new ApiError({ code: 'refused', message: 'PID 1 is init: ProcLab never signals it' }), 'en')).toEqual({
      code: 'refused',
      message: 'PID 1 is init: ProcLab never signals it',
      issues: [],
    });
    expect(errorInfo(new Error('boom'), 'en').message).toBe('boom');
    expect(errorInfo('x', 'en').code).toBe('internal');
  });
  it('shows a refusal in the UI language, also after Electron copied the error across the bridge', () => {
    const e = new ApiError({ code: 'refused', message: 'PID 1 is init', text: { en: 'PID 1 is init', zh: 'PID 1 是 init 进程' } });
    expect(errorInfo(e, 'zh')).toMatchObject({ code: 'refused', message: 'PID 1 是 init 进程' });
    // contextBridge keeps only the message of a thrown Error.
    const copied = new Error(e.message);
    expect(errorInfo(copied, 'zh')).toMatchObject({ code: 'refused', message: 'PID 1 是 init 进程' });
    expect(errorInfo(copied, 'en')).toMatchObject({ code: 'refused', message: 'PID 1 is init' });
  });
});

describe('keyboard', () => {
  it('maps the documented keys, and typing in a field only yields Escape', () => {
    expect(commandForKey({ key: '/' })).toBe('search');
    expect(commandForKey({ key: ' ' })).toBe('freeze');
    expect(commandForKey({ key: 'k' })).toBe('kill');
    expect(commandForKey({ key: 'K' })).toBe('kill-tree');
    expect(commandForKey({ key: 't' })).toBe('terminate');
    expect(commandForKey({ key: 's' })).toBe('stop');
    expect(commandForKey({ key: 'c' })).toBe('continue');
    expect(commandForKey({ key: '?' })).toBe('help');
    expect(commandForKey({ key: 'k', editable: true })).toBeNull();
    expect(commandForKey({ key: 'Escape', editable: true })).toBe('escape');
    expect(commandForKey({ key: 'c', ctrlKey: true })).toBeNull();
    expect(commandForKey({ key: 'x' })).toBeNull();
  });
});

describe('playground catalogue and form', () => {
  const cpu = scenario('compute');
  const zombie = scenario('lifecycle');

  it('groups scenarios by their main concept, in seed order', () => {
    const groups = groupByConcept([zombie, cpu]);
    expect(groups.map((g) => g.concept)).toEqual([4, 9]);
    expect(runtimesOf(cpu)).toEqual(['python', 'node']);
    expect(runtimesOf(zombie)).toEqual(['python']);
  });

  it('defaults come from the manifest; model is the compare-models axis', () => {
    const specs = paramsFor(cpu, 'python');
    expect(defaultFormValues(specs)).toEqual({ model: 'threads', workers: '4', work_ms: '6000' });
    expect(modelParam(cpu)?.values).toContain('processes');
    expect(modelParam(zombie)).toBeNull();
  });

  it('an out-of-range value is an inline error in the UI language; good values pass cleaned', () => {
    const specs = paramsFor(cpu, 'python');
    const bad = checkForm(specs, 'python', { model: 'threads', workers: '999', work_ms: '3000' }, tEn);
    expect(bad).toEqual({ ok: false, errors: { workers: 'Must be between 1 and 64.' } });
    const badZh = checkForm(specs, 'python', { model: 'threads', workers: '2.5', work_ms: 'abc' }, tZh);
    expect(badZh).toEqual({ ok: false, errors: { workers: '请输入整数。', work_ms: '请输入数字。' } });
    expect(checkForm(specs, 'python', { model: 'processes', workers: '2', work_ms: '' }, tEn)).toEqual({
      ok: true,
      values: { model: 'processes', workers: 2, work_ms: 6000 },
    });
  });

  it("switching runtime takes the new runtime's defaults for every field the user left alone", () => {
    const gil = manifestSchema.parse(
      JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'scenarios', 'gil-counter', 'manifest.json'), 'utf8')),
    );
    const s = { ...gil, params: gil.params } as unknown as ScenarioInfo;
    const py = paramsFor(s, 'python');
    const node = paramsFor(s, 'node');
    // Python's 100 threads would be refused by Node's bound (max 64): it becomes Node's 8.
    const untouched = formForRuntime(defaultFormValues(py), py, node);
    expect(untouched).toEqual(defaultFormValues(node));
    expect(checkForm(node, 'node', untouched, tEn).ok).toBe(true);
    // A field the user changed keeps the typed value.
    const typed = formForRuntime({ ...defaultFormValues(py), threads: '12' }, py, node);
    expect(typed.threads).toBe('12');
  });

  it('maps host-side payload issues back onto fields', () => {
    expect(
      errorsFromIssues(
        [
          { path: 'params.workers', message: 'too big' },
          { path: 'runtime', message: 'x' },
        ],
        ['workers'],
      ),
    ).toEqual({ workers: 'too big' });
  });
});

describe('comparison helpers', () => {
  const series: Comparison['series'] = [
    {
      runId: 'a',
      name: 'A',
      points: [
        { t: 0, cores: 1, rss: 10, metrics: { q: 1 } },
        { t: 1000, cores: 2, rss: 20, metrics: {} },
      ],
    },
    {
      runId: 'b',
      name: 'B',
      points: [
        { t: 0, cores: 0.5, rss: 5, metrics: { r: 2 } },
        { t: 1040, cores: 1, rss: 7, metrics: {} },
      ],
    },
  ];
  it('overlays runs on one time axis aligned at start', () => {
    // 1000 ms and 1040 ms fall in the same 0.1 s bucket.
    expect(overlay(series, seriesValue('cores'))).toEqual([
      { t: 0, a: 1, b: 0.5 },
      { t: 1, a: 2, b: 1 },
    ]);
    expect(metricNames(series)).toEqual(['q', 'r']);
    expect(overlay(series, seriesValue('metric:q'))).toEqual([{ t: 0, a: 1 }]);
  });
  it('thins long series to a drawable size', () => {
    const long = [
      { runId: 'a', name: 'A', points: Array.from({ length: 5000 }, (_, i) => ({ t: i * 1000, cores: 1, rss: 1, metrics: {} })) },
    ];
    expect(overlay(long, seriesValue('rss'), 600).length).toBe(600);
  });
  it('marks the best run per field', () => {
    const row = (runId: string, wallMs: number): CompareRow =>
      ({ runId, wallMs, avgCores: 1, speedup: null, peakRss: 1 }) as unknown as CompareRow;
    const wall = COMPARE_COLUMNS.find((f) => f.id === 'wallMs')!;
    expect(bestIndex([row('a', 500), row('b', 200), row('c', 900)], wall)).toBe(1);
    expect(bestIndex([row('a', 500)], wall)).toBe(-1);
  });
});

describe('formatters', () => {
  it('formats bytes, percent, durations and offsets', () => {
    expect(fmtBytes(0)).toBe('0 B');
    expect(fmtBytes(1536)).toBe('1.5 KiB');
    expect(fmtBytes(300 * 1024 * 1024)).toBe('300 MiB');
    expect(fmtPct(12.345)).toBe('12.3');
    expect(fmtPct(NaN)).toBe('—');
    expect(fmtMs(15)).toBe('15 ms');
    expect(fmtMs(2500)).toBe('2.50 s');
    expect(fmtMs(125_000)).toBe('2 min 5 s');
    expect(fmtOffset(2500, 1000)).toBe('+1.50 s');
  });
});
