import { describe, expect, it } from 'vitest';
import type { RunSample } from '../../src/shared/model';
import { connPointOf, connSeries } from '../../src/renderer/src/runs/connections';
import { liveFromRunData } from '../../src/renderer/src/store/state';
import { proc, run, sample as fixtureSample } from './runs-fixtures';

function sample(ts: number, procs: Array<{ pid: number; tcp?: Record<string, number> }>): RunSample {
  return fixtureSample(
    ts,
    procs.map((p) => proc(p.pid, 0, p.tcp ? { tcp: p.tcp } : {})),
  );
}

describe('run connections series', () => {
  it('is null when no sample counted TCP sockets (the card stays hidden)', () => {
    const pts = [sample(1000, [{ pid: 10 }]), sample(2000, [{ pid: 10 }])].map(connPointOf);
    expect(connSeries(pts, 0)).toBeNull();
    expect(connSeries([], 0)).toBeNull();
  });

  it('sums ESTABLISHED and LISTEN across processes and charts each process when few', () => {
    const pts = [
      sample(1000, [{ pid: 10, tcp: { LISTEN: 1 } }]),
      sample(3000, [{ pid: 10, tcp: { LISTEN: 1, ESTABLISHED: 2, TIME_WAIT: 5 } }, { pid: 11, tcp: { ESTABLISHED: 3 } }, { pid: 12 }]),
    ].map(connPointOf);
    const s = connSeries(pts, 1000)!;
    expect(s.pids).toEqual([10, 11]);
    expect(s.peakEstablished).toBe(5);
    expect(s.rows).toEqual([
      { t: 0, established: 0, listen: 1, p10: 0, p11: 0 },
      { t: 2, established: 5, listen: 1, p10: 2, p11: 3 },
    ]);
  });

  it('keeps only the totals when many processes held connections (process per connection)', () => {
    const procs = Array.from({ length: 6 }, (_, i) => ({ pid: 100 + i, tcp: { ESTABLISHED: 1 } }));
    const s = connSeries([connPointOf(sample(5000, [{ pid: 1, tcp: { LISTEN: 2 } }, ...procs]))], 4000)!;
    expect(s.pids).toEqual([]);
    expect(s.rows).toEqual([{ t: 1, established: 6, listen: 2 }]);
  });

  it('a finished run read back from its journal carries its connections to the run view', () => {
    const data = run(
      { startedAt: 1000 },
      { samples: [sample(1000, [{ pid: 100 }]), sample(3000, [{ pid: 100, tcp: { LISTEN: 1, ESTABLISHED: 4 } }])] },
    );
    const s = connSeries(liveFromRunData(data).conns.toArray(), 1000)!;
    expect(s.peakEstablished).toBe(4);
    expect(s.rows.map((r) => r.established)).toEqual([0, 4]);
  });
});
