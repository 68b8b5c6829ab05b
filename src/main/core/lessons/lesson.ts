import type { z } from 'zod';
import type { LessonBand, ParamValue, RunKind, RunData, Verdict } from '../../../shared/model';

/** What a lesson knows of a run before it starts: enough to say which cores its claim accepts. */
export interface BandInput {
  runtime: RunKind;
  params: Record<string, ParamValue>;
  /** The machine's cores. */
  cores: number;
}

/**
 * A scenario's lesson (`scenarios/<id>/lesson.ts`, default export): the schema of the fields
 * its programs print in `{"ev":"result", …}` lines, and the verdict, a pure function of the
 * run's journal and those fields (every result line parsed with `result`, later lines win).
 */
export interface Lesson<S extends z.ZodType<Record<string, unknown>> = z.ZodType<Record<string, unknown>>> {
  result: S;
  verdict(run: RunData, result: Partial<z.infer<S>>): Verdict;
  /** The pass band of its cores claim for these parameters, from the same constants as the verdict (null: none for them). */
  band?(run: BandInput): LessonBand | null;
}

/** Types a lesson's verdict by its result schema. */
export function defineLesson<S extends z.ZodType<Record<string, unknown>>>(lesson: Lesson<S>): Lesson<S> {
  return lesson;
}

/** A module's default export is a lesson: a zod schema and a function (a build checks the types; this checks the shape). */
export function isLesson(x: unknown): x is Lesson {
  if (typeof x !== 'object' || x === null) return false;
  const l = x as Record<string, unknown>;
  const schema = l.result as { safeParse?: unknown } | undefined;
  return typeof l.verdict === 'function' && typeof schema === 'object' && schema !== null && typeof schema.safeParse === 'function';
}
