/** Sockets as /proc/net/{tcp,tcp6,udp,udp6} list them, and what a process's descriptors point at. */
import { TCP_STATE_NAMES } from '../../../shared/tcp-states';

export type SocketProto = 'tcp' | 'tcp6' | 'udp' | 'udp6';

export interface Endpoint {
  /** Dotted IPv4 or compressed IPv6 text. */
  addr: string;
  port: number;
}

export interface NetSocket {
  proto: SocketProto;
  local: Endpoint;
  remote: Endpoint;
  /** TCP state name ("ESTABLISHED", "LISTEN" …); UDP uses the same numbers ("CLOSE" = unconnected, "ESTABLISHED" = connected). */
  state: string;
  uid: number;
  inode: number;
  txQueue: number;
  rxQueue: number;
}

const TCP_STATES = TCP_STATE_NAMES;

/** The kernel prints each 32-bit word of the address in host byte order (little-endian on x86/arm). */
function word(hex: string): number[] {
  const v = parseInt(hex, 16);
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}

export function decodeAddr(hex: string): string {
  if (hex.length === 8) return word(hex).join('.');
  const bytes: number[] = [];
  for (let i = 0; i < 32; i += 8) bytes.push(...word(hex.slice(i, i + 8)));
  // IPv4-mapped (::ffff:a.b.c.d) reads better in its v4 form.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return `::ffff:${bytes.slice(12).join('.')}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] as number) << 8) | (bytes[i + 1] as number)).toString(16));
  return compressV6(groups);
}

function compressV6(groups: string[]): string {
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

function endpoint(s: string): Endpoint | null {
  const [a, p] = s.split(':');
  if (!a || !p || (a.length !== 8 && a.length !== 32)) return null;
  return { addr: decodeAddr(a), port: parseInt(p, 16) };
}

export function parseNetSockets(text: string, proto: SocketProto): NetSocket[] {
  const out: NetSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const local = endpoint(f[1] as string);
    const remote = endpoint(f[2] as string);
    const [tx, rx] = (f[4] as string).split(':');
    if (!local || !remote) continue;
    out.push({
      proto,
      local,
      remote,
      state: TCP_STATES[parseInt(f[3] as string, 16)] ?? 'UNKNOWN',
      uid: Number(f[7]),
      inode: Number(f[9]),
      txQueue: parseInt(tx ?? '0', 16),
      rxQueue: parseInt(rx ?? '0', 16),
    });
  }
  return out;
}

export type FdKind = 'file' | 'socket' | 'pipe' | 'anon' | 'device' | 'other';

/** What one /proc/<pid>/fd/N link points at: "socket:[123]", "pipe:[9]", "anon_inode:[eventfd]", a path. */
export function classifyFdTarget(target: string): { kind: FdKind; inode: number | null } {
  const m = /^(socket|pipe):\[(\d+)\]$/.exec(target);
  if (m) return { kind: m[1] as 'socket' | 'pipe', inode: Number(m[2]) };
  if (target.startsWith('anon_inode:')) return { kind: 'anon', inode: null };
  if (target.startsWith('/dev/')) return { kind: 'device', inode: null };
  if (target.startsWith('/')) return { kind: 'file', inode: null };
  return { kind: 'other', inode: null };
}
