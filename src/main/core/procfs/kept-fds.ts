import fs from 'node:fs';

/** What a kept-descriptor entry must carry: its descriptor and the generation of its last read. */
export interface KeptEntry {
  fd: number;
  gen: number;
}

/**
 * Per-thread descriptors kept open between ticks (re-reading at offset 0 costs about a third of
 * open+read+close), keyed pid → tid. A thread not read since the last retain() has ended or is no
 * longer sampled, so its descriptor is closed then: the count of open files follows what is sampled.
 */
export class KeptFds<E extends KeptEntry> {
  private readonly procs = new Map<number, Map<number, E>>();
  private gen = 0;

  /** The generation entries read in this tick must carry. */
  get generation(): number {
    return this.gen;
  }

  /** The pid's entries, created empty on first use. */
  of(pid: number): Map<number, E> {
    let perPid = this.procs.get(pid);
    if (!perPid) this.procs.set(pid, (perPid = new Map()));
    return perPid;
  }

  drop(perPid: Map<number, E>, tid: number): void {
    const e = perPid.get(tid);
    if (!e) return;
    perPid.delete(tid);
    try {
      fs.closeSync(e.fd);
    } catch {
      /* already closed */
    }
  }

  /** Lets go of threads of pids not in keep, and of threads not read since the last call. */
  retain(keep: Set<number>): void {
    for (const [pid, perPid] of this.procs) {
      for (const [tid, e] of perPid) if (e.gen !== this.gen || !keep.has(pid)) this.drop(perPid, tid);
      if (!perPid.size) this.procs.delete(pid);
    }
    this.gen++;
  }

  /** Open descriptors, for tests and the bench. */
  get openFiles(): number {
    let n = 0;
    for (const m of this.procs.values()) n += m.size;
    return n;
  }

  close(): void {
    this.retain(new Set());
  }
}
