import fs from 'node:fs';
import path from 'node:path';
import { reasonFields, say } from '../../../shared/engine-texts';
import { ProclabError } from '../../../shared/errors';
import type { DeadlockEvent, LifecycleEvent, MachineInfo, RunData, RunInfo, RunOutput, RunSample } from '../../../shared/model';
import { migrateInfo } from '../../../shared/outcome';
import { DEFAULT_STORE_CAP_BYTES, JOURNAL_QUOTA_BYTES, MIN_STORE_CAP_BYTES, STORE_CAP_ENV } from '../../../shared/storage-bounds';
import { readStatOnce } from '../procfs';
import {
  JOURNAL_EXT,
  JournalIndex,
  encodeRecord,
  parseLine,
  readFirstLine,
  readJournalFile,
  readLastLine,
  type JournalRecord,
  type Owner,
} from './journal-file';
import { isRunId } from './run-id';

export { parseJournal, type JournalRecord, type Owner } from './journal-file';

/** @deprecated the bound lives in shared/storage-bounds; kept for existing imports. */
export const DEFAULT_CAP_BYTES = DEFAULT_STORE_CAP_BYTES;

/**
 * A whole run is read into memory only for its verdict, a comparison or a report; a journal is
 * bounded by its quota, so only a journal written before the quota existed can be larger.
 */
export const MAX_WHOLE_READ_BYTES = 4 * JOURNAL_QUOTA_BYTES;

/** Errors that mean the disk, not the program, is at fault: the run's journal cannot be written. */
export function isStorageError(e: unknown): e is NodeJS.ErrnoException {
  const code = (e as NodeJS.ErrnoException)?.code;
  return typeof code === 'string' && ['ENOSPC', 'EDQUOT', 'EROFS', 'EIO', 'EACCES', 'EPERM', 'EFBIG', 'EBADF'].includes(code);
}

interface Entry {
  info: RunInfo;
  bytes: number;
  /** Open append descriptor while the run is live; closed at finish. */
  fd: number | null;
  /** Where its records are; built on the first page read (or the scan at open), then extended. */
  idx: JournalIndex | null;
  /** The quota was reached: samples and output are no longer written. */
  overQuota: boolean;
  /** A write failed (disk full...): only the end is still tried. */
  failed: boolean;
  /** The last write may have left part of a line: the next record starts on a new line. */
  cut: boolean;
}

export interface RunStoreOptions {
  /** Beyond this many bytes in the folder, the oldest ended runs are removed. */
  capBytes?: number;
  /** What one run's journal may grow to (default JOURNAL_QUOTA_BYTES). */
  quotaBytes?: number;
  /** A write to a run's journal failed (once per run): the caller decides what becomes of the run. */
  onStorageError?: (runId: string, e: NodeJS.ErrnoException) => void;
  /** One line for the user: a damaged journal moved aside, a data dir that cannot be written. */
  onNotice?: (text: string) => void;
}

export class RunStore {
  private readonly entries = new Map<string, Entry>();
  private readonly capBytes: number;
  private readonly quotaBytes: number;
  private totalBytes = 0;
  private opened = false;
  /** The run that ended last here: eviction keeps it whatever its size. */
  private lastEnded: string | null = null;
  /** Why runs cannot be recorded (the folder cannot be created or written), said once. */
  private unwritable: string | null = null;

  constructor(
    readonly dir: string,
    private readonly opts: RunStoreOptions = {},
  ) {
    this.capBytes = opts.capBytes ?? DEFAULT_STORE_CAP_BYTES;
    this.quotaBytes = opts.quotaBytes ?? JOURNAL_QUOTA_BYTES;
  }

  /**
   * Loads (or refreshes) the index from disk, reading only each journal's first and last lines
   * (a whole scan only for a journal that has no summary at its end: live, cut by a crash, or
   * written by an older version). A run with no 'end' record that is still 'running' becomes
   * 'interrupted', unless the process that writes it is alive: the CLI and the desktop app may
   * share one data dir, and one must not end the other's live run. Calling it again picks up runs
   * other processes wrote; unchanged files are not re-read. Never throws for what it finds on disk.
   */
  async open(): Promise<void> {
    let names: string[];
    try {
      await fs.promises.mkdir(this.dir, { recursive: true, mode: 0o700 });
      names = await fs.promises.readdir(this.dir);
      await fs.promises.access(this.dir, fs.constants.W_OK);
    } catch (e) {
      names ??= await fs.promises.readdir(this.dir).catch(() => []);
      if (!this.unwritable) {
        this.unwritable = await whyUnwritable(this.dir, e);
        this.notice(say('note.store-unwritable', { dir: this.dir, message: this.unwritable }).en);
      }
    }
    const seen = new Set<string>();
    for (const name of names.filter((n) => n.endsWith(JOURNAL_EXT) && isRunId(n.slice(0, -JOURNAL_EXT.length)))) {
      const id = name.slice(0, -JOURNAL_EXT.length);
      seen.add(id);
      try {
        await this.load(id);
      } catch {
        // Deleted meanwhile, or unreadable: not a run we can show; the next open tries again.
      }
    }
    // Files another process deleted (or evicted) leave the index too.
    for (const [id, e] of this.entries) {
      if (!seen.has(id) && e.fd === null) {
        this.totalBytes -= e.bytes;
        this.entries.delete(id);
      }
    }
    this.opened = true;
    this.evict();
  }

  private async load(id: string): Promise<void> {
    const file = this.file(id);
    const st = await fs.promises.stat(file);
    const known = this.entries.get(id);
    if (known && (known.fd !== null || known.bytes === st.size)) return;
    const head = await readFirstLine(file);
    const header = head.complete ? parseLine(head.line) : null;
    if (header?.t !== 'header' || !header.info || header.info.id !== id) {
      // A file being created has no whole first line for a moment; one that stays so is damaged.
      if (!head.complete && Date.now() - st.mtimeMs < 10_000) return;
      this.moveAside(file);
      return;
    }
    let info: RunInfo;
    let ended: boolean;
    let idx = known?.idx ?? null;
    const last = parseLine((await readLastLine(file, st.size)) ?? '');
    if ((last?.t === 'info' || last?.t === 'end') && last.info) {
      info = { ...last.info, id };
      ended = last.t === 'end' || info.status !== 'running';
    } else {
      idx ??= new JournalIndex();
      await idx.extend(file);
      info = idx.info ?? header.info;
      ended = idx.ended;
    }
    info = migrateInfo(info);
    if (known) this.totalBytes -= known.bytes;
    const entry: Entry = { info, bytes: st.size, fd: null, idx, overQuota: false, failed: false, cut: false };
    this.entries.set(id, entry);
    this.totalBytes += entry.bytes;
    if (!ended && info.status === 'running' && !ownerAlive(header.owner)) {
      if (!idx) {
        idx = entry.idx = new JournalIndex();
        await idx.extend(file);
      }
      // Append (never rewrite) the missing end; a newline first if the crash cut a line.
      entry.cut = idx.upTo < st.size;
      this.writeEnd(entry, {
        status: 'interrupted',
        outcome: { cause: 'interrupted' },
        endedAt: idx.lastSeen(),
        ...reasonFields(say('why.interrupted')),
      });
    }
  }

  /** A journal whose first line is not a run's header: kept for inspection under another name, and said. */
  private moveAside(file: string): void {
    const to = `${file}.damaged-${Date.now()}`;
    try {
      fs.renameSync(file, to);
      this.notice(say('note.journal-damaged', { file: path.basename(file), to: path.basename(to) }).en);
    } catch {
      // Gone meanwhile, or a read-only folder: it stays, and is skipped again next time.
    }
  }

  create(info: RunInfo, machine: MachineInfo): void {
    this.assertOpen();
    if (!isRunId(info.id)) throw new ProclabError('invalid-payload', `bad run id "${info.id}"`);
    if (this.entries.has(info.id)) throw new ProclabError('conflict', `run ${info.id} already exists`);
    this.assertWritable();
    const file = this.file(info.id);
    let fd: number | null = null;
    try {
      fd = fs.openSync(file, 'ax', 0o600);
      fs.writeSync(fd, encodeRecord({ t: 'header', info, machine, owner: selfOwner() }));
    } catch (e) {
      // Nothing is started for a run that cannot be recorded: the caller says why, in one line.
      if (fd !== null) fs.closeSync(fd);
      fs.rmSync(file, { force: true });
      throw storageRefusal(e);
    }
    const bytes = fs.fstatSync(fd).size;
    this.entries.set(info.id, { info: { ...info }, bytes, fd, idx: null, overQuota: false, failed: false, cut: false });
    this.totalBytes += bytes;
    this.evict();
  }

  /** Throws the one-line refusal if runs cannot be recorded here (checked before anything is started). */
  assertWritable(): void {
    if (this.unwritable) throw storageRefusal({ code: this.unwritable });
  }

  appendSample(runId: string, s: RunSample): void {
    this.appendBulk(runId, { t: 'sample', s }, s.ts);
  }
  appendEvent(runId: string, e: LifecycleEvent): void {
    this.appendBulk(runId, { t: 'event', e }, e.ts);
  }
  appendOutput(runId: string, o: RunOutput): void {
    this.appendBulk(runId, { t: 'output', o }, o.ts);
  }
  appendDeadlock(runId: string, d: DeadlockEvent): void {
    this.appendBulk(runId, { t: 'deadlock', d }, d.ts);
  }

  /** Rename, tag, record the root pid or a verdict computed later. The id never changes. */
  updateInfo(runId: string, patch: Partial<RunInfo>): RunInfo {
    const entry = this.entry(runId);
    const clean = withoutId(patch);
    entry.info = { ...entry.info, ...clean };
    this.appendRaw(runId, { t: 'info', patch: clean, info: entry.info });
    return entry.info;
  }

  /** Ends a run: status/exit/verdict/endedAt; a still-'running' status becomes 'finished'. */
  finish(runId: string, patch: Partial<RunInfo>): RunInfo {
    const entry = this.entry(runId);
    const clean = withoutId(patch);
    const merged: RunInfo = { ...entry.info, ...clean };
    if (merged.status === 'running') clean.status = 'finished';
    if (merged.endedAt == null) clean.endedAt = Date.now();
    this.writeEnd(entry, clean);
    if (entry.fd !== null) {
      try {
        fs.fsyncSync(entry.fd); // the end record is the one worth a flush to disk
      } catch {
        // A failed flush is a failed write the end record already reported.
      }
      try {
        fs.closeSync(entry.fd);
      } catch {
        // already closed
      }
      entry.fd = null;
    }
    this.lastEnded = runId;
    this.evict();
    return entry.info;
  }

  private writeEnd(entry: Entry, patch: Partial<RunInfo>): void {
    entry.info = { ...entry.info, ...patch };
    this.appendRaw(entry.info.id, { t: 'end', patch, info: entry.info }, true);
  }

  /** Newest first. */
  list(): RunInfo[] {
    return [...this.entries.values()].map((e) => e.info).sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1));
  }

  has(runId: string): boolean {
    return this.entries.has(runId);
  }

  info(runId: string): RunInfo {
    return this.entry(runId).info;
  }

  /**
   * The run's index, brought up to what is on disk now (a live run grows): one streaming pass the
   * first time, then only what was appended since.
   */
  async index(runId: string): Promise<JournalIndex> {
    const entry = this.entry(runId);
    const idx = entry.idx ?? new JournalIndex();
    try {
      await idx.extend(this.file(runId));
    } catch {
      throw new ProclabError('not-found', `run ${runId} has no journal on disk`);
    }
    if (!idx.header) throw new ProclabError('not-found', `run ${runId} has an unreadable journal`);
    entry.idx = idx;
    return idx;
  }

  /** The journal's file, for readers that page it through index(). */
  journalFile(runId: string): string {
    this.entry(runId);
    return this.file(runId);
  }

  /**
   * The whole record, read from disk (so it is complete even for a live run), as a stream; a
   * journal beyond MAX_WHOLE_READ_BYTES is refused rather than loaded (runs.get pages it instead).
   */
  async get(runId: string): Promise<RunData> {
    const entry = this.entry(runId);
    if (entry.bytes > MAX_WHOLE_READ_BYTES)
      throw ProclabError.saying('refused', say('err.journal-too-big', { runId, size: Math.round(entry.bytes / 1024 ** 2) }));
    let data: RunData | null;
    try {
      data = await readJournalFile(this.file(runId));
    } catch {
      throw new ProclabError('not-found', `run ${runId} has no journal on disk`);
    }
    if (!data) throw new ProclabError('not-found', `run ${runId} has an unreadable journal`);
    // The store's info is the newest (a write the disk refused is still in memory).
    data.info = { ...data.info, ...entry.info };
    return data;
  }

  delete(runId: string): void {
    const entry = this.entry(runId);
    if (entry.info.status === 'running') throw ProclabError.saying('conflict', say('err.delete-running', { runId }));
    this.remove(runId);
  }

  /** Closes live descriptors (shutdown); the runs stay 'running' until finished. */
  close(): void {
    for (const e of this.entries.values()) {
      if (e.fd !== null) {
        try {
          fs.closeSync(e.fd);
        } catch {
          // already closed
        }
        e.fd = null;
      }
    }
  }

  get sizeBytes(): number {
    return this.totalBytes;
  }

  private remove(runId: string): void {
    const entry = this.entries.get(runId);
    if (!entry) return;
    if (entry.fd !== null) fs.closeSync(entry.fd);
    try {
      fs.rmSync(this.file(runId), { force: true });
    } catch {
      return; // a read-only folder: the run stays, listed
    }
    this.totalBytes -= entry.bytes;
    this.entries.delete(runId);
  }

  /**
   * Oldest-first eviction of ended runs until under the cap. Never a live run, nor the run that
   * ended last here, nor the newest ended one (a big run must not erase itself, nor all history):
   * one run can only push out up to its quota's worth of older runs.
   */
  private evict(): void {
    if (this.totalBytes <= this.capBytes) return;
    const ended = [...this.entries.values()]
      .filter((e) => e.fd === null && e.info.status !== 'running' && e.info.id !== this.lastEnded)
      .sort((a, b) => a.info.startedAt - b.info.startedAt || (a.info.id < b.info.id ? -1 : 1));
    // The newest ended run stays too: the cap thins history, it never empties it.
    ended.pop();
    for (const e of ended) {
      if (this.totalBytes <= this.capBytes) break;
      this.remove(e.info.id);
    }
  }

  /** Samples, events, output: written while the run's journal is within its quota; the first past it is a 'truncated' record. */
  private appendBulk(runId: string, rec: JournalRecord, ts: number): void {
    const entry = this.entry(runId);
    if (entry.overQuota || entry.failed) return;
    if (entry.bytes >= this.quotaBytes) {
      entry.overQuota = true;
      entry.info = { ...entry.info, journal: 'truncated' };
      this.appendRaw(runId, { t: 'truncated', ts, bytes: entry.bytes });
      this.appendRaw(runId, { t: 'info', patch: { journal: 'truncated' }, info: entry.info });
      return;
    }
    this.appendRaw(runId, rec);
    // Checked on appends too, because a long run can push the folder over the cap on its own.
    if (this.totalBytes > this.capBytes && rec.t === 'sample') this.evict();
  }

  /**
   * One record, one write. A failed write (disk full, read-only, I/O error) never throws: the
   * journal is marked incomplete, bulk records stop, and the owner hears of it once.
   */
  private appendRaw(runId: string, rec: JournalRecord, important = false): void {
    const entry = this.entry(runId);
    if (entry.failed && !important) return;
    const line = (entry.cut ? '\n' : '') + encodeRecord(rec);
    const before = entry.bytes;
    try {
      if (entry.fd !== null) fs.writeSync(entry.fd, line);
      else fs.appendFileSync(this.file(runId), line, { mode: 0o600 });
      entry.cut = false;
      entry.bytes += Buffer.byteLength(line);
    } catch (e) {
      // Part of the line may be on disk: what comes next (if ever) starts on a line of its own.
      entry.cut = true;
      entry.bytes = this.sizeOnDisk(runId, entry);
      const first = !entry.failed;
      entry.failed = true;
      entry.info = { ...entry.info, journal: 'incomplete' };
      if (first) this.opts.onStorageError?.(runId, e as NodeJS.ErrnoException);
    }
    this.totalBytes += entry.bytes - before;
  }

  private sizeOnDisk(runId: string, entry: Entry): number {
    try {
      return entry.fd !== null ? fs.fstatSync(entry.fd).size : fs.statSync(this.file(runId)).size;
    } catch {
      return entry.bytes;
    }
  }

  private notice(text: string): void {
    this.opts.onNotice?.(text);
  }

  private entry(runId: string): Entry {
    const e = this.entries.get(runId);
    if (!e) throw new ProclabError('not-found', `no run ${runId}`);
    return e;
  }

  private file(runId: string): string {
    return path.join(this.dir, runId + JOURNAL_EXT);
  }

  private assertOpen(): void {
    if (!this.opened) throw new ProclabError('unavailable', 'the run store is not open yet');
  }
}

/**
 * The errno that says why a folder cannot be written: a recursive mkdir on a read-only disk says
 * ENOENT, so the nearest folder that exists is asked instead (EROFS, EACCES).
 */
async function whyUnwritable(dir: string, e: unknown): Promise<string> {
  for (let d = dir; ; d = path.dirname(d)) {
    try {
      await fs.promises.access(d, fs.constants.W_OK);
      if (fs.existsSync(d)) break;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') return code ?? String(err);
    }
    if (path.dirname(d) === d) break;
  }
  return (e as NodeJS.ErrnoException).code ?? String(e);
}

/** A refused write, in one line the user can act on. */
export function storageRefusal(e: unknown): ProclabError {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return ProclabError.saying('unavailable', say('err.disk-full'));
  return ProclabError.saying('unavailable', say('err.storage', { message: code ?? (e as Error)?.message ?? String(e) }));
}

/** One identity reader for the whole core: the stat parser that handles names with spaces and parentheses. */
const procStartTime = (pid: number): number | null => readStatOnce(pid)?.startTime ?? null;

let self: Owner | null = null;
function selfOwner(): Owner {
  self ??= { pid: process.pid, startTime: procStartTime(process.pid) };
  return self;
}

function ownerAlive(owner: Owner | undefined): boolean {
  if (!owner || owner.pid === process.pid) return false; // our own earlier life cannot still be writing
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const st = procStartTime(owner.pid);
  return owner.startTime === null || st === null || st === owner.startTime;
}

function withoutId(patch: Partial<RunInfo>): Partial<RunInfo> {
  const { id: _id, ...rest } = patch;
  return rest;
}

/**
 * The runs folder's cap from $PROCLAB_MAX_STORE (bytes, or with a K/M/G suffix), never below
 * MIN_STORE_CAP_BYTES; unset or unreadable: the default.
 */
export function storeCapFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const v = env[STORE_CAP_ENV]?.trim();
  const m = v ? /^(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?$/i.exec(v) : null;
  if (!m) return DEFAULT_STORE_CAP_BYTES;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? '').toLowerCase()] ?? 1;
  return Math.max(MIN_STORE_CAP_BYTES, Math.round(Number(m[1]) * unit));
}
