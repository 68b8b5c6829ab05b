import type { Lang } from '../../../shared/model';

/** /proc/<pid>/limits names and units in Chinese (the kernel writes them in English). */
const ZH: Record<string, string> = {
  'Max cpu time': '最长 CPU 时间',
  'Max file size': '最大文件大小',
  'Max data size': '最大数据段',
  'Max stack size': '最大栈大小',
  'Max core file size': '最大核心转储文件',
  'Max resident set': '最大常驻集',
  'Max processes': '最多进程数',
  'Max open files': '最多打开文件数',
  'Max locked memory': '最大锁定内存',
  'Max address space': '最大地址空间',
  'Max file locks': '最多文件锁',
  'Max pending signals': '最多待处理信号',
  'Max msgqueue size': '最大消息队列',
  'Max nice priority': '最高 nice 优先级',
  'Max realtime priority': '最高实时优先级',
  'Max realtime timeout': '最长实时超时',
  seconds: '秒',
  bytes: '字节',
  processes: '个进程',
  files: '个文件',
  locks: '个锁',
  signals: '个信号',
  us: '微秒',
};

/** A limit's name or unit in the UI's language; one the kernel adds later keeps its English. */
export function limitWord(word: string, lang: Lang): string {
  return lang === 'zh' ? (ZH[word] ?? word) : word;
}
