import { describe, expect, it } from 'vitest';
import type { DeadlockEvent } from '../../../../src/shared/model';
import { exportReport, jsonReportSchema } from '../../../../src/main/core/reports';
import { twoRuns } from '../../runs-fixtures';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

function dl(kind: DeadlockEvent['kind'], ts: number, detail: string): DeadlockEvent {
  return {
    kind,
    ts,
    pid: 100,
    startTime: 7,
    runId: 'run-threads',
    name: 'python3',
    since: ts - 3000,
    thresholdMs: 3000,
    threads: [
      { tid: 100, name: 'python3', word: '0x55d5' },
      { tid: 101, name: 'python3', word: '0x55e0' },
    ],
    locks: [
      { word: '0x55d5', tids: [100] },
      { word: '0x55e0', tids: [101] },
    ],
    source: 'syscall',
    cycle: 'thread 1 holds A and waits for B; thread 2 holds B and waits for A',
    cycleText: {
      en: 'thread 1 holds A and waits for B; thread 2 holds B and waits for A',
      zh: '线程 1 持有 A，等待 B；线程 2 持有 B，等待 A',
    },
    detail,
    text: { en: detail, zh: '疑似死锁：PID 100，2 个线程在等待 2 把锁，已 3 秒' },
  };
}

function runsWithDeadlock() {
  const runs = twoRuns();
  runs[0]!.deadlocks = [
    dl('suspected', runs[0]!.info.startedAt + 4000, 'deadlock suspected: PID 100, 2 threads waiting on 2 locks for 3 s'),
    dl('withdrawn', runs[0]!.info.startedAt + 6000, 'deadlock no longer suspected: PID 100 ended'),
  ];
  return runs;
}

describe('reports keep the deadlock watchdog', () => {
  it('JSON carries the events and still validates; runs without any have none', () => {
    const doc = jsonReportSchema.parse(JSON.parse(exportReport('json', runsWithDeadlock(), 'run-procs', NOW).content));
    expect(doc.runs[0]!.deadlocks?.map((d) => d.kind)).toEqual(['suspected', 'withdrawn']);
    expect(doc.runs[1]!.deadlocks).toBeUndefined();
  });

  it('Markdown has a watchdog section with the line, lock words, cycle and withdrawal', () => {
    const md = exportReport('md', runsWithDeadlock(), 'run-procs', NOW).content;
    expect(md).toContain('## Deadlock watchdog');
    expect(md).toContain('deadlock suspected: PID 100, 2 threads waiting on 2 locks for 3 s');
    expect(md).toContain('0x55d5 (1), 0x55e0 (1)');
    expect(md).toContain('thread 1 holds A and waits for B');
    expect(md).toContain('PID 100 ended');
    expect(exportReport('md', twoRuns(), 'run-procs', NOW).content).not.toContain('Deadlock watchdog');
  });

  it('HTML shows it in both languages', () => {
    const html = exportReport('html', runsWithDeadlock(), 'run-procs', NOW).content;
    expect(html).toContain('Deadlock watchdog · 死锁看门狗');
    expect(html).toContain('疑似死锁：PID 100');
    expect(html).toContain('cycle · 等待环: thread 1 holds A and waits for B');
  });
});

describe('CSV and trace keep the deadlock watchdog too', () => {
  it('CSV counts each run’s suspicions in its own column', async () => {
    const { default: Papa } = await import('papaparse');
    const rows = Papa.parse<Record<string, string>>(exportReport('csv', runsWithDeadlock(), 'run-procs', NOW).content, {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(Object.fromEntries(rows.map((r) => [r['runId'], r['deadlocksSuspected']]))).toEqual({ 'run-threads': '1', 'run-procs': '0' });
  });

  it('the trace has a slice on the stuck process from its still start to the withdrawal, with the watchdog’s words', () => {
    const runs = runsWithDeadlock();
    const trace = JSON.parse(exportReport('trace', runs, 'run-procs', NOW).content) as {
      traceEvents: Array<{ name: string; ph: string; ts: number; dur?: number; pid: number; args?: Record<string, unknown> }>;
    };
    const slices = trace.traceEvents.filter((e) => e.name === 'deadlock suspected');
    expect(slices).toHaveLength(1);
    const s = slices[0]!;
    expect(s.ph).toBe('X');
    expect(s.dur).toBe(5000 * 1000); // from since (start + 1 s) to the withdrawal (start + 6 s), in µs
    expect(s.args?.['cycle']).toContain('thread 1 holds A');
    expect(s.args?.['withdrawn']).toContain('PID 100 ended');
    expect(exportReport('trace', twoRuns(), 'run-procs', NOW).content).not.toContain('deadlock suspected');
  });
});
