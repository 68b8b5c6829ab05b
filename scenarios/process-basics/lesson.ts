import { z } from 'zod';
import { asText } from '../../src/shared/engine-texts';
import type { Claim, RunData, Verdict } from '../../src/shared/model';
import {
  claim,
  concatText,
  defineLesson,
  finishedClaim,
  flag,
  fmt,
  joinText,
  mergedResult,
  num,
  paramNum,
  paren,
  verdict,
} from '../../src/main/core/lessons/kit';

/**
 * process-basics: a child is a separate process (own pid, our pid as its ppid), join waits
 * for it, terminate only asks the OS (the child dies a moment later), and a child's change
 * to a global stays in the child.
 */
export function processBasicsVerdict(run: RunData): Verdict {
  const node = run.info.runtime === 'node';
  const r = mergedResult(run);
  const parent = num(r.parent_pid);
  const kids = [
    { how: asText(node ? 'fork()' : 'Process(target=…)'), pid: num(r.child1_pid), ppid: num(r.child1_ppid) },
    { how: node ? asText('spawn()') : { en: 'Process subclass', zh: 'Process 子类' }, pid: num(r.child2_pid), ppid: num(r.child2_ppid) },
  ];
  const own = kids.every((k) => k.pid !== null && parent !== null && k.pid !== parent && k.ppid === parent);
  const seenPids = new Set<number>();
  for (const e of run.events) if (e.kind === 'spawned' && e.pid !== run.info.rootPid) seenPids.add(e.pid);
  for (const s of run.samples) for (const p of s.procs) if (p.pid !== run.info.rootPid) seenPids.add(p.pid);
  const engineSaw = kids.filter((k) => k.pid !== null && seenPids.has(k.pid)).length;

  const aliveBefore = num(r.alive_before_join);
  const aliveAfter = num(r.alive_after_join);
  const aliveAfterTerm = num(r.alive_after_terminate);
  const deadLater = num(r.dead_after_terminate);
  const termDelay = num(r.terminate_delay_ms);
  // With a SIGTERM handler (cleanup_ms > 0) the child must still be alive right after the
  // call; without one it may die within microseconds, so only "gone afterwards" is required.
  const graceful = paramNum(run, 'cleanup_ms', 200) > 0;
  const gInit = r.global_initial;
  const gChild = r.global_in_child;
  const gParent = r.global_in_parent;
  const ways = joinText(kids.map((k) => k.how));
  const delay = termDelay !== null ? fmt(termDelay, 1) : '?';

  const claims: Claim[] = [
    finishedClaim(run),
    claim(
      `Both ways (${ways.en}) start a child with its own PID whose parent PID is ours`,
      `两种方式（${ways.zh}）都启动了拥有自己 PID 的子进程，其父 PID 是我们`,
      own,
      joinText(
        [
          { en: `parent ${parent ?? '?'}`, zh: `父进程 ${parent ?? '?'}` },
          ...kids.map((k) =>
            concatText(k.how, { en: `: pid ${k.pid ?? '?'}, ppid ${k.ppid ?? '?'}`, zh: `：PID ${k.pid ?? '?'}，父 PID ${k.ppid ?? '?'}` }),
          ),
          { en: `the engine saw ${engineSaw} of them`, zh: `引擎看到了其中 ${engineSaw} 个` },
        ],
        'clause',
      ),
    ),
    claim(
      `${node ? "Waiting for 'exit'" : 'join()'} waits for the child: alive before, gone after`,
      `${node ? "等待 'exit' 事件" : 'join()'}会等子进程结束：之前存活，之后结束`,
      aliveBefore === 1 && aliveAfter === 0,
      concatText(
        flag({ en: 'alive before', zh: '之前存活' }, aliveBefore === 1),
        { en: ', ', zh: '，' },
        flag({ en: 'alive after', zh: '之后存活' }, aliveAfter === 1),
      ),
    ),
    claim(
      `${node ? 'kill()' : 'terminate()'} only sends a signal: the child is still alive right after the call and gone a moment later`,
      `${node ? 'kill()' : 'terminate()'} 只是发出信号：调用刚返回时子进程仍存活，片刻之后才结束`,
      (aliveAfterTerm === 1 || !graceful) && deadLater === 1,
      concatText(
        joinText(
          [
            flag({ en: 'alive right after the call', zh: '调用刚返回时存活' }, aliveAfterTerm === 1),
            flag({ en: `gone after ${delay} ms`, zh: `${delay} ms 后已结束` }, deadLater === 1),
          ],
          'clause',
        ),
        paren(!graceful && { en: 'no SIGTERM handler: only the end is checked', zh: '没有 SIGTERM 处理函数：只检查它最终是否结束' }),
      ),
    ),
    claim(
      "Memory is not shared: the child's change to a global is invisible to the parent",
      '进程间内存不共享：子进程修改全局变量，父进程看不到',
      gInit !== undefined && gChild !== undefined && String(gChild) !== String(gInit) && String(gParent) === String(gInit),
      {
        en: `global starts as ${String(gInit)}; the child set it to ${String(gChild)}; the parent still reads ${String(gParent)}`,
        zh: `全局变量初始为 ${String(gInit)}；子进程把它改成 ${String(gChild)}；父进程读到的仍是 ${String(gParent)}`,
      },
    ),
  ];
  return verdict(claims, { childrenSeenByEngine: engineSaw, terminateDelayMs: termDelay ?? NaN });
}

/** The fields of this scenario's result lines (each line has some of them). */
const result = z
  .object({
    parent_pid: z.number(),
    child1_pid: z.number(),
    child1_ppid: z.number(),
    child2_pid: z.number(),
    child2_ppid: z.number(),
    alive_before_join: z.number(),
    alive_after_join: z.number(),
    alive_after_terminate: z.number(),
    dead_after_terminate: z.number(),
    terminate_delay_ms: z.number(),
    global_initial: z.number(),
    global_in_child: z.number(),
    global_in_parent: z.number(),
  })
  .partial();

export default defineLesson({ result, verdict: processBasicsVerdict });
