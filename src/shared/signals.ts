import type { I18nText } from './model';

/**
 * The standard POSIX signals a user may send by name (UI action menu, CLI `kill --signal`),
 * with what each one does to a process that installed no handler. Names, not numbers: the
 * numbers differ between Linux and macOS, and Node's `process.kill` takes the name.
 */
export type SignalDefault = 'terminate' | 'core' | 'stop' | 'continue' | 'ignore';

export interface SignalInfo {
  name: SignalName;
  /** What the kernel does when the process has no handler. */
  dflt: SignalDefault;
  /** SIGKILL and SIGSTOP cannot be caught, blocked or ignored. */
  catchable: boolean;
  /** What the signal usually means, for the confirmation and the menu. */
  does: I18nText;
}

export const SIGNAL_NAMES = [
  'SIGHUP',
  'SIGINT',
  'SIGQUIT',
  'SIGILL',
  'SIGTRAP',
  'SIGABRT',
  'SIGBUS',
  'SIGFPE',
  'SIGKILL',
  'SIGUSR1',
  'SIGSEGV',
  'SIGUSR2',
  'SIGPIPE',
  'SIGALRM',
  'SIGTERM',
  'SIGCHLD',
  'SIGCONT',
  'SIGSTOP',
  'SIGTSTP',
  'SIGTTIN',
  'SIGTTOU',
  'SIGURG',
  'SIGXCPU',
  'SIGXFSZ',
  'SIGVTALRM',
  'SIGPROF',
  'SIGWINCH',
  'SIGSYS',
] as const;
export type SignalName = (typeof SIGNAL_NAMES)[number];

const t = (dflt: SignalDefault, en: string, zh: string, catchable = true) => ({ dflt, catchable, does: { en, zh } });

const TABLE: Record<SignalName, Omit<SignalInfo, 'name'>> = {
  SIGHUP: t(
    'terminate',
    'hang-up: the terminal closed; daemons usually reload their configuration',
    '挂断：终端已关闭；守护进程通常用它重新加载配置',
  ),
  SIGINT: t('terminate', 'interrupt, as Ctrl-C sends it', '中断，相当于按下 Ctrl-C'),
  SIGQUIT: t('core', 'quit with a core dump, as Ctrl-\\ sends it', '退出并生成核心转储，相当于按下 Ctrl-\\'),
  SIGILL: t('core', 'illegal instruction', '非法指令'),
  SIGTRAP: t('core', 'trace/breakpoint trap, used by debuggers', '跟踪/断点陷阱，调试器使用'),
  SIGABRT: t('core', 'abort, as abort() raises it', '中止，abort() 会发出它'),
  SIGBUS: t('core', 'bus error: bad memory access', '总线错误：错误的内存访问'),
  SIGFPE: t('core', 'arithmetic error, e.g. integer division by zero', '算术错误，例如整数除以零'),
  SIGKILL: t('terminate', 'kill at once: cannot be caught, blocked or ignored', '立即杀死：无法被捕获、阻塞或忽略', false),
  SIGUSR1: t(
    'terminate',
    'user-defined signal 1: programs give it their own meaning (e.g. dump state)',
    '用户自定义信号 1：含义由程序自定（例如输出状态）',
  ),
  SIGSEGV: t('core', 'segmentation fault: invalid memory reference', '段错误：无效的内存访问'),
  SIGUSR2: t('terminate', 'user-defined signal 2: programs give it their own meaning', '用户自定义信号 2：含义由程序自定'),
  SIGPIPE: t('terminate', 'write to a pipe or socket nobody reads', '向没有读者的管道或套接字写入'),
  SIGALRM: t('terminate', 'timer alarm, as alarm() raises it', '定时器闹钟，alarm() 会发出它'),
  SIGTERM: t('terminate', 'polite request to end: a program may clean up first', '礼貌地请求结束：程序可以先做清理'),
  SIGCHLD: t('ignore', 'a child stopped or ended (ignored by default)', '子进程暂停或结束（默认忽略）'),
  SIGCONT: t('continue', 'continue a stopped process', '让已暂停的进程继续运行'),
  SIGSTOP: t('stop', 'stop (pause) at once: cannot be caught, blocked or ignored', '立即暂停：无法被捕获、阻塞或忽略', false),
  SIGTSTP: t('stop', 'stop from the terminal, as Ctrl-Z sends it (can be caught)', '终端暂停，相当于按下 Ctrl-Z（可被捕获）'),
  SIGTTIN: t('stop', 'a background process read from its terminal', '后台进程读取终端'),
  SIGTTOU: t('stop', 'a background process wrote to its terminal', '后台进程写入终端'),
  SIGURG: t('ignore', 'urgent data on a socket (ignored by default)', '套接字上有紧急数据（默认忽略）'),
  SIGXCPU: t('core', 'CPU time limit exceeded', '超出 CPU 时间限制'),
  SIGXFSZ: t('core', 'file size limit exceeded', '超出文件大小限制'),
  SIGVTALRM: t('terminate', 'virtual timer alarm', '虚拟定时器闹钟'),
  SIGPROF: t('terminate', 'profiling timer alarm', '性能分析定时器闹钟'),
  SIGWINCH: t('ignore', 'the terminal window changed size (ignored by default)', '终端窗口大小改变（默认忽略）'),
  SIGSYS: t('core', 'bad system call', '错误的系统调用'),
};

export const SIGNALS: readonly SignalInfo[] = SIGNAL_NAMES.map((name) => ({ name, ...TABLE[name] }));

export function signalInfo(name: SignalName): SignalInfo {
  return { name, ...TABLE[name] };
}

/** "HUP", "hup", "SIGHUP" → "SIGHUP"; anything else → null. */
export function parseSignalName(s: string): SignalName | null {
  const up = s.trim().toUpperCase();
  const name = (up.startsWith('SIG') ? up : `SIG${up}`) as SignalName;
  return (SIGNAL_NAMES as readonly string[]).includes(name) ? name : null;
}

/** What the kernel does without a handler, in words. */
export const SIGNAL_DEFAULT_TEXT: Record<SignalDefault, I18nText> = {
  terminate: { en: 'ends the process', zh: '结束进程' },
  core: { en: 'ends the process with a core dump', zh: '结束进程并生成核心转储' },
  stop: { en: 'stops (pauses) the process', zh: '暂停进程' },
  continue: { en: 'continues a stopped process', zh: '让暂停的进程继续' },
  ignore: { en: 'is ignored', zh: '被忽略' },
};
