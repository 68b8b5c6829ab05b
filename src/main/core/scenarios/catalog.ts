import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioInfo, ScenarioLoadError } from '../../../shared/scenario';
import type { LessonMap } from '../lessons/registry';
import { shareJson } from '../service/wire-json';
import { loadScenarios } from './registry';

export type ScenarioList = { scenarios: ScenarioInfo[]; errors: ScenarioLoadError[] };

/** The files a folder's listing is built from: a change to any of them (or the folder) changes its entry. */
const LISTED_FILES = ['manifest.json', 'README.md'];

function stamp(path: string): string {
  try {
    const s = statSync(path);
    return `${s.mtimeMs}:${s.size}`;
  } catch {
    return '-';
  }
}

/** A few stats per folder, instead of reading and validating every manifest and README. */
export function scenariosFingerprint(dir: string): string {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch (e) {
    return `error:${(e as NodeJS.ErrnoException).code ?? ''}`;
  }
  const parts = [stamp(dir)];
  for (const folder of entries) {
    const p = join(dir, folder);
    parts.push(folder, stamp(p), ...LISTED_FILES.map((f) => stamp(join(p, f))));
  }
  return parts.join('|');
}

/**
 * `scenarios.list` is asked for by every client, and by a hostile one thousands of times a
 * second; its answer only changes when the scenario folders do. Built once, then rebuilt only
 * when the folders' fingerprint changes, looked at no more often than every `recheckMs`.
 */
export class ScenarioCatalog {
  private cached: ScenarioList | null = null;
  private print = '';
  private checkedAt = -Infinity;

  constructor(
    private readonly dir: string,
    private readonly lessons: LessonMap,
    private readonly recheckMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  list(): ScenarioList {
    const t = this.now();
    if (this.cached && t - this.checkedAt < this.recheckMs) return this.cached;
    this.checkedAt = t;
    const print = scenariosFingerprint(this.dir);
    if (this.cached && print === this.print) return this.cached;
    this.print = print;
    this.cached = shareJson(loadScenarios(this.dir, this.lessons));
    return this.cached;
  }

  /** The next list() reads the folders again (a caller that knows they changed). */
  invalidate(): void {
    this.cached = null;
  }
}
