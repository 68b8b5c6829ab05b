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
  'ev.signal-cgroup': { en: "{signal} sent to the run's cgroup by {by}: {why}", zh: '{by}向运行的 cgroup 发送了 {signal}：{why}' },
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
  'dl.suspected-graph': {
    en: 'deadlock suspected: PID {pid} wait for each other ({what}), {threads} threads blocked for {secs} s',
    zh: '疑似死锁：PID {pid} 互相等待（{what}），{threads} 个线程阻塞，已 {secs} 秒',
  },
  'dl.suspected-self': {
    en: 'deadlock suspected: PID {pid} waits for itself ({what}): it writes what only it would read, {threads} threads blocked for {secs} s',
    zh: '疑似死锁：PID {pid} 在等待自己（{what}）：它写入的内容只有它自己会读，{threads} 个线程阻塞，已 {secs} 秒',
  },
  'dl.link-write': {
    en: 'PID {pid} thread {tid} writes {target} (fd {fd}), read by PID {to}',
    zh: 'PID {pid} 的线程 {tid} 写 {target}（fd {fd}），读端在 PID {to}',
  },
  'dl.link-read': {
    en: 'PID {pid} thread {tid} reads {target} (fd {fd}), written by PID {to}',
    zh: 'PID {pid} 的线程 {tid} 读 {target}（fd {fd}），写端在 PID {to}',
  },
  'dl.link-child': { en: 'PID {pid} thread {tid} waits for its child PID {to}', zh: 'PID {pid} 的线程 {tid} 等待子进程 PID {to}' },
  'dl.link-lock': {
    en: 'PID {pid} thread {tid} waits on futex {target}, shared with PID {to}',
    zh: 'PID {pid} 的线程 {tid} 等待 futex {target}，与 PID {to} 共享',
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
  'why.timeout': { en: 'time limit ({limit})', zh: '时间限制（{limit}）' },
  'why.limit-procs': { en: 'process limit ({limit})', zh: '进程数限制（{limit}）' },
  'why.limit-memory': { en: 'memory limit ({limit})', zh: '内存限制（{limit}）' },
  'why.escaped': {
    en: 'ended {n} process(es) of this run that had left its cgroup',
    zh: '结束了本次运行中已离开其 cgroup 的 {n} 个进程',
  },
  'why.limit-procs-kernel': {
    en: 'process limit ({limit}): the kernel refused a fork at the limit',
    zh: '进程数限制（{limit}）：达到限制时内核拒绝了 fork',
  },
  'why.limit-memory-kernel': {
    en: 'memory limit ({limit}): the kernel ended a process at the limit (OOM kill)',
    zh: '内存限制（{limit}）：达到限制时内核结束了一个进程（OOM kill）',
  },
  'why.user-signal': { en: 'ended by the user ({signal})', zh: '被用户结束（{signal}）' },
  'why.interrupted': { en: 'interrupted: the app ended during the run', zh: '已中断：运行期间应用结束了' },
  'why.disk-full': {
    en: 'disk full: the run could not be recorded, so it was stopped',
    zh: '磁盘已满：无法记录此运行，因此已将其停止',
  },
  'why.storage': {
    en: 'storage error ({message}): the run could not be recorded, so it was stopped',
    zh: '存储错误（{message}）：无法记录此运行，因此已将其停止',
  },
  // storage notices (one line each, at start or when they happen)
  'note.journal-damaged': {
    en: 'run journal {file} is damaged (its first line is not a run header); moved aside as {to}',
    zh: '运行日志 {file} 已损坏（第一行不是运行头）；已移到 {to}',
  },
  'note.store-unwritable': {
    en: 'cannot write runs to {dir} ({message}): runs will not be recorded',
    zh: '无法向 {dir} 写入运行记录（{message}）：运行将不会被记录',
  },
  'note.journal-truncated': { en: 'journal truncated', zh: '日志已截断' },
  'note.journal-incomplete': { en: 'journal incomplete (disk full or not writable)', zh: '日志不完整（磁盘已满或不可写）' },
  // refusals
  'refuse.init': {
    en: "PID {pid} is the system's init process; ProcLab never signals it.",
    zh: 'PID {pid} 是系统的 init 进程；ProcLab 从不向它发送信号。',
  },
  'refuse.self': { en: 'PID {pid} is ProcLab itself; use Quit instead.', zh: 'PID {pid} 就是 ProcLab 自己；请改用“退出”。' },
  'refuse.kernel-thread': {
    en: 'PID {pid} is a kernel thread: it ignores signals, so ProcLab does not send any.',
    zh: 'PID {pid} 是内核线程：它会忽略信号，所以 ProcLab 不向它发送信号。',
  },
  'refuse.other-proclab': {
    en: 'PID {pid} is another running ProcLab; quit it from its own window or terminal.',
    zh: 'PID {pid} 是另一个正在运行的 ProcLab；请在它自己的窗口或终端中退出它。',
  },
  'refuse.ancestor': {
    en: 'PID {pid} is a parent of ProcLab (the program that started it); signalling it would end ProcLab too.',
    zh: 'PID {pid} 是 ProcLab 的父进程（启动它的程序）；向它发送信号会让 ProcLab 也一起结束。',
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
  'err.run-elsewhere': {
    en: 'run "{runId}" is not supervised by this ProcLab (another host started it); stop it there',
    zh: '运行 "{runId}" 不由这个 ProcLab 监管（由另一个宿主启动）；请在那里停止它',
  },
  'err.no-scenario': { en: 'no scenario "{id}"', zh: '没有场景 "{id}"' },
  'err.batch-running': { en: 'a model comparison is already running', zh: '已有一个模型对比正在运行' },
  'err.no-models': {
    en: 'scenario "{id}" offers none of the models {models} for {runtimes}',
    zh: '场景 "{id}" 在 {runtimes} 下没有这些模型：{models}',
  },
  'err.delete-running': { en: 'run {runId} is still running; stop it first', zh: '运行 {runId} 仍在进行；请先停止它' },
  'err.disk-full': { en: 'disk full: the run cannot be recorded', zh: '磁盘已满：无法记录此运行' },
  'err.storage': { en: 'cannot record the run: storage error ({message})', zh: '无法记录此运行：存储错误（{message}）' },
  'err.journal-too-big': {
    en: 'run {runId} has a journal of {size} MB, too big to read whole; page it with runs.get',
    zh: '运行 {runId} 的日志有 {size} MB，太大，无法整体读取；请用 runs.get 分页读取',
  },
  'err.cwd': { en: 'cwd "{cwd}" is not a directory', zh: '工作目录 "{cwd}" 不是一个目录' },
  'err.could-not-start': { en: 'could not start {program}: {message}', zh: '无法启动 {program}：{message}' },
  'err.could-not-start-in': { en: 'could not start "{program}" in {cwd}: {message}', zh: '无法在 {cwd} 中启动 "{program}"：{message}' },
  'err.shutting-down': { en: 'ProcLab is shutting down', zh: 'ProcLab 正在关闭' },
  'err.rate-limited': {
    en: 'too many commands from this connection ({limit} a second at most): this one was not run, try again shortly',
    zh: '此连接发送的命令过多（每秒最多 {limit} 条）：本条命令未执行，请稍后重试',
  },
  'err.too-many-runs': {
    en: 'at most {max} runs may go at once: stop one or wait for one to end',
    zh: '最多只能同时进行 {max} 个运行：请先停止一个，或等待某个运行结束',
  },
  // action outcomes
  'ok.sent': { en: 'sent {signal} to {pid}', zh: '已向 {pid} 发送 {signal}' },
  'ok.tree-one': { en: 'killed tree of 1 process', zh: '已结束进程树（1 个进程）' },
  'ok.tree': { en: 'killed tree of {n} processes', zh: '已结束进程树（{n} 个进程）' },
  // platform notes
  'caps.cgroup': {
    en: 'Each run has a cgroup of its own: every process it starts stays in it (setsid and double forks included), and stopping the run ends them all.',
    zh: '每次运行都有自己的 cgroup：它启动的每个进程都留在其中（包括 setsid 和两次 fork），停止运行会结束全部进程。',
  },
  'caps.no-cgroup': {
    en: 'Containment is weaker here: no writable cgroup v2 tree (needs root or a delegated cgroup), so a run is followed by its process group, session and parentage only, and a program that detaches (setsid after a double fork) can escape it. Limits are weaker too: the process limit is held by the kernel only as RLIMIT_NPROC, which counts every process of the user and does not hold root, and memory is checked by sampling, so a fast allocation overshoots it between two looks.',
    zh: '这里的隔离较弱：没有可写的 cgroup v2 目录树（需要 root 或委派的 cgroup），所以只能通过进程组、会话和父子关系跟踪运行，脱离的程序（两次 fork 后 setsid）可能逃出。限制也较弱：进程数限制仅以 RLIMIT_NPROC 由内核执行，它统计该用户的所有进程，且对 root 无效；内存只靠采样检查，快速分配会在两次采样之间超出限制。',
  },
  'caps.mem-cgroup-v2': {
    en: "A run's memory is its cgroup's memory.current, as the kernel counts it.",
    zh: '运行的内存取自其 cgroup 的 memory.current，即内核的计数。',
  },
  'caps.mem-cgroup-v1': {
    en: "A run's memory is its v1 memory cgroup's usage, as the kernel counts it (shared pages once).",
    zh: '运行的内存取自其 v1 memory cgroup 的用量，即内核的计数（共享页只算一次）。',
  },
  'caps.mem-pss': {
    en: "A run's memory is the sum of its processes' PSS (shared pages split between them), read every few seconds.",
    zh: '运行的内存是其各进程 PSS 之和（共享页按进程分摊），每隔几秒读取一次。',
  },
  'caps.mem-rss': {
    en: "A run's memory is the sum of its processes' RSS: pages they share (copy-on-write after fork) count once per process, so it reads high.",
    zh: '运行的内存是其各进程 RSS 之和：它们共享的页（fork 后的写时复制）按进程重复计算，所以读数偏高。',
  },
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
  'caps.no-schedstat': {
    en: 'This kernel gives no per-thread scheduler counts (schedstat): thread lanes show the state seen at each look, not the share of each interval spent running, queued or blocked.',
    zh: '此内核不提供每个线程的调度计数（schedstat）：线程泳道显示每次查看时的状态，而不是每段时间中运行、排队或阻塞所占的比例。',
  },
  'caps.win-source': {
    en: 'Windows: CPU and memory from pidusage only; no process states, threads, process groups or system view.',
    zh: 'Windows：CPU 和内存只来自 pidusage；没有进程状态、线程、进程组和系统视图。',
  },
  'caps.win-tree': {
    en: 'Only the program ProcLab started is followed: its child processes are not discovered here.',
    zh: '只跟踪 ProcLab 启动的程序：这里发现不了它的子进程。',
  },
  // monitor: network bytes, priorities, affinity
  'net.no-ss': {
    en: 'per-connection byte counters need `ss` (iproute2), which is not installed',
    zh: '每个连接的字节计数需要 `ss`（iproute2），但它没有安装',
  },
  'net.ss-failed': { en: '`ss` could not be run: {error}', zh: '无法运行 `ss`：{error}' },
  'net.not-linux': { en: 'per-process sockets need Linux /proc', zh: '按进程查看套接字需要 Linux 的 /proc' },
  'refuse.nice-range': {
    en: 'nice must be an integer from -20 to 19, not {nice}',
    zh: 'nice 值必须是 -20 到 19 之间的整数，而不是 {nice}',
  },
  'refuse.nice-privilege': {
    en: 'Raising the priority of PID {pid} (nice {from} → {to}) needs privileges (root or CAP_SYS_NICE, or a higher RLIMIT_NICE); nothing was changed.',
    zh: '提高 PID {pid} 的优先级（nice {from} → {to}）需要特权（root、CAP_SYS_NICE 或更高的 RLIMIT_NICE）；没有做任何更改。',
  },
  'refuse.nice-failed': { en: 'Could not renice PID {pid}: {error}', zh: '无法调整 PID {pid} 的 nice 值：{error}' },
  'ok.reniced': {
    en: 'nice of PID {pid}: {from} → {to} ({threads} threads)',
    zh: 'PID {pid} 的 nice 值：{from} → {to}（{threads} 个线程）',
  },
  'ok.nice-same': { en: 'nice of PID {pid} is already {to}', zh: 'PID {pid} 的 nice 值已经是 {to}' },
  'refuse.affinity-cores': {
    en: 'Cores "{cores}" are not a list of this machine\'s cores (0–{max}), e.g. "0", "0,2" or "0-1".',
    zh: '"{cores}" 不是本机核心（0–{max}）的列表，例如 "0"、"0,2" 或 "0-1"。',
  },
  'refuse.affinity-unsupported': {
    en: 'CPU affinity needs Linux and `taskset` (util-linux); nothing was changed.',
    zh: '设置 CPU 亲和性需要 Linux 和 `taskset`（util-linux）；没有做任何更改。',
  },
  'refuse.affinity-failed': { en: 'Could not set the CPU affinity of PID {pid}: {error}', zh: '无法设置 PID {pid} 的 CPU 亲和性：{error}' },
  'ok.affinity': {
    en: 'PID {pid} may now run on cores {cores} (was {from})',
    zh: 'PID {pid} 现在可以在核心 {cores} 上运行（原为 {from}）',
  },
  'refuse.change-not-ours-confirm': {
    en: 'PID {pid} is not part of a ProcLab run. Please confirm that you want to change its priority or cores.',
    zh: 'PID {pid} 不属于 ProcLab 的运行。请确认你要更改它的优先级或核心。',
  },
  'refuse.change-kernel-thread': {
    en: 'PID {pid} is a kernel thread: the kernel runs it where and how it needs, so ProcLab does not change its priority or cores.',
    zh: 'PID {pid} 是内核线程：内核按自己的需要安排它的运行，所以 ProcLab 不更改它的优先级或核心。',
  },
  'refuse.change-other-proclab': {
    en: 'PID {pid} is another running ProcLab; ProcLab does not change its priority or cores.',
    zh: 'PID {pid} 是另一个正在运行的 ProcLab；ProcLab 不更改它的优先级或核心。',
  },
  'refuse.change-gone': {
    en: 'Process {pid} is gone (it has exited); nothing was changed.',
    zh: '进程 {pid} 已经不在了（已退出）；没有做任何更改。',
  },
  'refuse.change-reused': {
    en: 'PID {pid} was reused: the process you selected has exited and the number now names a different process; nothing was changed.',
    zh: 'PID {pid} 已被复用：你选中的进程已经退出，这个编号现在属于另一个进程；没有做任何更改。',
  },
  'details.reused': {
    en: 'PID {pid} now names a different process than the one you selected (the old one exited).',
    zh: 'PID {pid} 现在指的是另一个进程，而不是你选中的那个（原进程已退出）。',
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
  signal: { en: 'send a signal', zh: '发送信号' },
};
