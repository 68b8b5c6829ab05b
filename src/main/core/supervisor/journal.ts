import fs from 'node:fs';
import path from 'node:path';

/** One live tracked process, as written to disk so a later start can end it if the app died. */
export interface JournalEntry {
  pid: number;
  startTime: number;
  runId: string;
}

/** The ProcLab instance that wrote a journal: its own pid and start time. */
export interface JournalOwner {
  pid: number;
  startTime: number | null;
}

export interface OwnedJournal {
  file: string;
  owner: JournalOwner;
  live: JournalEntry[];
}

const PREFIX = 'live-';

function validEntries(list: unknown): JournalEntry[] {
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
}

/**
 * The leftover journal: one file per running ProcLab instance (desktop app, browser mode,
 * a CLI run), so that starting one instance never ends the processes of another that is
 * still alive — only those of instances that died. Rewritten only when the live set
 * changes, atomically (tmp + rename), so a crash mid-write leaves the previous list.
 */
export class LiveJournal {
  private lastKey = '';
  readonly file: string;

  constructor(
    readonly stateDir: string,
    readonly owner: JournalOwner = { pid: process.pid, startTime: null },
  ) {
    this.file = path.join(stateDir, `${PREFIX}${owner.pid}.json`);
  }

  /**
   * Every instance's journal in the folder, this one's included. A file that does not parse is
   * moved aside (`.damaged-<ts>`) for inspection and counts as empty: its processes are still
   * found by their cgroups and env markers, and it is never deleted unread.
   */
  readAll(): OwnedJournal[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.stateDir).filter((n) => n.startsWith(PREFIX) && n.endsWith('.json'));
    } catch {
      return [];
    }
    return names.map((n) => {
      const file = path.join(this.stateDir, n);
      try {
        const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { owner?: JournalOwner; live?: unknown };
        const owner =
          data.owner && Number.isInteger(data.owner.pid) ? data.owner : { pid: Number(n.slice(PREFIX.length, -5)) || 0, startTime: null };
        return { file, owner, live: validEntries(data.live) };
      } catch {
        try {
          fs.renameSync(file, `${file}.damaged-${Date.now()}`);
        } catch {
          /* gone meanwhile, or a read-only folder: then it stays where it is */
        }
        return { file, owner: { pid: 0, startTime: null }, live: [] };
      }
    });
  }

  /** Why the last write failed (disk full, read-only data dir), or null; the next change tries again. */
  failure: string | null = null;

  /**
   * Writes the set if it differs from the last one written; returns true if it wrote. A write the
   * disk refuses never throws (a full or read-only disk must not stop the sampler, nor shutdown):
   * it is kept in `failure` and tried again at the next call.
   */
  write(entries: JournalEntry[]): boolean {
    const sorted = [...entries].sort((a, b) => a.pid - b.pid || a.startTime - b.startTime);
    const key = sorted.map((e) => `${e.pid}:${e.startTime}:${e.runId}`).join(',');
    if (key === this.lastKey) return false;
    const tmp = `${this.file}.tmp`;
    try {
      fs.mkdirSync(this.stateDir, { recursive: true, mode: 0o700 });
      if (!sorted.length) {
        fs.rmSync(this.file, { force: true });
      } else {
        fs.writeFileSync(tmp, JSON.stringify({ owner: this.owner, at: Date.now(), live: sorted }), { mode: 0o600 });
        fs.renameSync(tmp, this.file);
      }
    } catch (e) {
      this.failure = (e as NodeJS.ErrnoException).code ?? String(e);
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        /* the folder cannot be written at all */
      }
      return false;
    }
    this.failure = null;
    this.lastKey = key;
    return true;
  }

  /** Removes another (dead) instance's journal once its leftovers are handled. */
  discard(file: string): void {
    try {
      fs.rmSync(file, { force: true });
    } catch {
      /* a read-only folder: it is read again next start, and its processes are gone by then */
    }
  }

  clear(): void {
    this.lastKey = '\0';
    this.write([]);
  }
}
