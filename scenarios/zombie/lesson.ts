import { z } from 'zod';
import type { Claim, RunData, Verdict } from '../../src/shared/model';
import { claim, concatText, defineLesson, fmt, mergedResult, num, paren, relTime, verdict } from '../../src/main/core/lessons/kit';

/**
 * zombie: a child that exited while its parent did not wait for it stays in the process
 * table as a zombie (state Z) until the parent reaps it with wait/waitpid.
 */
export function zombieVerdict(run: RunData): Verdict {
  const r = mergedResult(run);
  const child = num(r.child_pid);
  const zTimes: number[] = [];
  for (const s of run.samples) for (const p of s.procs) if ((child === null || p.pid === child) && p.state === 'zombie') zTimes.push(s.ts);
  for (const e of run.events)
    if ((child === null || e.pid === child) && (e.kind === 'state-changed' || e.kind === 'spawned') && e.state === 'zombie')
      zTimes.push(e.ts);
  const zombiePid = child ?? run.samples.flatMap((s) => s.procs).find((p) => p.state === 'zombie')?.pid ?? null;
  const first = zTimes.length ? Math.min(...zTimes) : NaN;
  const last = zTimes.length ? Math.max(...zTimes) : NaN;

  // Gone: the engine recorded its exit after the last zombie sighting, or a later sample no longer lists it.
  let goneAt: number | null = null;
  if (zombiePid !== null && zTimes.length) {
    const ex = run.events.find((e) => e.pid === zombiePid && e.kind === 'exited');
    if (ex && (ex.exit?.at ?? ex.ts) >= first) goneAt = ex.ts;
    const later = run.samples.find((s) => s.ts > last && !s.procs.some((p) => p.pid === zombiePid && p.state !== 'dead'));
    if (later && (goneAt === null || later.ts < goneAt)) goneAt = later.ts;
  }
  // The program's own word that it reaped the child: its result line, else its "reaped …" mark
  // (the earlier "… not reaped" mark also contains the word, so the mark must start with it).
  const reapedAt =
    run.outputs.find((o) => o.kind === 'result' && o.data?.reaped !== undefined)?.ts ??
    run.outputs.find((o) => o.kind === 'mark' && /^reaped\b/i.test(o.text ?? ''))?.ts;

  const claims: Claim[] = [
    claim(
      'The exited child was seen as a zombie (state Z) while the parent had not waited for it',
      '子进程退出后、父进程尚未 wait 时，它以僵尸（状态 Z）出现',
      zTimes.length > 0,
      zTimes.length
        ? {
            en: `pid ${zombiePid} seen as zombie ${zTimes.length} times over ${fmt((last - first) / 1000, 1)} s`,
            zh: `在 ${fmt((last - first) / 1000, 1)} s 内 ${zTimes.length} 次看到 PID ${zombiePid} 处于僵尸状态`,
          }
        : { en: `pid ${child ?? '?'} was never seen in state zombie`, zh: `从未看到 PID ${child ?? '?'} 处于僵尸状态` },
    ),
    claim(
      'After waitpid() reaped it, the zombie was gone',
      '父进程调用 waitpid() 回收后，僵尸消失了',
      goneAt !== null,
      goneAt !== null
        ? concatText(
            {
              en: `gone ${fmt((goneAt - last) / 1000, 1)} s after the last zombie sighting`,
              zh: `最后一次看到僵尸后 ${fmt((goneAt - last) / 1000, 1)} s 就消失了`,
            },
            paren(!!reapedAt && { en: `reaped at ${relTime(run, reapedAt)}`, zh: `于 ${relTime(run, reapedAt)} 被回收` }),
          )
        : { en: 'still listed, or never seen as a zombie', zh: '仍在进程列表中，或从未以僵尸出现' },
    ),
  ];
  return verdict(claims, { zombieSightings: zTimes.length, zombieSeconds: zTimes.length ? (last - first) / 1000 : 0 });
}

/** The fields of this scenario's result lines (each line has some of them). */
const result = z
  .object({ child_pid: z.number(), parent_pid: z.number(), reaped: z.number(), seen_state: z.string(), exit_code: z.number() })
  .partial();

export default defineLesson({ result, verdict: zombieVerdict });
