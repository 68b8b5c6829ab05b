import { z } from 'zod';
import type { Claim, RunData, Verdict } from '../../src/shared/model';
import {
  claim,
  concatText,
  defineLesson,
  finishedClaim,
  flag,
  mergedResult,
  num,
  outputsOf,
  samplesEn,
  verdict,
} from '../../src/main/core/lessons/kit';

/**
 * threads-basics: threads live inside one process (same PID), each has its own kernel
 * thread id (TID); Python threads share the module's globals, Node worker threads do not
 * (each has its own JS heap) and share memory only through a SharedArrayBuffer.
 */
export function threadsBasicsVerdict(run: RunData): Verdict {
  const node = run.info.runtime === 'node';
  const r = mergedResult(run);
  const n = num(r.threads) ?? 0;
  const pid = num(r.pid);
  const samePid = num(r.same_pid) === 1 && (run.info.rootPid === null || pid === run.info.rootPid);
  const tids = num(r.distinct_tids) ?? 0;
  const shared = num(r.globals_shared);
  const counter = num(r.shared_counter);
  const expected = num(r.expected_counter);

  // What the engine counted in the process: its thread count at each sample.
  const rootPid = run.info.rootPid ?? pid;
  const counts = run.samples.flatMap((s) => s.procs.filter((p) => p.pid === rootPid).map((p) => ({ ts: s.ts, threads: p.threads })));
  const peak = counts.reduce((a, c) => Math.max(a, c.threads), 0);
  // Node has helper threads of its own (libuv, V8): compare with a sample before the workers started.
  const started =
    outputsOf(run, 'mark').find((o) => /workers? start/i.test(o.text ?? ''))?.ts ??
    outputsOf(run, 'mark').find((o) => /start/i.test(o.text ?? ''))?.ts;
  const before = started !== undefined ? counts.filter((c) => c.ts < started) : [];
  const baseline = node ? (before.length ? Math.min(...before.map((c) => c.threads)) : null) : 1;
  const enginePass = baseline !== null ? peak >= baseline + n : peak >= n + 1;

  const counterText = (en: string, zh: string) => ({
    en: `${en} ${counter ?? '?'} (expected ${expected ?? '?'})`,
    zh: `${zh}为 ${counter ?? '?'}（应为 ${expected ?? '?'}）`,
  });

  const claims: Claim[] = [
    finishedClaim(run),
    claim(
      'Every thread reports the same PID: threads live inside one process',
      '所有线程报告的 PID 相同：线程存在于同一个进程内',
      samePid,
      {
        en: `${n} threads reported pid ${pid ?? '?'} (run root ${run.info.rootPid ?? '?'})`,
        zh: `${n} 个线程报告的 PID 为 ${pid ?? '?'}（运行的根进程 ${run.info.rootPid ?? '?'}）`,
      },
    ),
    claim('Each thread has its own kernel thread id (TID)', '每个线程都有自己的内核线程号（TID）', tids >= n + 1, {
      en: `${tids} distinct TIDs for ${n} threads + the main thread`,
      zh: `${n} 个线程加主线程，共有 ${tids} 个不同的 TID`,
    }),
    node
      ? claim(
          'Worker threads do not share JS globals (each has its own heap); a SharedArrayBuffer is shared',
          'Worker 线程不共享 JS 全局变量（各有自己的堆）；SharedArrayBuffer 才是共享的',
          shared === 0 && counter !== null && counter === expected,
          concatText(
            flag({ en: "main saw the workers' global changes", zh: '主线程看到了 worker 对全局变量的修改' }, shared === 1),
            { en: '; ', zh: '；' },
            counterText('SharedArrayBuffer counter', 'SharedArrayBuffer 计数器'),
          ),
        )
      : claim(
          'Threads share the process’s globals: every thread’s update is visible to main',
          '线程共享进程的全局变量：每个线程的修改主线程都能看到',
          shared === 1 && counter !== null && counter === expected,
          counterText('global counter', '全局计数器'),
        ),
    claim(
      `The monitor counted the extra threads in the process (≥ ${baseline !== null ? `${baseline} + ${n}` : `${n} + 1`})`,
      `监视器在该进程中数到了额外的线程（≥ ${baseline !== null ? `${baseline} + ${n}` : `${n} + 1`}）`,
      enginePass,
      concatText(
        {
          en: `peak ${peak} threads in pid ${rootPid ?? '?'} over ${samplesEn(counts.length)}`,
          zh: `在 ${counts.length} 个样本中，PID ${rootPid ?? '?'} 的线程数峰值为 ${peak}`,
        },
        baseline !== null && { en: `, ${baseline} before the threads started`, zh: `，线程启动前为 ${baseline}` },
      ),
    ),
  ];
  return verdict(claims, { threads: n, distinctTids: tids, peakThreads: peak });
}

/** The fields of this scenario's result lines (each line has some of them). */
const result = z
  .object({
    pid: z.number(),
    threads: z.number(),
    same_pid: z.number(),
    distinct_tids: z.number(),
    active_count: z.number(),
    shared_counter: z.number(),
    expected_counter: z.number(),
    globals_shared: z.number(),
  })
  .partial();

export default defineLesson({ result, verdict: threadsBasicsVerdict });
