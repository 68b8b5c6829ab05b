import { describe, expect, it } from 'vitest';
import type { NetSocket } from '../../../../src/main/core/procfs';
import { joinRunSockets, listed, tcpCounts } from '../../../../src/main/core/sampler/run-sockets';
import type { RunSocket } from '../../../../src/shared/model';

const sock = (
  inode: number,
  state: string,
  local: [string, number],
  remote: [string, number],
  proto: NetSocket['proto'] = 'tcp',
): NetSocket => ({
  proto,
  local: { addr: local[0], port: local[1] },
  remote: { addr: remote[0], port: remote[1] },
  state,
  uid: 1000,
  inode,
  txQueue: 0,
  rxQueue: 0,
});

const TABLE: NetSocket[] = [
  sock(11, 'ESTABLISHED', ['127.0.0.1', 8080], ['127.0.0.1', 50001]),
  sock(10, 'LISTEN', ['127.0.0.1', 8080], ['0.0.0.0', 0]),
  sock(12, 'ESTABLISHED', ['127.0.0.1', 8080], ['127.0.0.1', 50000]),
  sock(13, 'LISTEN', ['::1', 8080], ['::', 0], 'tcp6'),
  sock(20, 'CLOSE', ['0.0.0.0', 5353], ['0.0.0.0', 0], 'udp'),
  sock(30, 'ESTABLISHED', ['127.0.0.1', 50000], ['127.0.0.1', 8080]),
];

describe('joinRunSockets: the TCP sockets each run process holds', () => {
  it('joins each pid’s inodes with the TCP tables, listening sockets first, then by port', () => {
    const got = joinRunSockets(
      new Map([
        [100, [11, 12, 10, 13, 20, 999]],
        [200, [30]],
      ]),
      TABLE,
    );
    expect(got.get(100)).toEqual([
      { proto: 'tcp', local: '127.0.0.1:8080', remote: '0.0.0.0:0', localPort: 8080, remotePort: 0, state: 'LISTEN' },
      { proto: 'tcp6', local: '[::1]:8080', remote: '[::]:0', localPort: 8080, remotePort: 0, state: 'LISTEN' },
      { proto: 'tcp', local: '127.0.0.1:8080', remote: '127.0.0.1:50000', localPort: 8080, remotePort: 50000, state: 'ESTABLISHED' },
      { proto: 'tcp', local: '127.0.0.1:8080', remote: '127.0.0.1:50001', localPort: 8080, remotePort: 50001, state: 'ESTABLISHED' },
    ]);
    expect(got.get(200)?.map((s) => [s.localPort, s.remotePort, s.state])).toEqual([[50000, 8080, 'ESTABLISHED']]);
  });

  it('leaves out UDP and unknown (unix) sockets, and a process with no TCP socket at all', () => {
    const got = joinRunSockets(new Map([[300, [20, 12345]]]), TABLE);
    expect(got.has(300)).toBe(false);
  });
});

describe('tcpCounts and listed: what a sample journals and what a run-net event carries', () => {
  const many: RunSocket[] = Array.from({ length: 53 }, (_, i) => ({
    proto: 'tcp',
    local: '127.0.0.1:8080',
    remote: `127.0.0.1:${40000 + i}`,
    localPort: 8080,
    remotePort: 40000 + i,
    state: i === 0 ? 'LISTEN' : i % 10 === 0 ? 'TIME_WAIT' : 'ESTABLISHED',
  }));

  it('counts sockets by state', () => {
    expect(tcpCounts(many)).toEqual({ LISTEN: 1, TIME_WAIT: 5, ESTABLISHED: 47 });
    expect(tcpCounts([])).toEqual({});
  });

  it('lists the first 50 and counts the rest', () => {
    const l = listed(many);
    expect(l.sockets).toHaveLength(50);
    expect(l.sockets[0]).toBe(many[0]);
    expect(l.more).toBe(3);
    expect(listed(many.slice(0, 2))).toEqual({ sockets: many.slice(0, 2), more: 0 });
  });
});
