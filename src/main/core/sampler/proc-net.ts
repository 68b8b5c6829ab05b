import { execFile } from 'node:child_process';
import { say } from '../../../shared/engine-texts';
import type { I18nText, ProcNet, TcpConn } from '../../../shared/model';
import { parseNetSockets, parseSsTcpInfo, readFds, readText, type NetSocket, type SocketProto, type TcpConnBytes } from '../procfs';

const PROTOS: SocketProto[] = ['tcp', 'tcp6', 'udp', 'udp6'];
const fmt = (addr: string, port: number): string => (addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`);

/** `ss -tinHe` once, with a 2 s bound so a hung ss cannot hold a tick; null output and a reason when it cannot run. */
function runSs(): Promise<{ out: string | null; note: I18nText | null }> {
  return new Promise((resolve) => {
    execFile('ss', ['-t', '-i', '-n', '-H', '-e'], { timeout: 2000, maxBuffer: 64 << 20 }, (err, stdout) => {
      if (!err) return resolve({ out: stdout, note: null });
      const code = (err as NodeJS.ErrnoException).code;
      resolve({
        out: null,
        note: code === 'ENOENT' ? say('net.no-ss') : say('net.ss-failed', { error: err.message.split('\n')[0] ?? '' }),
      });
    });
  });
}

/**
 * Sockets of chosen processes: their /proc/<pid>/fd socket inodes joined with the machine's
 * /proc/net tables (states, ports, peers) and with `ss`'s tcp_info byte counters. The tables and
 * ss are read once per call for all chosen pids, so its cost does not grow with the number of rows.
 */
export async function readProcNets(pids: number[]): Promise<Map<number, ProcNet>> {
  const out = new Map<number, ProcNet>();
  if (!pids.length) return out;
  const byInode = new Map<number, NetSocket>();
  for (const proto of PROTOS) {
    const text = readText(`/proc/net/${proto}`);
    if (text) for (const s of parseNetSockets(text, proto)) if (s.inode) byInode.set(s.inode, s);
  }
  const ss = await runSs();
  const bytes = new Map<number, TcpConnBytes>();
  if (ss.out) for (const c of parseSsTcpInfo(ss.out)) if (c.inode) bytes.set(c.inode, c);
  for (const pid of pids) {
    const fds = readFds(pid);
    if (!fds) continue;
    const net: ProcNet = { sockets: 0, byState: {}, listening: [], peers: [], tcp: [], bytesSent: null, bytesReceived: null };
    for (const fd of fds) {
      if (fd.kind !== 'socket' || fd.inode === null) continue;
      net.sockets++;
      const s = byInode.get(fd.inode);
      if (!s) continue; // unix, netlink … sockets, or another network namespace
      net.byState[s.state] = (net.byState[s.state] ?? 0) + 1;
      const local = fmt(s.local.addr, s.local.port);
      const proto = s.proto.startsWith('tcp') ? 'tcp' : 'udp';
      if (s.state === 'LISTEN' || (proto === 'udp' && s.state === 'CLOSE')) net.listening.push(`${proto} ${local}`);
      else if (s.remote.port !== 0 && net.peers.length < 16) net.peers.push(fmt(s.remote.addr, s.remote.port));
      if (proto !== 'tcp' || s.state === 'LISTEN') continue;
      const b = bytes.get(fd.inode);
      const conn: TcpConn = {
        proto: s.proto as TcpConn['proto'],
        local,
        remote: fmt(s.remote.addr, s.remote.port),
        state: s.state,
        inode: fd.inode,
        // Kernels before 4.19 have no bytes_sent; bytes_acked (which also counts the SYN) is the closest they give.
        bytesSent: b ? b.bytesSent || Math.max(0, b.bytesAcked - 1) : ss.out ? 0 : null,
        bytesReceived: b ? b.bytesReceived : ss.out ? 0 : null,
      };
      net.tcp.push(conn);
      if (conn.bytesSent !== null) net.bytesSent = (net.bytesSent ?? 0) + conn.bytesSent;
      if (conn.bytesReceived !== null) net.bytesReceived = (net.bytesReceived ?? 0) + conn.bytesReceived;
    }
    if (ss.note) net.bytesNote = ss.note;
    else if (!net.tcp.length) {
      net.bytesSent = 0;
      net.bytesReceived = 0;
    }
    out.set(pid, net);
  }
  return out;
}

/**
 * readProcNets costs ~20 ms of CPU for 64 processes (a descriptor scan each, plus spawning `ss`):
 * too much for every 250 ms tick. Ticks reuse the last reading for up to NET_REFRESH_MS unless
 * a pid that was not read is asked for.
 */
export const NET_REFRESH_MS = 2000;

export class NetSampler {
  private at = -Infinity;
  private last = new Map<number, ProcNet>();
  private asked = new Set<number>();

  async get(pids: number[], now: number): Promise<Map<number, ProcNet>> {
    if (!pids.length) return new Map();
    const fresh = now - this.at < NET_REFRESH_MS && pids.every((p) => this.asked.has(p));
    if (!fresh) {
      this.last = await readProcNets(pids);
      this.asked = new Set(pids);
      this.at = now;
    }
    return this.last;
  }
}
