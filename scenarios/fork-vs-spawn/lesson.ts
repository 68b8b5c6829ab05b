import { z } from 'zod';
import type { Claim, RunData, Verdict } from '../../src/shared/model';
import { claim, concatText, defineLesson, finishedClaim, fmt, mergedResult, num, verdict } from '../../src/main/core/lessons/kit';

/**
 * fork-vs-spawn: on Linux, fork copies the running parent (copy-on-write), so a child is
 * ready at once; spawn starts a fresh interpreter that re-imports the module. Node has no
 * Unix fork: its child_process.fork() is a spawn of a new Node with an IPC channel.
 */
export function forkVsSpawnVerdict(run: RunData): Verdict {
  const r = mergedResult(run);
  const fork = num(r.fork_ms);
  const spawn = num(r.spawn_ms);
  const forkserver = num(r.forkserver_ms);
  const worker = num(r.worker_ms);
  const count = num(r.count);
  const figures: Record<string, number> = {
    forkMs: fork ?? NaN,
    spawnMs: spawn ?? NaN,
    forkserverMs: forkserver ?? NaN,
    workerMs: worker ?? NaN,
  };
  const ms = (v: number | null) => (v === null ? '?' : `${fmt(v, 1)} ms`);
  const perProcess = { en: `per process (${count ?? '?'} each): `, zh: `每个进程的启动耗时（每种各 ${count ?? '?'} 个）：` };
  const claims: Claim[] = [finishedClaim(run)];
  if (run.info.runtime === 'node') {
    claims.push(
      claim(
        "Node's child_process.fork() is not a Unix fork: it starts a whole new Node, costing about as much as spawn (≥ 0.5×)",
        'Node 的 child_process.fork() 不是 Unix 的 fork：它启动一个全新的 Node，开销与 spawn 相当（≥ 0.5×）',
        fork !== null && spawn !== null && spawn > 0 && fork >= 0.5 * spawn,
        concatText(
          perProcess,
          { en: `fork ${ms(fork)}, spawn ${ms(spawn)}`, zh: `fork ${ms(fork)}，spawn ${ms(spawn)}` },
          worker !== null && { en: `, worker thread ${ms(worker)}`, zh: `，worker 线程 ${ms(worker)}` },
        ),
      ),
    );
  } else {
    claims.push(
      claim(
        'On Linux, fork starts a process faster than spawn (no fresh interpreter, no re-import)',
        '在 Linux 上，fork 启动进程比 spawn 快（无需新解释器、无需重新导入模块）',
        fork !== null && spawn !== null && fork < spawn,
        concatText(
          perProcess,
          {
            en: `fork ${ms(fork)}, forkserver ${ms(forkserver)}, spawn ${ms(spawn)}`,
            zh: `fork ${ms(fork)}，forkserver ${ms(forkserver)}，spawn ${ms(spawn)}`,
          },
          fork && spawn
            ? { en: `: spawn costs ${fmt(spawn / fork, 1)}× fork`, zh: `：spawn 的开销是 fork 的 ${fmt(spawn / fork, 1)} 倍` }
            : null,
        ),
      ),
    );
  }
  return verdict(claims, figures);
}

/** The fields of this scenario's result lines (each line has some of them). */
const result = z
  .object({ count: z.number(), fork_ms: z.number(), spawn_ms: z.number(), forkserver_ms: z.number(), worker_ms: z.number() })
  .partial();

export default defineLesson({ result, verdict: forkVsSpawnVerdict });
