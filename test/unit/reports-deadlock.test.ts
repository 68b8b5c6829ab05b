import { describe, expect, it } from 'vitest';
import type { DeadlockEvent } from '../../src/shared/model';
import { exportReport, jsonReportSchema } from '../../src/main/core/reports';
import { twoRuns } from './runs-fixtures';

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
