import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateParams } from '../../src/shared/scenario';
import { buildLaunch, defaultScenariosDir, loadScenarios } from '../../src/main/core/scenarios/registry';
import { VERDICT_NAMES, getVerdict } from '../../src/main/core/verdicts';

const repo = resolve(__dirname, '../..');
const broken = join(repo, 'test/fixtures/scenarios-broken');

const ISSUE_SCENARIOS = [
  'cpu-bound',
  'io-bound',
  'process-basics',
  'threads-basics',
  'zombie',
  'orphan',
  'daemon',
  'process-states',
  'fork-vs-spawn',
  'scheduling',
];

describe('scenario registry', () => {
  it('finds <repo>/scenarios from the source tree', () => {
    expect(defaultScenariosDir()).toBe(join(repo, 'scenarios'));
  });

  it('loads every scenario of the issue without errors, with bilingual text and a known verdict', () => {
    const { scenarios, errors } = loadScenarios(join(repo, 'scenarios'));
    const mine = errors.filter((e) => ISSUE_SCENARIOS.includes(e.id));
    expect(mine).toEqual([]);
    const ids = scenarios.map((s) => s.id);
    for (const id of ISSUE_SCENARIOS) expect(ids).toContain(id);
    for (const s of scenarios.filter((x) => ISSUE_SCENARIOS.includes(x.id))) {
      expect(s.title.zh.length).toBeGreaterThan(0);
      expect(s.explanation.zh.length).toBeGreaterThan(0);
      expect(s.lesson.claim.zh.length).toBeGreaterThan(0);
      expect(getVerdict(s.lesson.verdict)).toBeTypeOf('function');
      for (const rt of ['python', 'node'] as const) {
        const e = s.runtimes[rt]?.entry;
        if (e) expect(existsSync(join(s.dir, e))).toBe(true);
      }
      if (!s.runtimes.node) expect(s.runtimeNotes?.en).toBeTruthy();
      // Defaults validate against the manifest for each runtime.
      for (const rt of ['python', 'node'] as const) if (s.runtimes[rt]) expect(validateParams(s, rt, {}).ok).toBe(true);
    }
  });

  it('reports each broken manifest by folder and exact field, and still loads the good one', () => {
    const { scenarios, errors } = loadScenarios(broken);
    expect(scenarios.map((s) => s.id)).toEqual(['good-one']);
    const by = (id: string) => errors.filter((e) => e.id === id);
    expect(by('bad-param-max').map((e) => e.field)).toContain('params.1.max');
    expect(by('bad-verdict')[0]).toMatchObject({ field: 'lesson.verdict' });
    expect(by('bad-verdict')[0]!.message).toContain('no-such-verdict');
    expect(by('missing-entry')[0]).toMatchObject({ field: 'runtimes.python.entry' });
    expect(by('bad-json')[0]).toMatchObject({ field: 'manifest.json' });
    expect(by('missing-zh').map((e) => e.field)).toContain('title.zh');
    expect(by('default-out-of-range').map((e) => e.field)).toContain('params.0.default');
  });

  it('reports a missing folder instead of throwing', () => {
    const r = loadScenarios(join(broken, 'does-not-exist'));
    expect(r.scenarios).toEqual([]);
    expect(r.errors).toHaveLength(1);
  });

  it('exports the verdict names the manifests may use', () => {
    for (const n of ISSUE_SCENARIOS) expect(VERDICT_NAMES).toContain(n);
    expect(getVerdict('nope')).toBeUndefined();
    expect(getVerdict('toString')).toBeUndefined();
  });
});

describe('buildLaunch', () => {
  const { scenarios } = loadScenarios(join(repo, 'scenarios'));
  const cpu = scenarios.find((s) => s.id === 'cpu-bound')!;

  it('python: the real interpreter behind python3 (not a shim), -u entry --name value …, in the scenario folder', () => {
    const old = process.env.PROCLAB_PYTHON;
    delete process.env.PROCLAB_PYTHON;
    try {
      const l = buildLaunch(cpu, 'python', { model: 'processes', workers: 2, work_ms: 500 });
      const real = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
      expect(l.argv).toEqual([real, '-u', join(cpu.dir, 'main.py'), '--model', 'processes', '--workers', '2', '--work_ms', '500']);
      expect(l.cwd).toBe(cpu.dir);
    } finally {
      if (old !== undefined) process.env.PROCLAB_PYTHON = old;
    }
  });

  it('python: PROCLAB_PYTHON picks the interpreter; defaults fill missing values', () => {
    const old = process.env.PROCLAB_PYTHON;
    process.env.PROCLAB_PYTHON = '/opt/py/bin/python3.12';
    try {
      const l = buildLaunch(cpu, 'python', {});
      expect(l.argv[0]).toBe('/opt/py/bin/python3.12');
      expect(l.argv.slice(3)).toEqual(['--model', 'threads', '--workers', '4', '--work_ms', '6000']);
    } finally {
      if (old === undefined) delete process.env.PROCLAB_PYTHON;
      else process.env.PROCLAB_PYTHON = old;
    }
  });

  it('node: the running Node with the entry; bools as true|false', () => {
    const l = buildLaunch(
      { ...cpu, params: [...cpu.params, { name: 'flag', type: 'bool', default: false, label: { en: 'f', zh: 'f' } }] },
      'node',
      {
        model: 'threads',
        workers: 2,
        work_ms: 400,
        flag: true,
      },
    );
    expect(l.argv[0]).toBe(process.execPath);
    expect(l.argv.slice(1)).toEqual([
      join(cpu.dir, 'main.js'),
      '--model',
      'threads',
      '--workers',
      '2',
      '--work_ms',
      '400',
      '--flag',
      'true',
    ]);
    if (!process.versions.electron) expect(l.env.ELECTRON_RUN_AS_NODE).toBeUndefined();
  });

  it('refuses a runtime the scenario does not have', () => {
    const zombie = scenarios.find((s) => s.id === 'zombie')!;
    expect(() => buildLaunch(zombie, 'node', {})).toThrow(/no node program/);
  });
});
