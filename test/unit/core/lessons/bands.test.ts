import { describe, expect, it } from 'vitest';
import cpuBound, { ONE_THREAD_MAX, PARALLEL_SHARE } from '../../../../scenarios/cpu-bound/lesson';
import ioModels, { POLLING_MIN_CORES, WAITING_MAX_CORES } from '../../../../scenarios/io-models/lesson';
import tcpServer, { BUSY_IDLE_MIN_CORES, WAITING_IDLE_MAX_CORES } from '../../../../scenarios/tcp-server/lesson';
import { evaluateLesson } from '../../../../src/main/core/lessons';
import { makeRun, out, proc, ROOT, series } from '../../../lessons/rundata';

/** A cpu-bound run on 2 cores: progress from t=1 to t=5, with these per-process CPU % while busy. */
function cpuRun(model: string, workers: number, busy: number[]) {
  return makeRun({
    params: { model, workers, work_ms: 3000 },
    samples: series(0, 7, (t) => (t >= 2 && t <= 5 ? busy.map((c, i) => proc(ROOT + i, c)) : [proc(ROOT, 2)])),
    outputs: [
      out('progress', 1, { done: 0, total: workers }),
      out('progress', 5, { done: workers, total: workers }),
      out('result', 5.1, { wall_ms: 4000 }),
    ],
  });
}
const passes = (run: ReturnType<typeof cpuRun>): boolean => evaluateLesson(cpuBound, run).pass;

describe("a lesson's pass band comes from the thresholds its claims use", () => {
  it('cpu-bound, parallel: from PARALLEL_SHARE × min(workers, cores) up to min(workers, cores)', () => {
    const band = cpuBound.band!({ runtime: 'python', params: { model: 'processes', workers: 4 }, cores: 2 })!;
    expect(band).toMatchObject({ from: PARALLEL_SHARE * 2, to: 2 });
    expect(band.label.en).toBe('≥ 1.40 cores on average');
    expect(band.label.zh).toBe('平均 ≥ 1.40 个核');
    // The verdict's line is the band's edge: just above passes, just below fails.
    expect(passes(cpuRun('processes', 4, [2, 71, 71]))).toBe(true); // 1.44
    expect(passes(cpuRun('processes', 4, [2, 68, 68]))).toBe(false); // 1.38
  });

  it('cpu-bound, one thread at a time (Python threads, sequential, async): up to ONE_THREAD_MAX', () => {
    for (const model of ['threads', 'sequential', 'async']) {
      const band = cpuBound.band!({ runtime: 'python', params: { model, workers: 4 }, cores: 2 });
      expect(band).toMatchObject({ from: 0, to: ONE_THREAD_MAX });
    }
    expect(passes(cpuRun('threads', 4, [128]))).toBe(true);
    expect(passes(cpuRun('threads', 4, [133]))).toBe(false);
    // Node worker threads run in parallel: the parallel band.
    expect(cpuBound.band!({ runtime: 'node', params: { model: 'threads', workers: 2 }, cores: 4 })).toMatchObject({
      from: PARALLEL_SHARE * 2,
      to: 2,
    });
  });

  it('io-models: polling costs at least POLLING_MIN_CORES while the reader waits, the other models at most WAITING_MAX_CORES', () => {
    expect(ioModels.band!({ runtime: 'python', params: { model: 'polling' }, cores: 2 })).toMatchObject({ from: POLLING_MIN_CORES, to: 1 });
    const select = ioModels.band!({ runtime: 'python', params: { model: 'select' }, cores: 2 })!;
    expect(select).toMatchObject({ from: 0, to: WAITING_MAX_CORES });
    expect(select.label.en).toBe('≤ 0.20 cores while the reader waits');
  });

  it('tcp-server: the busy model burns at least BUSY_IDLE_MIN_CORES with no client, the others at most WAITING_IDLE_MAX_CORES', () => {
    expect(tcpServer.band!({ runtime: 'node', params: { model: 'busy' }, cores: 2 })).toMatchObject({ from: BUSY_IDLE_MIN_CORES, to: 1 });
    const thread = tcpServer.band!({ runtime: 'python', params: { model: 'thread' }, cores: 2 })!;
    expect(thread).toMatchObject({ from: 0, to: WAITING_IDLE_MAX_CORES });
    expect(thread.label.zh).toBe('没有客户端连接时 ≤ 0.20 个核');
  });
});
