import { describe, expect, it } from 'vitest';
import type { RunNetEvent, RunSample, RunSocket } from '../../../../src/shared/model';
import { connPointOf, connSeries, portGroups } from '../../../../src/renderer/src/model/connections';
import { applyRunNet, initialState, liveFromRunData } from '../../../../src/renderer/src/store/state';
import { proc, run, sample as fixtureSample } from '../../runs-fixtures';

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

describe('live connections from run-net readings', () => {
  const s = (localPort: number, remotePort: number, state: string): RunSocket => ({
    proto: 'tcp',
    local: `127.0.0.1:${localPort}`,
    remote: `127.0.0.1:${remotePort}`,
    localPort,
    remotePort,
    state,
  });
  const reading = (ts: number, procs: RunNetEvent['procs']): RunNetEvent => ({ runId: 'r1', ts, procs });

  it('a reading is a point of the live chart, like a journal sample', () => {
    const pt = connPointOf(
      reading(2000, [
        { pid: 10, startTime: 1, tcp: { LISTEN: 1, ESTABLISHED: 2 }, sockets: [], more: 0 },
        { pid: 11, startTime: 1, tcp: { ESTABLISHED: 1 }, sockets: [], more: 0 },
      ]),
    );
    expect(pt).toEqual({ ts: 2000, tcp: true, established: 3, listen: 1, perPid: { 10: 2, 11: 1 } });
  });

  it('the store pushes each reading into the run’s live buffer and keeps the newest as its port list', () => {
    let st = initialState();
    const first = reading(1000, [{ pid: 10, startTime: 1, tcp: { LISTEN: 1 }, sockets: [s(8080, 0, 'LISTEN')], more: 0 }]);
    const second = reading(1500, [
      {
        pid: 10,
        startTime: 1,
        tcp: { LISTEN: 1, ESTABLISHED: 1 },
        sockets: [s(8080, 0, 'LISTEN'), s(8080, 50000, 'ESTABLISHED')],
        more: 0,
      },
    ]);
    st = applyRunNet(applyRunNet(st, first), second);
    const live = st.live['r1']!;
    expect(live.conns.toArray().map((p) => p.established)).toEqual([0, 1]);
    expect(live.ports).toBe(second);
    expect(live.connsComplete).toBe(false);
  });

  it('the port list: the listening process first, states ordered, processes beyond the cap counted', () => {
    const procs: RunNetEvent['procs'] = [
      { pid: 30, startTime: 1, tcp: { ESTABLISHED: 1 }, sockets: [s(8080, 50001, 'ESTABLISHED')], more: 0 },
      { pid: 20, startTime: 1, tcp: { TIME_WAIT: 2, ESTABLISHED: 1, LISTEN: 1 }, sockets: [s(8080, 0, 'LISTEN')], more: 3 },
      { pid: 25, startTime: 1, tcp: { ESTABLISHED: 1 }, sockets: [s(8080, 50000, 'ESTABLISHED')], more: 0 },
      { pid: 40, startTime: 1, tcp: {}, sockets: [], more: 0 },
    ];
    const { groups, moreProcs } = portGroups(reading(1000, procs), 2);
    expect(groups.map((g) => g.pid)).toEqual([20, 25]);
    expect(groups[0]!.states).toEqual([
      ['LISTEN', 1],
      ['ESTABLISHED', 1],
      ['TIME_WAIT', 2],
    ]);
    expect(groups[0]!.more).toBe(3);
    expect(moreProcs).toBe(1);
    expect(portGroups(null)).toEqual({ groups: [], moreProcs: 0 });
  });
});
