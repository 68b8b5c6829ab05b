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
  { id: '03-process-states', concept: 3, title: { en: 'Ready, running, blocked', zh: '就绪、运行、阻塞三种状态' }, seeds: ['001', '004'] },
  {
    id: '04-zombie',
    concept: 4,
    title: { en: 'A child not yet reaped: a zombie', zh: '未被回收的子进程：僵尸进程' },
    seeds: ['001', '004'],
  },
  { id: '05-orphan', concept: 5, title: { en: 'The parent dies first: an orphan', zh: '父进程先死：孤儿进程' }, seeds: ['001', '004'] },
  {
    id: '06-daemon-process',
    concept: 6,
    title: { en: 'A daemon process ends with its parent', zh: '守护进程随主进程结束' },
    seeds: ['001', '004'],
  },
  { id: '06-daemon-thread', concept: 6, title: { en: 'Daemon and non-daemon threads', zh: '守护线程与非守护线程' }, seeds: ['002', '004'] },
  {
    id: '10-queue-pipe',
    concept: 10,
    title: { en: 'IPC through a Queue and a Pipe', zh: '队列与管道实现进程间通信' },
    seeds: ['001', '004'],
  },
  {
    id: '10-shared-memory',
    concept: 10,
    title: { en: 'Shared memory: Value and Manager().dict()', zh: '共享内存：Value 与 Manager().dict()' },
    seeds: ['001', '003'],
  },
  {
    id: '11-producer-consumer',
    concept: 11,
    title: { en: 'Producers, consumers and None sentinels', zh: '生产者、消费者与 None 结束标志' },
    seeds: ['001', '004'],
  },
  {
    id: '11-joinable-queue',
    concept: 11,
    title: { en: 'JoinableQueue, task_done and daemon consumers', zh: 'JoinableQueue、task_done 与守护消费者' },
    seeds: ['004'],
  },
  {
    id: '16-queue-kinds',
    concept: 16,
    title: { en: 'FIFO, LIFO and priority queues', zh: '先进先出、后进先出与优先级队列' },
    seeds: ['003', '004'],
  },
  {
    id: '18-asyncio',
    concept: 18,
    title: { en: 'Coroutines in one thread with asyncio', zh: 'asyncio：单线程下的协程' },
    seeds: ['003', '004'],
  },
  {
    id: '18-generator-coroutines',
    concept: 18,
    title: { en: 'Switching by hand with generators', zh: '用生成器手动切换协程' },
    seeds: ['004'],
  },
  {
    id: '19-echo-processes',
    concept: 19,
    title: { en: 'Echo server: a process per connection', zh: '回声服务端：每个连接一个进程' },
    seeds: ['000'],
  },
  {
    id: '19-echo-asyncio',
    concept: 19,
    title: { en: 'Echo server: a coroutine per connection', zh: '回声服务端：每个连接一个协程' },
    seeds: ['004'],
  },
  { id: '20-nonblocking-io', concept: 20, title: { en: 'Non-blocking IO spins the CPU', zh: '非阻塞 IO 让 CPU 空转' }, seeds: ['004'] },
  { id: '20-selectors', concept: 20, title: { en: 'IO multiplexing with selectors', zh: 'selectors 实现 IO 多路复用' }, seeds: ['004'] },
  {
    id: '21-signals',
    concept: 21,
    title: { en: 'Signal handlers: reload and stop gracefully', zh: '信号处理：热加载与平滑退出' },
    seeds: ['003'],
  },
  {
    id: '22-scheduling',
    concept: 22,
    title: { en: 'FCFS, SJF and a multilevel feedback queue', zh: '先来先服务、短作业优先与多级反馈队列' },
    seeds: ['001', '004'],
  },
  { id: '23-fork-vs-spawn', concept: 23, title: { en: 'fork copies, spawn re-imports', zh: 'fork 拷贝，spawn 重新导入' }, seeds: ['001'] },
];

/**
 * What a concept's examples leave out because it cannot be shown honestly as a short program of
 * the standard library, and why: shown on the concept's entry beside its examples (or instead).
 */
export const EXAMPLE_NOTES: Readonly<Record<number, I18nText>> = {
  18: {
    en: 'gevent and greenlet (in the seeds) are not in Python’s standard library: these examples switch within one thread with asyncio and with generators.',
    zh: '种子教程用的 gevent 和 greenlet 不在 Python 标准库中：这里用 asyncio 和生成器在一个线程内切换。',
  },
  22: {
    en: 'A program cannot choose the kernel’s scheduling policy: this example simulates three policies on four jobs; the scenario below shows the real scheduler.',
    zh: '程序无法替换内核的调度算法：本示例在四个作业上模拟三种调度算法；真实的调度请看下方的场景。',
  },
};

export function examplesOf(concept: number): Example[] {
  return EXAMPLES.filter((e) => e.concept === concept);
}
