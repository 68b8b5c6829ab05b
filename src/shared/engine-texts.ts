import type { SignalAction } from './commands';
import type { ExitCause, I18nText } from './model';

/**
 * Words the engine writes for people (timeline details, refusals, platform notes, why a run
 * stopped), in English and 简体中文. The core renders both languages when it says something,
 * so the renderer only picks one and a journal written today reads the same tomorrow; the
 * English text stays the plain `detail`/`message` that the CLI, reports and logs print.
 * Placeholders are `{name}`; test/unit/engine-texts.test.ts checks both languages use the same.
 */
export const ENGINE_TEXTS = {
  // lifecycle events
  'ev.started': { en: 'started: {argv}', zh: '已启动：{argv}' },
  'ev.started-by': { en: 'started by {ppid}', zh: '由 {ppid} 启动' },
  'ev.orphan-unseen-parent': {
    en: 're-parented to {ppid} (its parent exited before ProcLab saw it)',
    zh: '已过继给 {ppid}（它的父进程在 ProcLab 看到它之前就已退出）',
  },
  'ev.orphan': { en: 're-parented to {ppid} after its parent exited', zh: '父进程退出后，过继给了 {ppid}' },
  'ev.orphan-again': { en: 're-parented again, now to {ppid}', zh: '再次被过继，现在的父进程是 {ppid}' },
  'ev.daemon-detected': {
    en: 'detected daemon: session leader without a controlling terminal',
    zh: '检测到守护进程：没有控制终端的会话首进程',
  },
  'ev.daemon-became': {
    en: 'detected daemon: became a session leader without a controlling terminal',
    zh: '检测到守护进程：成为了没有控制终端的会话首进程',
  },
  'ev.daemon-declared': { en: 'declared daemon: ends when its parent ends', zh: '声明为守护进程：随父进程一起结束' },
  'ev.daemon-flag': { en: 'declared daemon (--daemon)', zh: '声明为守护进程（--daemon）' },
  'ev.state': { en: '{from} → {to}', zh: '{from} → {to}' },
  'ev.killed': { en: 'killed by {signal}', zh: '被 {signal} 杀死' },
  'ev.exit-code': { en: 'exited with code {code}', zh: '已退出，退出码 {code}' },
  'ev.ended-after-signal': {
    en: "ended after {signal} from {by} (exit status not observable: not ProcLab's child)",
    zh: '{by}发送 {signal} 后结束（它不是 ProcLab 的子进程，看不到退出状态）',
  },
  'ev.exit-unknown': {
    en: "exited; exit status unknown (not ProcLab's child, and its parent reaped it before a tick saw it)",
    zh: '已退出；退出状态未知（它不是 ProcLab 的子进程，且在采样看到之前已被父进程回收）',
  },
  'ev.signal': { en: '{signal} sent by {by}: {why}', zh: '{by}发送了 {signal}：{why}' },
  'ev.signal-group': { en: '{signal} sent to process group {pgid} by {by}: {why}', zh: '{by}向进程组 {pgid} 发送了 {signal}：{why}' },
  'ev.signal-foreign': { en: '{signal} sent by the user ({action})', zh: '用户发送了 {signal}（{action}）' },
  // deadlock watchdog
  'dl.suspected': {
    en: 'deadlock suspected: PID {pid}, {threads} threads waiting on {locks} for {secs} s',
    zh: '疑似死锁：PID {pid}，{threads} 个线程在等待{locks}，已 {secs} 秒',
  },
  'dl.suspected-run': {
    en: "deadlock suspected: the run's processes (PID {pid}), {threads} threads waiting on {locks} for {secs} s",
    zh: '疑似死锁：本次运行的进程（PID {pid}），{threads} 个线程在等待{locks}，已 {secs} 秒',
  },
  'dl.withdrawn': { en: 'deadlock no longer suspected: PID {pid} moved again', zh: '不再怀疑死锁：PID {pid} 又动起来了' },
  'dl.ended': { en: 'deadlock no longer suspected: PID {pid} ended', zh: '不再怀疑死锁：PID {pid} 已结束' },
  'dl.locks': { en: '{n} locks', zh: ' {n} 把锁' },
  'dl.one-lock': { en: '1 lock', zh: '同一把锁' },
  'dl.locks-unknown': { en: 'locks (which ones is not readable without ptrace access)', zh: '锁（没有 ptrace 权限，看不出是哪几把）' },
  'dl.holds-waits': { en: 'thread {t} holds {held} and waits for {lock}', zh: '线程 {t} 持有 {held}，等待 {lock}' },
  'dl.waits': { en: 'thread {t} waits for {lock}', zh: '线程 {t} 等待 {lock}' },
  // why a signal was sent / why a run stopped
  'why.daemon-parent': { en: 'declared daemon ended with its parent', zh: '声明的守护进程随父进程结束' },
  'why.action': { en: '{action} requested', zh: '请求{action}' },
  'why.kill-tree': { en: 'kill tree requested', zh: '请求结束进程树' },
  'why.stopped': { en: 'stopped on request', zh: '应请求停止' },
  'why.user-stop': { en: 'stopped by the user', zh: '被用户停止' },
  'why.shutdown': { en: 'app shutdown', zh: '应用关闭' },
  'why.limit-duration': { en: 'limit: ran longer than {limit} (maxDurationMs)', zh: '超出限制：运行时间超过 {limit}（maxDurationMs）' },
  'why.limit-procs': { en: 'limit: more than {limit} processes (maxProcs)', zh: '超出限制：进程数超过 {limit}（maxProcs）' },
  'why.limit-rss': { en: 'limit: memory above {limit} RSS (maxRssBytes)', zh: '超出限制：内存 RSS 超过 {limit}（maxRssBytes）' },
  'why.interrupted': { en: 'interrupted: the app ended during the run', zh: '已中断：运行期间应用结束了' },
  // refusals
  'refuse.init': {
    en: "PID {pid} is the system's init process; ProcLab never signals it.",
    zh: 'PID {pid} 是系统的 init 进程；ProcLab 从不向它发送信号。',
  },
  'refuse.self': { en: 'PID {pid} is ProcLab itself; use Quit instead.', zh: 'PID {pid} 就是 ProcLab 自己；请改用“退出”。' },
  'refuse.ancestor': {
    en: 'PID {pid} is a parent of ProcLab (the program that started it); signalling it would end ProcLab too.',
    zh: 'PID {pid} 是 ProcLab 的父进程（启动它的程序）；向它发送信号会让 ProcLab 也一起结束。',
  },
  'refuse.not-ours-scope': {
    en: 'PID {pid} is not part of a ProcLab run. Switch to the system view and confirm to act on other programs.',
    zh: 'PID {pid} 不属于 ProcLab 的运行。要操作其他程序，请切换到系统视图并确认。',
  },
  'refuse.not-ours-confirm': {
    en: 'PID {pid} is not part of a ProcLab run. Please confirm that you want to signal it.',
    zh: 'PID {pid} 不属于 ProcLab 的运行。请确认你要向它发送信号。',
  },
  'refuse.gone': {
    en: 'Process {pid} is gone (it has exited); nothing was signalled.',
    zh: '进程 {pid} 已经不在了（已退出）；没有发送任何信号。',
  },
  'refuse.reused': {
    en: 'PID {pid} was reused: the process you selected has exited and the number now names a different process; nothing was signalled.',
    zh: 'PID {pid} 已被复用：你选中的进程已经退出，这个编号现在属于另一个进程；没有发送任何信号。',
  },
  'refuse.no-such': { en: 'There is no process with PID {pid}.', zh: '没有 PID 为 {pid} 的进程。' },
  'refuse.zombie': {
    en: 'Process {pid} has already exited (zombie); only its parent can remove it.',
    zh: '进程 {pid} 已经退出（僵尸进程）；只有它的父进程才能清除它。',
  },
  'refuse.not-signalled': {
    en: "Could not send {signal} to {pid}: it exited or is not ProcLab's to signal.",
    zh: '无法向 {pid} 发送 {signal}：它已退出，或不归 ProcLab 发送信号。',
  },
  // requests the service turns down
  'err.no-run': { en: 'no run "{runId}"', zh: '没有运行记录 "{runId}"' },
  'err.no-scenario': { en: 'no scenario "{id}"', zh: '没有场景 "{id}"' },
  'err.batch-running': { en: 'a model comparison is already running', zh: '已有一个模型对比正在运行' },
  'err.no-models': {
    en: 'scenario "{id}" offers none of the models {models} for {runtimes}',
    zh: '场景 "{id}" 在 {runtimes} 下没有这些模型：{models}',
  },
  'err.delete-running': { en: 'run {runId} is still running; stop it first', zh: '运行 {runId} 仍在进行；请先停止它' },
  'err.cwd': { en: 'cwd "{cwd}" is not a directory', zh: '工作目录 "{cwd}" 不是一个目录' },
  'err.could-not-start': { en: 'could not start {program}: {message}', zh: '无法启动 {program}：{message}' },
  'err.could-not-start-in': { en: 'could not start "{program}" in {cwd}: {message}', zh: '无法在 {cwd} 中启动 "{program}"：{message}' },
  'err.shutting-down': { en: 'ProcLab is shutting down', zh: 'ProcLab 正在关闭' },
  // action outcomes
  'ok.sent': { en: 'sent {signal} to {pid}', zh: '已向 {pid} 发送 {signal}' },
  'ok.tree-one': { en: 'killed tree of 1 process', zh: '已结束进程树（1 个进程）' },
  'ok.tree': { en: 'killed tree of {n} processes', zh: '已结束进程树（{n} 个进程）' },
  // platform notes
  'caps.procfs-exit': {
    en: "Exit codes of processes that are not ProcLab's direct children are known only when a tick sees them as zombies.",
    zh: '不是 ProcLab 直接子进程的进程，只有在采样恰好看到它处于僵尸状态时才能知道退出码。',
  },
  'caps.ps-source': {
    en: 'No /proc here: processes come from one `ps` call per tick.',
    zh: '这里没有 /proc：每次采样调用一次 `ps` 获取进程。',
  },
  'caps.ps-threads': { en: 'Threads are not shown (no per-thread CPU on this platform).', zh: '不显示线程（此平台没有逐线程 CPU 数据）。' },
  'caps.ps-identity': {
    en: 'Process identity uses the start time to the second, so PID-reuse protection is weaker.',
    zh: '进程身份只精确到秒级的启动时间，因此对 PID 复用的防护较弱。',
  },
  'caps.ps-daemons': {
    en: 'Daemons are only known when declared; orphans are seen from ppid changes.',
    zh: '守护进程只有在声明时才能识别；孤儿进程通过 ppid 变化识别。',
  },
  'caps.no-waits': {
    en: 'Why a thread waits (lock, sleep, I/O, poll) is read from /proc on Linux only; here threads show their state alone.',
    zh: '线程为何等待（锁、睡眠、I/O、轮询）只能在 Linux 上从 /proc 读取；此处线程只显示状态。',
  },
  'caps.waits-wchan': {
    en: "Wait reasons of other users' processes and non-descendants (without ptrace access) come from wchan: no lock word and no timeout.",
    zh: '其他用户的进程以及非后代进程（没有 ptrace 权限时）的等待原因来自 wchan：没有锁地址，也看不出是否带超时。',
  },
  'caps.win-source': {
    en: 'Windows: CPU and memory from pidusage only; no process states, threads, process groups or system view.',
    zh: 'Windows：CPU 和内存只来自 pidusage；没有进程状态、线程、进程组和系统视图。',
  },
  'caps.win-tree': {
    en: 'Only the program ProcLab started is followed: its child processes are not discovered here.',
    zh: '只跟踪 ProcLab 启动的程序：这里发现不了它的子进程。',
  },
} as const satisfies Record<string, I18nText>;

export type EngineTextCode = keyof typeof ENGINE_TEXTS;
/** A placeholder value: the same in both languages, or already bilingual (a nested text). */
export type TextArg = string | number | I18nText;

/** Fills `{name}` placeholders; an unknown placeholder stays visible so a mistake shows. */
export function fillTemplate(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

/** Free text (a caller's own reason) taken as the same in both languages. */
export function asText(s: string | I18nText): I18nText {
  return typeof s === 'string' ? { en: s, zh: s } : s;
}

/** A run's `reason` (English, as the CLI and reports print it) with its bilingual twin. */
export function reasonFields(t: I18nText): { reason: string; reasonText: I18nText } {
  return { reason: t.en, reasonText: t };
}

/** The engine's words for `code` in both languages. */
export function say(code: EngineTextCode, args: Record<string, TextArg> = {}): I18nText {
  const inLang = (lang: keyof I18nText): Record<string, string | number> =>
    Object.fromEntries(Object.entries(args).map(([k, v]) => [k, typeof v === 'object' ? v[lang] : v]));
  const t: I18nText = ENGINE_TEXTS[code];
  return { en: fillTemplate(t.en, inLang('en')), zh: fillTemplate(t.zh, inLang('zh')) };
}

export const BY_TEXT: Record<ExitCause, I18nText> = {
  user: { en: 'the user', zh: '用户' },
  engine: { en: 'ProcLab', zh: 'ProcLab ' },
  limit: { en: 'a run limit', zh: '运行限制' },
  self: { en: 'the process itself', zh: '进程自身' },
  unknown: { en: 'someone else', zh: '其他程序' },
};

export const ACTION_TEXT: Record<SignalAction, I18nText> = {
  terminate: { en: 'terminate', zh: '终止' },
  kill: { en: 'kill', zh: '强制结束' },
  stop: { en: 'stop', zh: '暂停' },
  continue: { en: 'continue', zh: '继续' },
  'kill-tree': { en: 'kill tree', zh: '结束进程树' },
};
