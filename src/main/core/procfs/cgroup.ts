/** One line of /proc/<pid>/cgroup: "hierarchy-id:controllers:path". */
export interface CgroupEntry {
  hierarchy: number;
  controllers: string[];
  path: string;
}

export function parseCgroup(text: string): CgroupEntry[] {
  const out: CgroupEntry[] = [];
  for (const line of text.split('\n')) {
    const a = line.indexOf(':');
    const b = line.indexOf(':', a + 1);
    if (a < 0 || b < 0) continue;
    const ctl = line.slice(a + 1, b);
    out.push({ hierarchy: Number(line.slice(0, a)), controllers: ctl ? ctl.split(',') : [], path: line.slice(b + 1) });
  }
  return out;
}

/** The path a user means by "its cgroup": the unified (v2) one, else the memory controller's, else the first. */
export function mainCgroup(entries: CgroupEntry[]): string | null {
  const v2 = entries.find((e) => e.hierarchy === 0 && e.controllers.length === 0);
  const mem = entries.find((e) => e.controllers.includes('memory'));
  // A hybrid host lists "0::/" next to v1 controllers; the v1 memory path is then the informative one.
  if (v2 && (v2.path !== '/' || !mem)) return v2.path;
  return (mem ?? entries[0])?.path ?? null;
}
