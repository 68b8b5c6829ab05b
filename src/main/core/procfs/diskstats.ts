/** One block device of /proc/diskstats; bytes are sectors × 512 (the kernel's unit there, whatever the disk's). */
export interface DiskStat {
  device: string;
  reads: number;
  readBytes: number;
  writes: number;
  writeBytes: number;
  /** Milliseconds the device had I/O in flight. */
  ioMs: number;
}

// Partitions, loop and ram devices would count the same bytes twice or be noise (node_exporter skips the same).
const IGNORED = /^(ram|loop|fd|dm-|zram|sr)\d+$|^(h|s|v|xv)d[a-z]+\d+$|^nvme\d+n\d+p\d+$|^mmcblk\d+p\d+$/;

export function isWholeDisk(device: string): boolean {
  return !IGNORED.test(device);
}

/** Parses /proc/diskstats (major minor name then ≥ 11 counters, see Documentation/admin-guide/iostats.rst). */
export function parseDiskstats(text: string): DiskStat[] {
  const out: DiskStat[] = [];
  for (const line of text.split('\n')) {
    const p = line.trim().split(/\s+/);
    if (p.length < 14) continue;
    const n = p.slice(3).map(Number);
    if (n.some((x) => !Number.isFinite(x))) continue;
    out.push({
      device: p[2] as string,
      reads: n[0] as number,
      readBytes: (n[2] as number) * 512,
      writes: n[4] as number,
      writeBytes: (n[6] as number) * 512,
      ioMs: n[9] as number,
    });
  }
  return out;
}
