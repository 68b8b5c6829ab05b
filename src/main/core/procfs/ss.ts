/**
 * Per-connection TCP byte counters (tcp_info bytes_acked / bytes_received) as `ss -tinHe` prints
 * them. Node cannot open the netlink sock_diag socket that carries them, and iproute2's `ss` is
 * the maintained decoder of that binary format, so ProcLab runs it rather than re-implementing it.
 */
export interface TcpConnBytes {
  state: string;
  local: string;
  remote: string;
  /** Socket inode ("ino:"), the key that ties the connection to a process's descriptors. */
  inode: number;
  /** Payload bytes sent (tcp_info bytes_sent, Linux ≥ 4.19, incl. retransmits); 0 when the kernel lacks it. */
  bytesSent: number;
  /** Acknowledged by the peer; may count the SYN/FIN sequence numbers as one byte each. */
  bytesAcked: number;
  bytesReceived: number;
}

const num = (s: string, key: string): number => {
  const m = new RegExp(`(?:^|\\s)${key}:(\\d+)`).exec(s);
  return m ? Number(m[1]) : 0;
};

/**
 * `ss -H -t -i -n -e`: each socket is a summary line (state, queues, local, peer, then "ino:N …")
 * followed by a tab-indented line of tcp_info fields.
 */
export function parseSsTcpInfo(text: string): TcpConnBytes[] {
  const out: TcpConnBytes[] = [];
  let cur: TcpConnBytes | null = null;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    if (/^\s/.test(line)) {
      if (!cur) continue;
      cur.bytesSent = num(line, 'bytes_sent');
      // Raw, as the kernel counts it: it may include the SYN/FIN sequence numbers (one more than the payload).
      cur.bytesAcked = num(line, 'bytes_acked');
      cur.bytesReceived = num(line, 'bytes_received');
      continue;
    }
    const f = line.trim().split(/\s+/);
    if (f.length < 5) {
      cur = null;
      continue;
    }
    cur = {
      state: f[0] as string,
      local: f[3] as string,
      remote: f[4] as string,
      inode: num(line, 'ino'),
      bytesSent: 0,
      bytesAcked: 0,
      bytesReceived: 0,
    };
    out.push(cur);
  }
  return out;
}
