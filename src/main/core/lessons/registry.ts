import { isLesson, type Lesson } from './lesson';

/** Lessons by scenario folder name. */
export type LessonMap = ReadonlyMap<string, Lesson | { error: string }>;

/**
 * Lessons from `import.meta.glob` of `…/<folder>/lesson.ts` (eager): keyed by folder. A
 * module whose default export is not a lesson is kept as an error, so the registry refuses
 * that scenario with the reason instead of launching one it cannot judge.
 */
export function lessonsFromModules(modules: Record<string, unknown>): LessonMap {
  const out = new Map<string, Lesson | { error: string }>();
  for (const [path, mod] of Object.entries(modules)) {
    const parts = path.split('/');
    const folder = parts[parts.length - 2];
    if (!folder) continue;
    const lesson = (mod as { default?: unknown } | null)?.default;
    out.set(folder, isLesson(lesson) ? lesson : { error: 'lesson.ts has no default export made with defineLesson({ result, verdict })' });
  }
  return out;
}
