export { defineLesson, isLesson, type Lesson } from './lesson';
export { evaluateLesson } from './evaluate';
export { lessonsFromModules, type LessonMap } from './registry';
