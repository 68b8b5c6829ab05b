import { z } from 'zod';
import type { Claim, RunData, Verdict } from '../../src/shared/model';
import {
  claim,
  concatText,
  defineLesson,
  endTs,
  exitTs,
  fmt,
  joinText,
  mergedResult,
  num,
  outputsOf,
  relTime,
  sampleIntervalMs,
  verdict,
} from '../../src/main/core/lessons/kit';

/**
 * daemon: a daemon child is ended when its parent is done (Python: when the main code ends,
 * multiprocessing terminates daemonic children; Node: the parent kills it in its exit
 * handler), while a non-daemon child keeps the parent waiting until it finishes.
 */
export function daemonVerdict(run: RunData): Verdict {
  const node = run.info.runtime === 'node';
  const r = mergedResult(run);
  const declared = run.events.find((e) => e.kind === 'daemon')?.pid;
  const daemonPid = num(r.daemon_pid) ?? declared ?? null;
  const nonDaemonPid = num(r.nondaemon_pid);
  const root = run.info.rootPid ?? num(r.parent_pid);
  const mainEnd = outputsOf(run, 'result').find((o) => o.data?.main_ended !== undefined)?.ts ?? null;
  // A terminated daemon can sit as a zombie until the parent's exit handler joins it (after
  // the non-daemon, if the set of children iterates that way): it ended when it went zombie.
  const dEnd = daemonPid !== null ? endTs(run, daemonPid) : { at: null, zombieUntil: null };
  const dExit = dEnd.at;
  const nExit = nonDaemonPid !== null ? endTs(run, nonDaemonPid).at : null;
  const rExit = root !== null ? exitTs(run, root) : null;
  // Descendants' exits are noticed at the next tick, so allow one interval plus a little.
  const tol = sampleIntervalMs(run) + 750;
  const parentEnd = node ? rExit : mainEnd;
  const daemonLife = num(r.daemon_would_run_ms);
  const rel = (t: number | null) => relTime(run, t);

  const declaredSeen = daemonPid !== null && run.events.some((e) => e.kind === 'daemon' && e.pid === daemonPid);
  const endedWithParent =
    dExit !== null &&
    parentEnd !== null &&
    dExit >= parentEnd - 250 &&
    dExit <= parentEnd + tol &&
    (nExit === null || dExit <= nExit + tol);
  const waited = rExit !== null && nExit !== null && mainEnd !== null && rExit >= nExit - tol && rExit - mainEnd >= 500;

  const claims: Claim[] = [
    claim(
      `The daemon child ended together with its parent (${node ? 'killed in the parent’s exit handler' : 'when the main code ended'}), long before its own work would`,
      `守护子进程随父进程一起结束（${node ? '由父进程的 exit 处理函数结束' : '主代码结束时'}），远早于它自己的工作完成`,
      endedWithParent,
      joinText(
        [
          concatText(
            { en: `daemon ${daemonPid ?? '?'} ended at ${rel(dExit)}`, zh: `守护进程 ${daemonPid ?? '?'} 于 ${rel(dExit)} 结束` },
            dEnd.zombieUntil !== null && {
              en: ` (a zombie until reaped at ${rel(dEnd.zombieUntil)})`,
              zh: `（之后一直是僵尸，直到 ${rel(dEnd.zombieUntil)} 被回收）`,
            },
          ),
          node
            ? { en: `parent exited at ${rel(parentEnd)}`, zh: `父进程于 ${rel(parentEnd)} 退出` }
            : { en: `parent main code ended at ${rel(parentEnd)}`, zh: `父进程的主代码于 ${rel(parentEnd)} 结束` },
          !!daemonLife && { en: `it would have run ${fmt(daemonLife / 1000, 0)} s`, zh: `它本来要运行 ${fmt(daemonLife / 1000, 0)} s` },
          declaredSeen && { en: 'declared as daemon', zh: '已声明为守护进程' },
        ],
        'clause',
      ),
    ),
    claim(
      'The non-daemon child kept the parent waiting: the parent exited only after it',
      '非守护子进程让父进程一直等待：父进程在它之后才退出',
      waited,
      {
        en: `main code ended at ${rel(mainEnd)}, non-daemon ${nonDaemonPid ?? '?'} ended at ${rel(nExit)}, parent exited at ${rel(rExit)}`,
        zh: `主代码于 ${rel(mainEnd)} 结束，非守护子进程 ${nonDaemonPid ?? '?'} 于 ${rel(nExit)} 结束，父进程于 ${rel(rExit)} 退出`,
      },
    ),
  ];
  return verdict(claims, {
    daemonExitAfterParentMs: dExit !== null && parentEnd !== null ? dExit - parentEnd : NaN,
    parentWaitedMs: rExit !== null && mainEnd !== null ? rExit - mainEnd : NaN,
  });
}

/** The fields of this scenario's result lines (each line has some of them). */
const result = z
  .object({
    main_ended: z.number(),
    parent_pid: z.number(),
    daemon_pid: z.number(),
    nondaemon_pid: z.number(),
    daemon_would_run_ms: z.number(),
  })
  .partial();

export default defineLesson({ result, verdict: daemonVerdict });
