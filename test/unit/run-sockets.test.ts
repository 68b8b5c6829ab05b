import { describe, expect, it } from 'vitest';
import type { ProcNet, TcpConn } from '../../src/shared/model';
import { tcpCountsOf } from '../../src/main/core/sampler/run-sockets';

const conn = (state: string, remote = '127.0.0.1:50000'): TcpConn => ({
  proto: 'tcp',
  local: '127.0.0.1:8080',
  remote,
  state,
  inode: 1,
  bytesSent: 0,
  bytesReceived: 0,
});

const net = (over: Partial<ProcNet>): ProcNet => ({
  sockets: 0,
  byState: {},
  listening: [],
  peers: [],
  tcp: [],
  bytesSent: 0,
  bytesReceived: 0,
  ...over,
});

describe('tcpCountsOf: what a run sample journals of a process sockets', () => {
  it('counts a server: its listening TCP socket and its connections by state', () => {
    const n = net({
      sockets: 5,
      listening: ['tcp 127.0.0.1:8080', 'tcp [::1]:8080'],
      tcp: [conn('ESTABLISHED'), conn('ESTABLISHED', '127.0.0.1:50001'), conn('CLOSE_WAIT')],
    });
    expect(tcpCountsOf(n)).toEqual({ LISTEN: 2, ESTABLISHED: 2, CLOSE_WAIT: 1 });
  });

  it('leaves out UDP sockets (listed as listening "udp …") and unix sockets (not in the tables)', () => {
    const n = net({ sockets: 4, byState: { CLOSE: 1 }, listening: ['udp 0.0.0.0:5353', 'tcp 127.0.0.1:9000'] });
    expect(tcpCountsOf(n)).toEqual({ LISTEN: 1 });
  });

  it('journals nothing for a process without TCP sockets', () => {
    expect(tcpCountsOf(net({ sockets: 3, listening: ['udp [::]:5353'] }))).toBeUndefined();
  });
});
