/// <reference types="vite/client" />
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lessonsFromModules, type LessonMap } from './registry';

/**
 * Every `scenarios/<id>/lesson.ts`. electron-vite and vitest replace the import.meta.glob
 * call at build time, so the hosts ship their lessons and adding a folder needs no edit here.
 * Run from source with tsx (the CLI as `node --import tsx src/main/cli/index.ts`) there is
 * no import.meta.glob: the same files are then required from the scenarios folder, which
 * tsx compiles on the fly.
 */
function discover(): Record<string, unknown> {
  try {
    return import.meta.glob('../../../../scenarios/*/lesson.ts', { eager: true });
  } catch {
    return requireFromSource();
  }
}

function requireFromSource(): Record<string, unknown> {
  const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  const dir = resolve(here, '../../../../scenarios');
  const load = createRequire(join(here, 'bundled.ts'));
  const out: Record<string, unknown> = {};
  for (const folder of existsSync(dir) ? readdirSync(dir).sort() : []) {
    const file = join(dir, folder, 'lesson.ts');
    if (existsSync(file)) out[file] = load(file);
  }
  return out;
}

export const BUNDLED_LESSONS: LessonMap = lessonsFromModules(discover());
