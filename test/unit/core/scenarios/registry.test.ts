/// <reference types="vite/client" />
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestSchema, splitReadme, validateParams } from '../../../../src/shared/scenario';
import { buildLaunch, defaultScenariosDir, loadScenarios } from '../../../../src/main/core/scenarios/registry';
import { z } from 'zod';
import { BUNDLED_LESSONS } from '../../../../src/main/core/lessons/bundled';
import { defineLesson, isLesson, lessonsFromModules, type Lesson, type LessonMap } from '../../../../src/main/core/lessons';

const repo = resolve(__dirname, '..', '..', '..', '..');
const broken = join(repo, 'test/fixtures/scenarios-broken');

/** Every scenario folder of the repository (the kit is not one), so a new folder is checked without editing this test. */
const FOLDERS = readdirSync(join(repo, 'scenarios')).filter((f) => !f.startsWith('_') && !f.startsWith('.'));

/** A lesson for fixture folders: the registry only needs one to exist. */
const anyLesson = defineLesson({ result: z.object({}), verdict: () => ({ pass: true, outcome: 'pass', claims: [], figures: {} }) });
const brokenLessons: LessonMap = new Map<string, Lesson | { error: string }>([
  ...['good-one', 'bad-param-max', 'missing-entry', 'missing-zh', 'default-out-of-range', 'bad-selftest', 'bad-json', 'bad-readme'].map(
    (id) => [id, anyLesson] as [string, Lesson],
  ),
]);

describe('scenario registry', () => {
  it('finds <repo>/scenarios from the source tree', () => {
    expect(defaultScenariosDir()).toBe(join(repo, 'scenarios'));
  });

  it('loads every scenario folder without errors, with bilingual text, a bundled lesson and self-test cases', () => {
    const { scenarios, errors } = loadScenarios(join(repo, 'scenarios'));
    expect(errors).toEqual([]);
    expect(FOLDERS.length).toBeGreaterThanOrEqual(10);
    expect(scenarios.map((s) => s.id)).toEqual([...FOLDERS].sort());
    for (const s of scenarios) {
      expect(s.title.zh.length).toBeGreaterThan(0);
      expect(s.explanation.zh.length).toBeGreaterThan(0);
      expect(s.lesson.claim.zh.length).toBeGreaterThan(0);
      expect(isLesson(BUNDLED_LESSONS.get(s.id)), s.id).toBe(true);
      expect(s.selfTest?.length, `${s.id} has no selfTest`).toBeGreaterThan(0);
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
    const { scenarios, errors } = loadScenarios(broken, brokenLessons);
    expect(scenarios.map((s) => s.id)).toEqual(['good-one']);
    const by = (id: string) => errors.filter((e) => e.id === id);
    expect(by('bad-param-max').map((e) => e.field)).toContain('params.1.max');
    expect(by('missing-lesson')).toEqual([
      { id: 'missing-lesson', field: 'lesson.ts', message: expect.stringContaining('missing lesson.ts') },
    ]);
    expect(by('bad-selftest')[0]).toMatchObject({ field: 'selfTest.0.params.a' });
    expect(by('bad-selftest')[0]!.message).toContain('between 0 and 5');
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

  it('refuses a lesson module without a lesson, naming lesson.ts', () => {
    const lessons = lessonsFromModules({ '/x/good-one/lesson.ts': { default: { verdict: 'not a function' } } });
    const { scenarios, errors } = loadScenarios(broken, lessons);
    expect(scenarios).toEqual([]);
    expect(errors.find((e) => e.id === 'good-one')).toMatchObject({ field: 'lesson.ts', message: expect.stringContaining('defineLesson') });
  });

  it('finds each lesson of the build under its folder name, and only those', () => {
    for (const f of FOLDERS) expect(BUNDLED_LESSONS.has(f), f).toBe(true);
    expect([...BUNDLED_LESSONS.keys()].sort()).toEqual([...FOLDERS].sort());
  });

  it('refuses a stale manifest key by its path (lesson.verdict: lessons now live in lesson.ts)', () => {
    const good = loadScenarios(broken, brokenLessons).scenarios[0]!;
    const { dir: _dir, ...m } = good;
    const r = manifestSchema.safeParse({ ...m, lesson: { ...m.lesson, verdict: 'some-verdict' } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['lesson']);
  });
});

describe('buildLaunch', () => {
  // The fixture scenario of ARCHITECTURE.md's "Add a scenario" (both runtimes), and a Python-only one.
  const fixtureLessons = lessonsFromModules(import.meta.glob('../../../fixtures/scenarios/*/lesson.ts', { eager: true }));
  const hello = loadScenarios(join(repo, 'test/fixtures/scenarios'), fixtureLessons).scenarios.find((s) => s.id === 'hello-kit')!;
  const pythonOnly = loadScenarios(broken, brokenLessons).scenarios.find((s) => s.id === 'good-one')!;

  it('python: the real interpreter behind python3 (not a shim), entry --name value …, in the scenario folder', () => {
    const old = process.env.PROCLAB_PYTHON;
    delete process.env.PROCLAB_PYTHON;
    try {
      const l = buildLaunch(hello, 'python', { count: 2, word: 'nihao', loud: true, pause_ms: 50 });
      const real = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
      expect(l.argv).toEqual([real, join(hello.dir, 'main.py'), '--count', '2', '--word', 'nihao', '--loud', 'true', '--pause_ms', '50']);
      expect(l.cwd).toBe(hello.dir);
    } finally {
      if (old !== undefined) process.env.PROCLAB_PYTHON = old;
    }
    // Asking python3 for its real path spawns it: seconds on a loaded machine.
  }, 30_000);

  it('python: PROCLAB_PYTHON picks the interpreter; defaults fill missing values', () => {
    const old = process.env.PROCLAB_PYTHON;
    process.env.PROCLAB_PYTHON = '/opt/py/bin/python3.12';
    try {
      const l = buildLaunch(hello, 'python', {});
      expect(l.argv[0]).toBe('/opt/py/bin/python3.12');
      expect(l.argv.slice(2)).toEqual(['--count', '3', '--word', 'hello', '--loud', 'false', '--pause_ms', '200']);
    } finally {
      if (old === undefined) delete process.env.PROCLAB_PYTHON;
      else process.env.PROCLAB_PYTHON = old;
    }
  });

  it('node: the running Node with the entry; bools as true|false', () => {
    const l = buildLaunch(hello, 'node', { count: 2, loud: true });
    expect(l.argv[0]).toBe(process.execPath);
    expect(l.argv.slice(1)).toEqual([join(hello.dir, 'main.js'), '--count', '2', '--word', 'hello', '--loud', 'true', '--pause_ms', '200']);
    if (!process.versions.electron) expect(l.env.ELECTRON_RUN_AS_NODE).toBeUndefined();
  });

  it('reads the folder README as "How it works" in both languages, and refuses one without its Chinese', () => {
    expect(hello.howItWorks?.en).toMatch(/^The program reads its parameters/);
    expect(hello.howItWorks?.zh).toMatch(/^程序用工具包/);
    expect(splitReadme('only English')).toBeNull();
    expect(splitReadme('English\n\n## 中文\n')).toBeNull();
    const { errors } = loadScenarios(broken, brokenLessons);
    expect(errors.filter((e) => e.id === 'bad-readme')).toEqual([
      { id: 'bad-readme', field: 'README.md', message: expect.stringContaining('## 中文') },
    ]);
  });

  it('refuses a runtime the scenario does not have', () => {
    expect(() => buildLaunch(pythonOnly, 'node', {})).toThrow(/no node program/);
  });
});
