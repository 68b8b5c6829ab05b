import { z } from 'zod';
import type { Claim, RunData, Verdict } from '../../src/shared/model';
import { claim, concatText, defineLesson, joinText, statesSeen, verdict } from '../../src/main/core/lessons/kit';

/**
 * process-states: one process that computes (running), sleeps (sleeping) and waits for IO
 * (sleeping again: the wait is in the kernel). If the user stops it (SIGSTOP) the monitor
 * shows it stopped until it is continued; that part is optional.
 */
export function processStatesVerdict(run: RunData): Verdict {
  const root = run.info.rootPid;
  const seen = statesSeen(run, root);
  const stopSent = run.events.some((e) => e.kind === 'signal-sent' && /stop/i.test(e.detail));
  const list = [...seen].filter((s) => s !== 'unknown').sort();
  // State names stay the kernel's identifiers in both languages, as the timeline shows them.
  const seenText = concatText({ en: 'states seen: ', zh: '观察到的状态：' }, list.length ? joinText(list) : { en: 'none', zh: '无' });
  const claims: Claim[] = [
    claim('The process was seen running (computing)', '观察到进程处于运行态（在计算）', seen.has('running'), seenText),
    claim(
      'The process was seen sleeping (blocked in sleep or IO)',
      '观察到进程处于睡眠/阻塞态（在 sleep 或 IO 中）',
      seen.has('sleeping') || seen.has('disk-wait'),
      seenText,
    ),
    claim(
      'Optional: stopped (SIGSTOP from the Stop button) and continued',
      '可选：被停止（界面上的“暂停”发送 SIGSTOP）后又继续',
      // Only fails if the user did stop it and the monitor never showed it stopped.
      seen.has('stopped') || !stopSent,
      seen.has('stopped')
        ? { en: 'seen stopped', zh: '观察到了 stopped 状态' }
        : stopSent
          ? { en: 'a stop was sent but the state was never seen', zh: '发送了暂停信号，但从未观察到 stopped 状态' }
          : { en: 'not stopped during this run (optional)', zh: '本次运行中没有暂停（可选）' },
    ),
  ];
  return verdict(claims, { statesSeen: list.length, stoppedSeen: seen.has('stopped') ? 1 : 0 });
}

/** The fields of this scenario's result lines (each line has some of them). */
const result = z.object({ cycles: z.number(), cpu_ms: z.number() }).partial();

export default defineLesson({ result, verdict: processStatesVerdict });
