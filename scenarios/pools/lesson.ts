import { z } from 'zod';
import type { Claim, RunData, Verdict } from '../../src/shared/model';
import {
  claim,
  defineLesson,
  finishedClaim,
  mergedResult,
  num,
  outputsOf,
  paramNum,
  undecidedClaim,
  verdict,
} from '../../src/main/core/lessons/kit';

/** "3,1,2" → [3, 1, 2] (empty or malformed → []). */
function list(v: unknown): number[] {
  if (typeof v !== 'string' || !v.trim()) return [];
  const xs = v.split(',').map(Number);
  return xs.every(Number.isFinite) ? xs : [];
}
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const same = (a: number[], b: number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const isPermutation = (a: number[], n: number): boolean =>
  same(
    [...a].sort((x, y) => x - y),
    range(n),
  );
/** Completion times may disagree with the yield order by this much: the worker's clock read vs its message's arrival. */
const END_SLACK_MS = 40;

/**
 * When the program wrote a mark: its own clock (`at`, from the kit) where given. The line's
 * arrival (`ts`) can come after the engine already saw what the program did next (the first
 * worker before "pool started", the next pool's worker before "pool shut down") on a busy host.
 */
function markTs(run: RunData, label: string): number | null {
  const o = outputsOf(run, 'mark').find((m) => m.text === label);
  if (!o) return null;
  return typeof o.data?.at === 'number' && Number.isFinite(o.data.at) ? o.data.at : o.ts;
}

/**
 * The workers the ENGINE saw appear while the pool lived: new processes (process pools) or new
 * threads of the root process (thread pools), first seen between "pool started" and "pool shut down".
 * An id seen before the pool started is the runtime's own (Node's helper threads); the programs
 * pause before starting the pool so that a sample falls there, else nothing can be told apart.
 */
function engineWorkers(run: RunData, threads: boolean): { count: number | null; ids: number[] } {
  const from = markTs(run, 'pool started');
  const to = markTs(run, 'pool shut down');
  if (from === null || to === null) return { count: null, ids: [] };
  const root = run.info.rootPid;
  const first = new Map<number, number>();
  const see = (id: number, ts: number) => first.set(id, Math.min(first.get(id) ?? ts, ts));
  if (threads) {
    if (!run.samples.some((s) => s.threads?.length)) return { count: null, ids: [] };
    for (const s of run.samples) for (const t of s.threads ?? []) if (t.pid === root && t.tid !== root) see(t.tid, s.ts);
  } else {
    // A process's 'spawned' event is stamped when the engine found it, so never before it existed;
    // a sample's time is taken before that tick looks for new processes, so it can be. Samples
    // only for a process without the event.
    const spawned = new Set<number>();
    for (const e of run.events) {
      if (e.kind !== 'spawned' || e.pid === root) continue;
      spawned.add(e.pid);
      see(e.pid, e.ts);
    }
    for (const s of run.samples) for (const p of s.procs) if (p.pid !== root && !spawned.has(p.pid)) see(p.pid, s.ts);
  }
  if (!run.samples.some((s) => s.ts < from && s.procs.some((p) => p.pid === root))) return { count: null, ids: [] };
  // A machine so busy that no sample fell while the pool lived saw none of it: not a count of 0.
  if (!run.samples.some((s) => s.ts > from && s.ts < to)) return { count: null, ids: [] };
  const ids = [...first].filter(([, ts]) => ts >= from && ts <= to).map(([id]) => id);
  return { count: ids.length, ids: ids.sort((a, b) => a - b) };
}

/**
 * pools: apply blocks and apply_async overlaps; where callbacks run (the parent for
 * multiprocessing.Pool, a process pool and Node's pool; the finishing worker thread for a
 * thread pool); map keeps input order; as_completed yields in completion order; cancel of a
 * not-started future; shutdown(wait); never more workers than the pool size (the engine counts).
 */
export function poolsVerdict(run: RunData): Verdict {
  const r = mergedResult(run);
  const kind = typeof r.kind === 'string' ? r.kind : 'mp';
  const node = run.info.runtime === 'node';
  const threads = kind === 'threads';
  const n = num(r.tasks) ?? paramNum(run, 'tasks', 0);
  const size = num(r.pool_size) ?? paramNum(run, 'pool_size', 1);
  const taskMs = num(r.task_ms) ?? paramNum(run, 'task_ms', 0);
  const parent = num(r.parent_pid);
  const mainTid = num(r.main_tid);
  const workerIds = list(r.worker_ids);
  const cbPids = list(r.callback_pids);
  const cbTids = list(r.callback_tids);
  const callbacks = num(r.callbacks);
  const applyOverlap = num(r.apply_overlap);
  const asyncOverlap = num(r.async_overlap);
  const applyWall = num(r.apply_wall_ms);
  const asyncWall = num(r.async_wall_ms);
  const wantOverlap = Math.min(size, n);
  const claims: Claim[] = [finishedClaim(run)];

  claims.push(
    claim(
      node || kind !== 'mp' ? 'Waiting on each task in turn (apply’s shape) runs one task at a time' : 'apply() blocks: one task at a time',
      node || kind !== 'mp' ? '逐个等待任务（apply 的方式）时一次只运行一个任务' : 'apply() 会阻塞：一次只运行一个任务',
      applyOverlap === 1 && applyWall !== null && applyWall >= 0.9 * n * taskMs,
      {
        en: `at most ${applyOverlap ?? '?'} task at once; ${n} × ${taskMs} ms took ${applyWall ?? '?'} ms`,
        zh: `同时最多 ${applyOverlap ?? '?'} 个任务；${n} × ${taskMs} 毫秒共用时 ${applyWall ?? '?'} 毫秒`,
      },
    ),
    claim(
      kind === 'mp' && !node ? 'apply_async() overlaps tasks across the pool' : 'submit() overlaps tasks across the pool',
      kind === 'mp' && !node ? 'apply_async() 让任务在池中重叠运行' : 'submit() 让任务在池中重叠运行',
      asyncOverlap !== null && asyncOverlap >= wantOverlap,
      {
        en: `up to ${asyncOverlap ?? '?'} tasks at once (claim: ${wantOverlap}); ${n} tasks took ${asyncWall ?? '?'} ms`,
        zh: `同时最多 ${asyncOverlap ?? '?'} 个任务（论断：${wantOverlap}）；${n} 个任务共用时 ${asyncWall ?? '?'} 毫秒`,
      },
    ),
  );

  // Where the callbacks ran.
  const inParent = parent !== null && parent === run.info.rootPid && cbPids.length === 1 && cbPids[0] === parent;
  const allCalled = callbacks === n;
  const cbMeasured = {
    en: `${callbacks ?? '?'} of ${n} callbacks; ran in pid ${cbPids.join(', ') || '?'}, thread ${cbTids.join(', ') || '?'}; parent pid ${parent ?? '?'} (main thread ${mainTid ?? '?'}); workers ${workerIds.join(', ') || '?'}`,
    zh: `${n} 个回调中运行了 ${callbacks ?? '?'} 个；运行于 PID ${cbPids.join(', ') || '?'}、线程 ${cbTids.join(', ') || '?'}；父进程 PID ${parent ?? '?'}（主线程 ${mainTid ?? '?'}）；工作者 ${workerIds.join(', ') || '?'}`,
  };
  if (threads && !node) {
    claims.push(
      claim(
        'add_done_callback ran in the worker thread that finished the task (same process)',
        'add_done_callback 在完成任务的工作线程中运行（同一进程）',
        allCalled && inParent && cbTids.length > 0 && cbTids.every((t) => workerIds.includes(t)),
        cbMeasured,
      ),
    );
  } else {
    const notInWorker = cbPids.every((p) => !workerIds.includes(p)) && (!node || cbTids.every((t) => t === mainTid));
    claims.push(
      claim(
        node
          ? 'The callbacks ran on the main thread of the parent, not in a worker'
          : 'The callbacks ran in the parent’s PID, not in a worker',
        node ? '回调在父进程的主线程中运行，而不是在工作者中' : '回调在父进程的 PID 中运行，而不是在工作进程中',
        allCalled && inParent && notInWorker,
        cbMeasured,
      ),
    );
  }

  const mapOrder = list(r.map_order);
  const mapEnd = list(r.map_end_order);
  claims.push(
    claim(
      'map() returns results in input order, whatever order they finished in',
      'map() 按输入顺序返回结果，与完成顺序无关',
      same(mapOrder, range(n)),
      {
        en: `results in order ${mapOrder.join(',') || '?'}; finished in order ${mapEnd.join(',') || '?'}`,
        zh: `结果顺序 ${mapOrder.join(',') || '?'}；完成顺序 ${mapEnd.join(',') || '?'}`,
      },
    ),
  );

  if (kind !== 'mp' || node) {
    const order = list(r.ac_order);
    const ends = list(r.ac_end_ms);
    const lengths = list(r.task_lengths);
    const differentLengths = new Set(lengths).size > 1;
    const inCompletionOrder = ends.length === order.length && ends.every((e, i) => i === 0 || e >= ends[i - 1]! - END_SLACK_MS);
    const measured = {
      en: `yielded ${order.join(',') || '?'} (submitted 0…${n - 1}, lengths ${lengths.join(',') || '?'} ms); finished at ${ends.join(',') || '?'} ms`,
      zh: `产出顺序 ${order.join(',') || '?'}（提交顺序 0…${n - 1}，时长 ${lengths.join(',') || '?'} 毫秒）；完成于 ${ends.join(',') || '?'} 毫秒`,
    };
    const text = 'as_completed() yields futures in completion order, not submission order';
    const zh = 'as_completed() 按完成顺序产出 future，而不是提交顺序';
    claims.push(
      size < 2 || !differentLengths
        ? undecidedClaim(text, zh, measured, {
            en: 'a one-worker pool (or tasks of one length) finishes in submission order: nothing to tell apart',
            zh: '只有一个工作者（或任务时长相同）时完成顺序就是提交顺序：无从区分',
          })
        : claim(text, zh, isPermutation(order, n) && inCompletionOrder && !same(order, range(n)), measured),
    );

    const cancelIndex = num(r.cancel_index);
    const ran = outputsOf(run, 'mark').some((o) => o.text?.startsWith(`task cancel:${cancelIndex} start`));
    claims.push(
      claim(
        'cancel() stopped a future that had not started, and its task never ran',
        'cancel() 取消了尚未开始的 future，它的任务从未运行',
        num(r.cancel_ok) === 1 && num(r.cancelled_state) === 1 && cancelIndex !== null && !ran,
        {
          en: `cancel() of task ${cancelIndex ?? '?'} returned ${num(r.cancel_ok) === 1}; its start mark ${ran ? 'was' : 'was not'} seen`,
          zh: `任务 ${cancelIndex ?? '?'} 的 cancel() 返回 ${num(r.cancel_ok) === 1 ? '是' : '否'}；${ran ? '看到了' : '没有看到'}它的开始标记`,
        },
      ),
      claim(
        'shutdown(wait=True) returned after the running tasks; shutdown(wait=False) returned before its task ended',
        'shutdown(wait=True) 在运行中的任务结束后返回；shutdown(wait=False) 在任务结束前就返回',
        num(r.shutdown_all_done) === 1 && num(r.nowait_done_at_return) === 0 && num(r.nowait_done_later) === 1,
        {
          en: `wait=True took ${num(r.shutdown_wait_ms) ?? '?'} ms, all done after: ${num(r.shutdown_all_done) === 1}; wait=False took ${num(r.shutdown_nowait_ms) ?? '?'} ms, task done at return: ${num(r.nowait_done_at_return) === 1}`,
          zh: `wait=True 用时 ${num(r.shutdown_wait_ms) ?? '?'} 毫秒，返回后全部完成：${num(r.shutdown_all_done) === 1 ? '是' : '否'}；wait=False 用时 ${num(r.shutdown_nowait_ms) ?? '?'} 毫秒，返回时任务已完成：${num(r.nowait_done_at_return) === 1 ? '是' : '否'}`,
        },
      ),
    );
  }

  // A fixed set of workers: the program's own count and the engine's.
  const seen = num(r.workers_seen);
  const eng = engineWorkers(run, threads || node);
  const unit = threads || node ? { en: 'threads', zh: '个线程' } : { en: 'processes', zh: '个进程' };
  const poolText = `No more workers than the pool size (${size}) ever existed; they were reused`;
  const poolZh = `存在过的工作者从不超过池大小（${size}），并被反复复用`;
  const poolMeasured = {
    en: `tasks ran in ${seen ?? '?'} workers; the engine saw ${eng.count ?? '?'} new ${unit.en} while the pool lived`,
    zh: `任务运行在 ${seen ?? '?'} 个工作者中；池存在期间引擎看到新出现 ${eng.count ?? '?'} ${unit.zh}`,
  };
  claims.push(
    eng.count === null
      ? undecidedClaim(poolText, poolZh, poolMeasured, {
          en: 'the engine could not count the pool’s workers here (no thread rows, no pool marks, no sample before the pool started or none while it lived)',
          zh: '引擎在这里数不到池的工作者（没有线程行、没有池的标记、池启动前没有样本，或池存在期间没有样本）',
        })
      : claim(poolText, poolZh, seen !== null && seen >= 1 && seen <= size && eng.count >= 1 && eng.count <= size, poolMeasured),
  );

  return verdict(claims, {
    workersSeen: seen ?? NaN,
    engineWorkers: eng.count ?? NaN,
    applyWallMs: applyWall ?? NaN,
    asyncWallMs: asyncWall ?? NaN,
  });
}

const result = z
  .object({
    kind: z.string(),
    pool_size: z.number(),
    tasks: z.number(),
    task_ms: z.number(),
    parent_pid: z.number(),
    main_tid: z.number(),
    apply_wall_ms: z.number(),
    apply_overlap: z.number(),
    async_wall_ms: z.number(),
    async_overlap: z.number(),
    callbacks: z.number(),
    callback_pids: z.string(),
    callback_tids: z.string(),
    task_lengths: z.string(),
    map_order: z.string(),
    map_end_order: z.string(),
    ac_order: z.string(),
    ac_end_ms: z.string(),
    cancel_index: z.number(),
    cancel_ok: z.number(),
    cancelled_state: z.number(),
    shutdown_wait_ms: z.number(),
    shutdown_all_done: z.number(),
    shutdown_nowait_ms: z.number(),
    nowait_done_at_return: z.number(),
    nowait_done_later: z.number(),
    workers_seen: z.number(),
    worker_ids: z.string(),
    wall_ms: z.number(),
  })
  .partial();

export default defineLesson({ result, verdict: poolsVerdict });
