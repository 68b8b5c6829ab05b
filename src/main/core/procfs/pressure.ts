/** One line of a /proc/pressure file: share of wall time stalled (percent) and the total stall (µs). */
export interface PressureLine {
  avg10: number;
  avg60: number;
  avg300: number;
  totalUs: number;
}

/** "some": at least one task stalled; "full": all non-idle tasks stalled (absent for cpu on older kernels). */
export interface Pressure {
  some: PressureLine;
  full: PressureLine | null;
}

/** Parses /proc/pressure/{cpu,memory,io} (PSI, Linux ≥ 4.20 with CONFIG_PSI); null when no "some" line. */
export function parsePressure(text: string): Pressure | null {
  let some: PressureLine | null = null;
  let full: PressureLine | null = null;
  for (const line of text.split('\n')) {
    const [kind, ...kv] = line.trim().split(/\s+/);
    if (kind !== 'some' && kind !== 'full') continue;
    const v = new Map(kv.map((s) => s.split('=') as [string, string]).map(([k, x]) => [k, Number(x)]));
    const l = { avg10: v.get('avg10') ?? 0, avg60: v.get('avg60') ?? 0, avg300: v.get('avg300') ?? 0, totalUs: v.get('total') ?? 0 };
    if (kind === 'some') some = l;
    else full = l;
  }
  return some ? { some, full } : null;
}
