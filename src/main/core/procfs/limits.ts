/** One row of /proc/<pid>/limits; null means "unlimited". */
export interface ProcLimit {
  name: string;
  soft: number | null;
  hard: number | null;
  unit: string;
}

/**
 * Parses /proc/<pid>/limits. The columns are fixed-width and the names contain spaces, so a row
 * is read from the right: [unit] hard soft, then the rest is the name.
 */
export function parseLimits(text: string): ProcLimit[] {
  const out: ProcLimit[] = [];
  const val = (s: string): number | null => (s === 'unlimited' ? null : Number(s));
  for (const line of text.split('\n').slice(1)) {
    const m = /^(.+?)\s{2,}(\S+)\s+(\S+)(?:\s+(\S+))?\s*$/.exec(line);
    if (!m) continue;
    const soft = val(m[2] as string);
    const hard = val(m[3] as string);
    if (Number.isNaN(soft) || Number.isNaN(hard)) continue;
    out.push({ name: (m[1] as string).trim(), soft, hard, unit: m[4] ?? '' });
  }
  return out;
}
