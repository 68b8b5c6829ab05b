import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParamValue } from '../../../shared/model';
import { manifestSchema, splitReadme, type ScenarioInfo, type ScenarioLoadError } from '../../../shared/scenario';
import { BUNDLED_LESSONS } from '../lessons/bundled';
import type { LessonMap } from '../lessons/registry';

/**
 * The scenario catalogue: every `scenarios/<id>/` with its `manifest.json` (validated with the
 * shared zod schema), its programs and its lesson (`lessons`: bundled at build time). One
 * broken folder never hides the others: it becomes a ScenarioLoadError naming the folder and
 * the exact field path (e.g. "params.1.max"). Folders starting with `_` or `.` (the
 * programs' kit) are not scenarios.
 */
export function loadScenarios(
  dir: string,
  lessons: LessonMap = BUNDLED_LESSONS,
): { scenarios: ScenarioInfo[]; errors: ScenarioLoadError[] } {
  const scenarios: ScenarioInfo[] = [];
  const errors: ScenarioLoadError[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch (e) {
    return { scenarios, errors: [{ id: '(scenarios)', field: '', message: `cannot read ${dir}: ${(e as Error).message}` }] };
  }
  for (const folder of entries) {
    const folderPath = join(dir, folder);
    if (folder.startsWith('.') || folder.startsWith('_') || !isDir(folderPath)) continue;
    const r = loadOne(folder, folderPath, lessons);
    if ('error' in r) errors.push(...r.error);
    else scenarios.push(r.scenario);
  }
  return { scenarios, errors };
}

function loadOne(folder: string, folderPath: string, lessons: LessonMap): { scenario: ScenarioInfo } | { error: ScenarioLoadError[] } {
  const file = join(folderPath, 'manifest.json');
  const fail = (field: string, message: string) => ({ error: [{ id: folder, field, message }] });
  if (!existsSync(file)) return fail('manifest.json', 'missing manifest.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return fail('manifest.json', `not valid JSON: ${(e as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    return { error: parsed.error.issues.map((i) => ({ id: folder, field: i.path.map(String).join('.'), message: i.message })) };
  }
  const m = parsed.data;
  const errs: ScenarioLoadError[] = [];
  if (m.id !== folder) errs.push({ id: folder, field: 'id', message: `id "${m.id}" differs from its folder name "${folder}"` });
  const lesson = lessons.get(folder);
  if (!lesson)
    errs.push({
      id: folder,
      field: 'lesson.ts',
      message: existsSync(join(folderPath, 'lesson.ts'))
        ? 'lesson.ts is not in this build (rebuild, or check that it type-checks)'
        : 'missing lesson.ts (the verdict of this scenario)',
    });
  else if ('error' in lesson) errs.push({ id: folder, field: 'lesson.ts', message: lesson.error });
  for (const rt of ['python', 'node'] as const) {
    const entry = m.runtimes[rt]?.entry;
    if (entry === undefined) continue;
    const abs = resolve(folderPath, entry);
    const rel = relative(folderPath, abs);
    if (isAbsolute(entry) || rel.startsWith('..') || rel.split(sep).includes('..'))
      errs.push({ id: folder, field: `runtimes.${rt}.entry`, message: `entry "${entry}" must stay inside the scenario folder` });
    else if (!existsSync(abs) || !statSync(abs).isFile())
      errs.push({ id: folder, field: `runtimes.${rt}.entry`, message: `entry file "${entry}" does not exist` });
  }
  const seen = new Set<string>();
  m.params.forEach((p, i) => {
    if ((p.type === 'int' || p.type === 'number') && p.min > p.max)
      errs.push({ id: folder, field: `params.${i}.max`, message: `max ${p.max} is below min ${p.min}` });
    // A name may appear twice only for disjoint runtimes (e.g. a per-runtime default).
    for (const rt of p.runtimes ?? (['python', 'node'] as const)) {
      const key = `${rt}:${p.name}`;
      if (seen.has(key)) errs.push({ id: folder, field: `params.${i}.name`, message: `duplicate parameter "${p.name}" for ${rt}` });
      seen.add(key);
    }
  });
  let howItWorks: ScenarioInfo['howItWorks'];
  const readme = join(folderPath, 'README.md');
  if (existsSync(readme)) {
    const parts = splitReadme(readFileSync(readme, 'utf8'));
    if (parts) howItWorks = parts;
    else errs.push({ id: folder, field: 'README.md', message: 'README.md needs its English, then a "## 中文" heading and the Chinese' });
  }
  if (errs.length) return { error: errs };
  return { scenario: { ...m, dir: folderPath, ...(howItWorks && { howItWorks }) } };
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** This module's folder, whether it runs as CommonJS (bundle, tsx) or as ESM (vitest). */
function hereDir(): string | null {
  if (typeof __dirname === 'string') return __dirname;
  try {
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    return null;
  }
}

/**
 * `<repo>/scenarios`: walks up from this module (src/main/core/scenarios in dev, out/main
 * when bundled) to the first folder holding both `scenarios/` and `package.json`.
 * PROCLAB_SCENARIOS_DIR overrides it; the working directory is the last resort.
 */
export function defaultScenariosDir(): string {
  const override = process.env.PROCLAB_SCENARIOS_DIR;
  if (override) return resolve(override);
  return appFolder('scenarios');
}

/**
 * A folder that ships beside package.json (scenarios/, python-bootstrap/): found by walking up
 * from this module, the entry script and the working directory, in that order.
 */
export function appFolder(name: string): string {
  const starts = [hereDir(), process.argv[1] ? dirname(resolve(process.argv[1])) : null, process.cwd()];
  for (const start of starts) {
    if (!start) continue;
    let d = resolve(start);
    for (;;) {
      if (isDir(join(d, name)) && existsSync(join(d, 'package.json'))) return join(d, name);
      const up = dirname(d);
      if (up === d) break;
      d = up;
    }
  }
  return resolve(process.cwd(), name);
}

/**
 * The command line for one run. Parameters become `--name value` (bools `true|false`), in
 * manifest order so that the command a user copies from the UI reads like the docs.
 */
const pythons = new Map<string, string>();

/**
 * The real interpreter behind `python3` (or $PROCLAB_PYTHON), asked once. Launchers such as
 * pyenv shims are shell scripts: started through them, every run would show a chain of
 * bash processes that are not part of the lesson.
 */
export function pythonExecutable(): string {
  const cmd = process.env.PROCLAB_PYTHON || 'python3';
  let exe = pythons.get(cmd);
  if (exe) return exe;
  try {
    exe = execFileSync(cmd, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8', timeout: 10_000 }).trim() || cmd;
  } catch {
    exe = cmd; // launching will report the missing interpreter in plain words
  }
  pythons.set(cmd, exe);
  return exe;
}

export function buildLaunch(
  s: ScenarioInfo,
  runtime: 'python' | 'node',
  values: Record<string, ParamValue>,
): { argv: string[]; cwd: string; env: Record<string, string> } {
  const entryRel = s.runtimes[runtime]?.entry;
  if (!entryRel) throw new Error(`scenario "${s.id}" has no ${runtime} program`);
  const entry = resolve(s.dir, entryRel);
  const args: string[] = [];
  const names = new Set<string>();
  for (const p of s.params) {
    if (p.runtimes && !p.runtimes.includes(runtime)) continue;
    if (names.has(p.name)) continue;
    names.add(p.name);
    const v = values[p.name] ?? p.default;
    args.push(`--${p.name}`, String(v));
  }
  const env: Record<string, string> = {};
  let argv: string[];
  if (runtime === 'python') {
    // Output arrives live: line-buffered by the bootstrap, else PYTHONUNBUFFERED (the launcher's).
    argv = [pythonExecutable(), entry, ...args];
    env.PYTHONDONTWRITEBYTECODE = '1';
  } else {
    argv = [process.execPath, entry, ...args];
    // Inside Electron, process.execPath is the Electron binary: make it behave as plain Node.
    if (process.versions.electron) env.ELECTRON_RUN_AS_NODE = '1';
  }
  return { argv, cwd: s.dir, env };
}
