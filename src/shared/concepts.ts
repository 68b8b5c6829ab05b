import type { I18nText } from './model';

/**
 * The 23 concepts of the seed tutorials ProcLab was made from (../shared/seeds/INDEX.md), in
 * their order: a scenario's `concepts` are these numbers. Shared so that the playground, the
 * CLI and the reports name a concept the same way.
 */
export const CONCEPTS: Readonly<Record<number, I18nText>> = {
  1: { en: 'Starting a process', zh: '启动进程' },
  2: { en: 'Processes do not share memory', zh: '进程之间不共享内存' },
  3: { en: 'Process states', zh: '进程状态' },
  4: { en: 'Zombie processes', zh: '僵尸进程' },
  5: { en: 'Orphan processes', zh: '孤儿进程' },
  6: { en: 'Daemon processes and threads', zh: '守护进程与守护线程' },
  7: { en: 'Mutex locks', zh: '互斥锁' },
  8: { en: 'The GIL', zh: 'GIL 全局解释器锁' },
  9: { en: 'Compute-bound vs IO-bound', zh: '计算密集与 IO 密集' },
  10: { en: 'Inter-process communication', zh: '进程间通信' },
  11: { en: 'Producer–consumer', zh: '生产者–消费者' },
  12: { en: 'Threads', zh: '线程' },
  13: { en: 'Deadlock and RLock', zh: '死锁与递归锁' },
  14: { en: 'Semaphores', zh: '信号量' },
  15: { en: 'Event, condition, timer, barrier', zh: '事件、条件、定时器、栅栏' },
  16: { en: 'Queue kinds', zh: '队列类型' },
  17: { en: 'Pools and callbacks', zh: '池与回调' },
  18: { en: 'Coroutines', zh: '协程' },
  19: { en: 'Concurrent TCP server', zh: '并发 TCP 服务器' },
  20: { en: 'IO models', zh: 'IO 模型' },
  21: { en: 'Signals', zh: '信号' },
  22: { en: 'Multiprogramming and scheduling', zh: '多道程序与调度' },
  23: { en: 'fork vs spawn', zh: 'fork 与 spawn' },
};

/** "9 Compute-bound vs IO-bound" in one language; a number outside the list reads as the bare number. */
export function conceptLabel(n: number, lang: keyof I18nText): string {
  const c = CONCEPTS[n];
  return c ? `${n} ${c[lang]}` : String(n);
}
