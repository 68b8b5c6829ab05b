/** One interface of /proc/net/dev. */
export interface NetDevStat {
  iface: string;
  rxBytes: number;
  rxPackets: number;
  rxErrors: number;
  txBytes: number;
  txPackets: number;
  txErrors: number;
}

/** Parses /proc/net/dev: two header lines, then "name: 8 receive counters 8 transmit counters". */
export function parseNetDev(text: string): NetDevStat[] {
  const out: NetDevStat[] = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.includes('|')) continue;
    const n = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    if (n.length < 16 || n.some((x) => !Number.isFinite(x))) continue;
    out.push({
      iface: line.slice(0, colon).trim(),
      rxBytes: n[0] as number,
      rxPackets: n[1] as number,
      rxErrors: n[2] as number,
      txBytes: n[8] as number,
      txPackets: n[9] as number,
      txErrors: n[10] as number,
    });
  }
  return out;
}
