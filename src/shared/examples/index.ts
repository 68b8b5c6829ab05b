import type { I18nText } from '../model';

/**
 * The seed tutorials' code, ported so it runs (the seeds' broken snippets fixed, their
 * structure and Chinese comments kept, each comment paired with its English). The programs
 * are the `.py` files beside this index; the playground offers them as "Open in scratchpad" on
 * their concept, and test/integration/examples-run.test.ts runs every one.
 */
export interface Example {
  /** Also the file name: `<id>.py`. */
  id: string;
  concept: number;
  title: I18nText;
  /** Which seed tutorials it comes from (the first three digits of their file names). */
  seeds: string[];
  /** It never ends on its own: the deadlock watchdog is what a run of it shows. */
  hangs?: boolean;
}

export const EXAMPLES: Example[] = [
  { id: '01-start-process', concept: 1, title: { en: 'Two ways to start a process', zh: '创建进程的两种方式' }, seeds: ['001', '004'] },
  {
    id: '02-no-shared-memory',
    concept: 2,
    title: { en: 'A global changed in the child', zh: '子进程里修改全局变量' },
    seeds: ['001', '004'],
  },
  { id: '07-mutex-tickets', concept: 7, title: { en: 'Buying tickets with a lock', zh: '互斥锁抢票' }, seeds: ['000', '004'] },
  { id: '08-gil-lost-update', concept: 8, title: { en: 'The GIL does not guard your data', zh: 'GIL 与普通互斥锁的区别' }, seeds: ['000'] },
  {
    id: '09-compute-threads-vs-processes',
    concept: 9,
    title: { en: 'Compute-bound: processes vs threads', zh: '计算密集型：多进程与多线程' },
    seeds: ['000'],
  },
  {
    id: '12-threads-share',
    concept: 12,
    title: { en: 'Threads, two ways, sharing data', zh: '创建线程的两种方式与数据共享' },
    seeds: ['000'],
  },
  {
    id: '13-two-lock-deadlock',
    concept: 13,
    title: { en: 'Deadlock: two locks in opposite orders', zh: '死锁：以相反顺序抢两把锁' },
    seeds: ['000'],
    hangs: true,
  },
  { id: '13-rlock', concept: 13, title: { en: 'The same threads with an RLock', zh: '换成递归锁 RLock' }, seeds: ['000', '003'] },
  { id: '14-semaphore', concept: 14, title: { en: 'Semaphore: 20 threads, 5 permits', zh: '信号量：20 个线程，5 个许可' }, seeds: ['000'] },
  { id: '15-event', concept: 15, title: { en: 'Event: 20 waiters, one set()', zh: '事件：20 个等待者，一次 set()' }, seeds: ['000'] },
  { id: '17-pool-callback', concept: 17, title: { en: 'Thread pool with callbacks', zh: '线程池与回调' }, seeds: ['000'] },
];

export function examplesOf(concept: number): Example[] {
  return EXAMPLES.filter((e) => e.concept === concept);
}
