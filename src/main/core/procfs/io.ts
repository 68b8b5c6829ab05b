/** Byte counters of /proc/<pid>/io. Only the owner (or root) may read them; others get EACCES. */
export interface IoCounters {
  /** Bytes passed to read()/write() and friends, cache hits included. */
  rchar: number;
  wchar: number;
  /** Bytes the process made the block layer fetch / caused to be sent to storage. */
  readBytes: number;
  writeBytes: number;
  /** Written bytes later truncated away before reaching the disk. */
  cancelledWriteBytes: number;
}

/** Parses /proc/<pid>/io ("key: value" lines); null when the fields are missing (not an io file). */
export function parseProcIo(text: string): IoCounters | null {
  const v = new Map<string, number>();
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) v.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  const rchar = v.get('rchar');
  const wchar = v.get('wchar');
  if (rchar === undefined || wchar === undefined) return null;
  return {
    rchar,
    wchar,
    readBytes: v.get('read_bytes') ?? 0,
    writeBytes: v.get('write_bytes') ?? 0,
    cancelledWriteBytes: v.get('cancelled_write_bytes') ?? 0,
  };
}
