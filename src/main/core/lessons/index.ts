export { defineLesson, isLesson, type BandInput, type Lesson } from './lesson';
export { evaluateLesson } from './evaluate';
export { lessonsFromModules, type LessonMap } from './registry';
