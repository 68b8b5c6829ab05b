import { z } from 'zod';
import type { Claim, RunData, Verdict } from '../../src/shared/model';
import { claim, defineLesson, finishedClaim, outputsOf, relTime, undecidedClaim, verdict } from '../../src/main/core/lessons/kit';

/** The signals the program has a handler for, and what its handler's mark says it did. */
const HANDLED: Record<string, { en: string; zh: string }> = {
  SIGHUP: { en: 'reloads the config file', zh: '重新加载配置文件' },
  SIGUSR1: { en: 'dumps its state', zh: '输出状态' },
  SIGINT: { en: 'cancels the current item', zh: '取消当前这一项' },
  SIGTERM: { en: 'finishes the current item, then exits', zh: '做完当前这一项再退出' },
};

const HANDLER_MARK = /^(SIG[A-Z0-9]+) handler:/;

/** Signals the engine sent to the run's processes (its timeline's signal-sent events), in order. */
function signalsSent(run: RunData): Array<{ signal: string; ts: number }> {
  return run.events
    .filter((e) => e.kind === 'signal-sent')
    .map((e) => ({ signal: /\b(SIG[A-Z0-9]+)\b/.exec(e.detail)?.[1] ?? '', ts: e.ts }))
    .filter((s) => s.signal);
}

/**
 * signals: each handled signal the engine sent is followed by that handler's mark; TERM ends
 * the program with exit code 0 after its current item; SIGKILL cannot be handled (the kernel
 * refuses the handler) and ends the run by signal with no handler mark after it.
 */
export function signalsVerdict(run: RunData, r: Partial<z.infer<typeof result>>): Verdict {
  const sent = signalsSent(run);
  const marks = outputsOf(run, 'mark').map((o) => ({ text: o.text ?? '', ts: o.ts, signal: HANDLER_MARK.exec(o.text ?? '')?.[1] }));
  const claims: Claim[] = [];
  const figures: Record<string, number> = { signalsSent: sent.length, handlerMarks: marks.filter((m) => m.signal).length };
  const exit = run.info.exit;
  // A signal sent from outside this ProcLab (a shell's kill, another instance's CLI) has no
  // signal-sent event here; its handler's mark (or the KILL exit) still shows it arrived.
  const marked = new Set(marks.map((m) => m.signal).filter((n): n is string => !!n && n in HANDLED));
  const killedBySignal = exit?.signal === 'SIGKILL';

  if (!sent.length && !marked.size && !killedBySignal) {
    // A run that crashed is a fail, whether or not anyone pressed a button.
    claims.push(finishedClaim(run));
    claims.push(
      undecidedClaim(
        'Signals reached their handlers',
        '信号到达了各自的处理函数',
        { en: 'no signal sent', zh: '没有发送信号' },
        {
          en: 'no signal was sent during the run: press the buttons on the run page (or run proclab kill --signal HUP <pid>) while it runs',
          zh: '运行期间没有发送任何信号：请在运行时按运行页上的按钮（或执行 proclab kill --signal HUP <pid>）',
        },
      ),
    );
    return verdict(claims, figures);
  }

  const kill = sent.find((s) => s.signal === 'SIGKILL') ?? (killedBySignal ? { signal: 'SIGKILL', ts: exit.at, outside: true } : undefined);
  // One claim per handled signal that was sent (before any KILL: after it nothing runs).
  for (const name of Object.keys(HANDLED)) {
    const times = sent.filter((s) => s.signal === name && (!kill || s.ts < kill.ts)).map((s) => s.ts);
    if (!times.length) {
      const m = marks.find((x) => x.signal === name);
      if (!m) continue;
      claims.push(
        claim(`The ${name} handler ran: the program ${HANDLED[name]!.en}`, `${name} 处理函数运行了：程序${HANDLED[name]!.zh}`, true, {
          en: `sent from outside this ProcLab (no signal-sent event); handler mark at ${relTime(run, m.ts)}: "${m.text}"`,
          zh: `由本 ProcLab 之外发送（没有发送信号的事件）；处理函数标记在 ${relTime(run, m.ts)}："${m.text}"`,
        }),
      );
      figures[`${name.slice(3).toLowerCase()}Marks`] = marks.filter((x) => x.signal === name).length;
      continue;
    }
    const seen = marks.filter((m) => m.signal === name && m.ts >= times[0]!);
    const n = Math.min(times.length, seen.length);
    const first = seen[0];
    claims.push(
      claim(
        `The ${name} handler ran: the program ${HANDLED[name]!.en}`,
        `${name} 处理函数运行了：程序${HANDLED[name]!.zh}`,
        seen.length >= times.length,
        first
          ? {
              en: `sent ${times.length}×, ${n} handler mark(s), first at ${relTime(run, first.ts)}: "${first.text}"`,
              zh: `发送 ${times.length} 次，处理函数标记 ${n} 个，第一个在 ${relTime(run, first.ts)}："${first.text}"`,
            }
          : { en: `sent ${times.length}×, no handler mark after it`, zh: `发送 ${times.length} 次，之后没有处理函数标记` },
      ),
    );
    figures[`${name.slice(3).toLowerCase()}Marks`] = seen.length;
  }

  const term =
    sent.find((s) => s.signal === 'SIGTERM') ??
    (marked.has('SIGTERM') ? { signal: 'SIGTERM', ts: marks.find((m) => m.signal === 'SIGTERM')!.ts } : undefined);
  if (term && (!kill || term.ts < kill.ts)) {
    const graceful = marks.find((m) => m.ts >= term.ts && /^graceful exit/.test(m.text));
    claims.push(
      claim(
        'SIGTERM ends the program gracefully: it finishes its current item and exits with code 0',
        'SIGTERM 让程序优雅结束：做完当前这一项，以退出码 0 退出',
        exit?.code === 0 && !!graceful,
        {
          en: `exit code ${exit?.code ?? exit?.signal ?? '?'}${graceful ? `, "${graceful.text}" at ${relTime(run, graceful.ts)}` : ', no graceful-exit mark'}`,
          zh: `退出码 ${exit?.code ?? exit?.signal ?? '?'}${graceful ? `，${relTime(run, graceful.ts)} 时："${graceful.text}"` : '，没有优雅退出的标记'}`,
        },
      ),
    );
  }

  if (kill) {
    const after = marks.filter((m) => m.ts > kill.ts);
    const refused = r.kill_handler_refused ?? (marks.some((m) => /^no handler for SIGKILL/.test(m.text)) ? 1 : 0);
    claims.push(
      claim(
        'SIGKILL cannot be handled: the kernel refused the handler, and the run ended by signal 9 with no mark after the KILL',
        'SIGKILL 无法被处理：内核拒绝安装处理函数，运行以信号 9 结束，KILL 之后没有任何标记',
        refused === 1 && exit?.signal === 'SIGKILL' && after.length === 0,
        {
          en: `handler refused: ${refused === 1}; ended by ${exit?.signal ?? `exit code ${exit?.code ?? '?'}`}; ${after.length} mark(s) after the KILL at ${relTime(run, kill.ts)}`,
          zh: `处理函数被拒绝：${refused === 1 ? '是' : '否'}；结束方式 ${exit?.signal ?? `退出码 ${exit?.code ?? '?'}`}；${relTime(run, kill.ts)} 的 KILL 之后有 ${after.length} 个标记`,
        },
      ),
    );
    figures.marksAfterKill = after.length;
  }

  if (!claims.length)
    claims.push(
      undecidedClaim(
        'Signals reached their handlers',
        '信号到达了各自的处理函数',
        { en: `sent: ${sent.map((s) => s.signal).join(', ')}`, zh: `已发送：${sent.map((s) => s.signal).join(', ')}` },
        {
          en: `only signals without a handler here were sent (${sent.map((s) => s.signal).join(', ')}): send HUP, USR1, INT, TERM or KILL`,
          zh: `只发送了本程序没有处理函数的信号（${sent.map((s) => s.signal).join(', ')}）：请发送 HUP、USR1、INT、TERM 或 KILL`,
        },
      ),
    );
  // Without a KILL the program ends by itself or by TERM: either way it must end normally.
  if (!kill) claims.unshift(finishedClaim(run));
  return verdict(claims, figures);
}

/** The fields of the program's result line (a KILLed run prints none). */
const result = z
  .object({
    items_done: z.number(),
    reloads: z.number(),
    dumps: z.number(),
    interrupts: z.number(),
    terms: z.number(),
    graceful: z.number(),
    kill_handler_refused: z.number(),
    config_version: z.number(),
  })
  .partial();

export default defineLesson({ result, verdict: signalsVerdict });
