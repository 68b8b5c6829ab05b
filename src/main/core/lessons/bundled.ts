/// <reference types="vite/client" />
import { lessonsFromModules, type LessonMap } from './registry';

/**
 * Every `scenarios/<id>/lesson.ts`, found at build time: electron-vite bundles them into the
 * hosts and vitest resolves the same glob, so adding a scenario folder needs no edit here.
 * (Code run with tsx, which has no import.meta.glob, must not import this module: the engine
 * and the sampler bench do not.)
 */
export const BUNDLED_LESSONS: LessonMap = lessonsFromModules(import.meta.glob('../../../../scenarios/*/lesson.ts', { eager: true }));
