import fs from 'node:fs';
import path from 'node:path';

/** One live tracked process, as written to disk so a later start can end it if the app died. */
export interface JournalEntry {
  pid: number;
  startTime: number;
  runId: string;
}

const FILE = 'live-pids.json';

/**
 * The leftover journal. Rewritten only when the live set changes, and atomically (tmp + rename)
 * so a crash mid-write leaves the previous complete list, never half a file.
 */
export class LiveJournal {
  private lastKey = '';
  readonly file: string;

  constructor(readonly stateDir: string) {
    this.file = path.join(stateDir, FILE);
  }

  read(): JournalEntry[] {
    try {
      const data: unknown = JSON.parse(fs.readFileSync(this.file, 'utf8'));
      const list = (data as { live?: unknown }).live;
      if (!Array.isArray(list)) return [];
      return list.filter(
        (e): e is JournalEntry =>
          typeof e === 'object' &&
          e !== null &&
          Number.isInteger(e.pid) &&
          e.pid > 1 &&
          Number.isFinite(e.startTime) &&
          typeof e.runId === 'string',
      );
    } catch {
      return [];
    }
  }

  /** Writes the set if it differs from the last one written; returns true if it wrote. */
  write(entries: JournalEntry[]): boolean {
    const sorted = [...entries].sort((a, b) => a.pid - b.pid || a.startTime - b.startTime);
    const key = sorted.map((e) => `${e.pid}:${e.startTime}:${e.runId}`).join(',');
    if (key === this.lastKey) return false;
    fs.mkdirSync(this.stateDir, { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ writtenBy: process.pid, at: Date.now(), live: sorted }));
    fs.renameSync(tmp, this.file);
    this.lastKey = key;
    return true;
  }

  clear(): void {
    this.lastKey = '\0';
    this.write([]);
  }
}
