import fs from 'node:fs';
import path from 'node:path';
import { reasonFields, say } from '../../../shared/engine-texts';
import { ProclabError } from '../../../shared/errors';
import type { DeadlockEvent, LifecycleEvent, MachineInfo, RunData, RunInfo, RunOutput, RunSample } from '../../../shared/model';
import { isRunId } from './run-id';

/**
 * The run journal: one append-only NDJSON file per run (`<runId>.ndjson`).
 *
 * Why append-only: a run must survive the app being killed mid-run, with everything up to
 * the crash. Each record is one `writeSync` of one line, so a SIGKILL can at worst leave a
 * truncated last line, which reading skips. Records:
 *   {t:'header', info, machine} · {t:'sample', s} · {t:'event', e} · {t:'output', o}
 *   {t:'info', patch} · {t:'end', patch} · {t:'deadlock', d} (the watchdog's suspicions and withdrawals)
 * RunInfo is the header's info with every info/end patch applied in order.
 */
export type JournalRecord =
  | { t: 'header'; info: RunInfo; machine: MachineInfo; owner?: Owner }
  | { t: 'sample'; s: RunSample }
  | { t: 'event'; e: LifecycleEvent }
  | { t: 'output'; o: RunOutput }
  | { t: 'deadlock'; d: DeadlockEvent }
  | { t: 'info'; patch: Partial<RunInfo> }
  | { t: 'end'; patch: Partial<RunInfo> };

export const DEFAULT_CAP_BYTES = 200 * 1024 * 1024;
const EXT = '.ndjson';

interface Entry {
  info: RunInfo;
  bytes: number;
  /** Open append descriptor while the run is live; closed at finish. */
  fd: number | null;
}

export interface RunStoreOptions {
  capBytes?: number;
}

export class RunStore {
  private readonly entries = new Map<string, Entry>();
  private readonly capBytes: number;
  private totalBytes = 0;
  private opened = false;

  constructor(
    readonly dir: string,
    opts: RunStoreOptions = {},
  ) {
    this.capBytes = opts.capBytes ?? DEFAULT_CAP_BYTES;
  }

  /**
   * Loads (or refreshes) the index from disk. A run with no 'end' record that is still
   * 'running' becomes 'interrupted', unless the process that writes it is alive: the CLI
   * and the desktop app may share one data dir, and one must not end the other's live run.
   * Calling it again picks up runs other processes wrote; unchanged files are not re-read.
   */
  async open(): Promise<void> {
    await fs.promises.mkdir(this.dir, { recursive: true });
    const names = (await fs.promises.readdir(this.dir)).filter((n) => n.endsWith(EXT) && isRunId(n.slice(0, -EXT.length)));
    const seen = new Set<string>();
    for (const name of names) {
      const id = name.slice(0, -EXT.length);
      seen.add(id);
      const known = this.entries.get(id);
      if (known && (known.fd !== null || known.bytes === (await fileSize(this.file(id))))) continue;
      let text: string;
      try {
        text = await fs.promises.readFile(this.file(id), 'utf8');
      } catch {
        continue; // deleted meanwhile, or unreadable: not a run we can show
      }
      const scan = scanIndex(text);
      if (!scan || scan.info.id !== id) continue;
      if (known) this.totalBytes -= known.bytes;
      const entry: Entry = { info: scan.info, bytes: Buffer.byteLength(text), fd: null };
      this.entries.set(id, entry);
      this.totalBytes += entry.bytes;
      if (!scan.ended && scan.info.status === 'running' && !ownerAlive(scan.owner)) {
        // Append (never rewrite) the missing end; a newline first if the crash cut a line.
        const patch: Partial<RunInfo> = {
          status: 'interrupted',
          endedAt: scan.lastTs,
          ...reasonFields(say('why.interrupted')),
        };
        this.appendRaw(id, { t: 'end', patch }, !text.endsWith('\n'));
        entry.info = { ...entry.info, ...patch };
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

  create(info: RunInfo, machine: MachineInfo): void {
    this.assertOpen();
    if (!isRunId(info.id)) throw new ProclabError('invalid-payload', `bad run id "${info.id}"`);
    if (this.entries.has(info.id)) throw new ProclabError('conflict', `run ${info.id} already exists`);
    const file = this.file(info.id);
    const fd = fs.openSync(file, 'a');
    this.entries.set(info.id, { info: { ...info }, bytes: 0, fd });
    this.appendRaw(info.id, { t: 'header', info, machine, owner: selfOwner() });
    this.evict();
  }

  appendSample(runId: string, s: RunSample): void {
    this.appendRaw(runId, { t: 'sample', s });
  }
  appendEvent(runId: string, e: LifecycleEvent): void {
    this.appendRaw(runId, { t: 'event', e });
  }
  appendOutput(runId: string, o: RunOutput): void {
    this.appendRaw(runId, { t: 'output', o });
  }
  appendDeadlock(runId: string, d: DeadlockEvent): void {
    this.appendRaw(runId, { t: 'deadlock', d });
  }

  /** Rename, tag, record the root pid or a verdict computed later. The id never changes. */
  updateInfo(runId: string, patch: Partial<RunInfo>): RunInfo {
    const entry = this.entry(runId);
    const clean = withoutId(patch);
    this.appendRaw(runId, { t: 'info', patch: clean });
    entry.info = { ...entry.info, ...clean };
    return entry.info;
  }

  /** Ends a run: status/exit/verdict/endedAt; a still-'running' status becomes 'finished'. */
  finish(runId: string, patch: Partial<RunInfo>): RunInfo {
    const entry = this.entry(runId);
    const clean = withoutId(patch);
    const merged: RunInfo = { ...entry.info, ...clean };
    if (merged.status === 'running') clean.status = 'finished';
    if (merged.endedAt == null) clean.endedAt = Date.now();
    this.appendRaw(runId, { t: 'end', patch: clean });
    entry.info = { ...entry.info, ...clean };
    if (entry.fd !== null) {
      try {
        fs.fsyncSync(entry.fd); // the end record is the one worth a flush to disk
        fs.closeSync(entry.fd);
      } catch {
        // Closing can only fail if the fd is already gone; the data was written.
      }
      entry.fd = null;
    }
    this.evict();
    return entry.info;
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

  /** The whole record, read from disk (so it is complete even for a live run). */
  get(runId: string): RunData {
    this.entry(runId);
    let text: string;
    try {
      text = fs.readFileSync(this.file(runId), 'utf8');
    } catch {
      throw new ProclabError('not-found', `run ${runId} has no journal on disk`);
    }
    const data = parseJournal(text);
    if (!data) throw new ProclabError('not-found', `run ${runId} has an unreadable journal`);
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
    fs.rmSync(this.file(runId), { force: true });
    this.totalBytes -= entry.bytes;
    this.entries.delete(runId);
  }

  /** Oldest-first eviction of ended runs until under the cap; a running run is never evicted. */
  private evict(): void {
    if (this.totalBytes <= this.capBytes) return;
    const ended = [...this.entries.values()]
      .filter((e) => e.info.status !== 'running')
      .sort((a, b) => a.info.startedAt - b.info.startedAt || (a.info.id < b.info.id ? -1 : 1));
    for (const e of ended) {
      if (this.totalBytes <= this.capBytes) break;
      this.remove(e.info.id);
    }
  }

  private appendRaw(runId: string, rec: JournalRecord, leadingNewline = false): void {
    const entry = this.entry(runId);
    const line = (leadingNewline ? '\n' : '') + JSON.stringify(rec) + '\n';
    if (entry.fd !== null) fs.writeSync(entry.fd, line);
    else fs.appendFileSync(this.file(runId), line);
    const n = Buffer.byteLength(line);
    entry.bytes += n;
    this.totalBytes += n;
    // Checked on every append because a long run can push the folder over the cap on its own.
    if (this.totalBytes > this.capBytes && rec.t === 'sample') this.evict();
  }

  private entry(runId: string): Entry {
    const e = this.entries.get(runId);
    if (!e) throw new ProclabError('not-found', `no run ${runId}`);
    return e;
  }

  private file(runId: string): string {
    return path.join(this.dir, runId + EXT);
  }

  private assertOpen(): void {
    if (!this.opened) throw new ProclabError('unavailable', 'the run store is not open yet');
  }
}

/** The process writing a journal, so another host can tell a live run from a crashed one. */
export interface Owner {
  pid: number;
  /** /proc/<pid>/stat start time, so a reused pid does not pass for the writer. */
  startTime: number | null;
}

function procStartTime(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised name; start time is field 22 overall, 20th after ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const v = Number(rest[19]);
    return Number.isFinite(v) ? v : null;
  } catch {
    return null;
  }
}

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

async function fileSize(file: string): Promise<number> {
  try {
    return (await fs.promises.stat(file)).size;
  } catch {
    return -1;
  }
}

function withoutId(patch: Partial<RunInfo>): Partial<RunInfo> {
  const { id: _id, ...rest } = patch;
  return rest;
}

function parseLine(line: string): JournalRecord | null {
  if (!line) return null;
  try {
    const r = JSON.parse(line) as JournalRecord;
    return r && typeof r === 'object' && typeof r.t === 'string' ? r : null;
  } catch {
    return null; // a line cut by a crash
  }
}

/** Header + patches only: the cheap pass for the index (bulk records are not parsed). */
function scanIndex(text: string): { info: RunInfo; ended: boolean; lastTs: number; owner: Owner | undefined } | null {
  let info: RunInfo | null = null;
  let owner: Owner | undefined;
  let ended = false;
  let lastBulk: string | null = null;
  for (const line of text.split('\n')) {
    // JSON.stringify puts `t` first, so bulk records are recognisable without parsing.
    if (line.startsWith('{"t":"sample"') || line.startsWith('{"t":"event"') || line.startsWith('{"t":"output"')) {
      lastBulk = line;
      continue;
    }
    const r = parseLine(line);
    if (!r) continue;
    if (r.t === 'header') {
      info = { ...r.info };
      owner = r.owner;
    } else if (info !== null && (r.t === 'info' || r.t === 'end')) {
      const cur: RunInfo = info;
      info = { ...cur, ...r.patch };
      if (r.t === 'end') ended = true;
    }
  }
  if (!info || !isRunId(info.id)) return null;
  let lastTs = info.startedAt;
  const last = lastBulk ? parseLine(lastBulk) : null;
  if (last) lastTs = Math.max(lastTs, recordTs(last) ?? lastTs);
  else if (lastBulk) {
    // The last bulk line was the cut one; take the newest whole one instead.
    const lines = text.split('\n');
    for (let i = lines.length - 1; i >= 0; i--) {
      const r = parseLine(lines[i] ?? '');
      const ts = r ? recordTs(r) : null;
      if (ts != null) {
        lastTs = Math.max(lastTs, ts);
        break;
      }
    }
  }
  return { info, ended, lastTs, owner };
}

function recordTs(r: JournalRecord): number | null {
  if (r.t === 'sample') return r.s.ts;
  if (r.t === 'event') return r.e.ts;
  if (r.t === 'output') return r.o.ts;
  if (r.t === 'deadlock') return r.d.ts;
  return null;
}

/** Full parse of one journal; tolerant of cut or garbled lines. Exported for tests and tools. */
export function parseJournal(text: string): RunData | null {
  let data: RunData | null = null;
  for (const line of text.split('\n')) {
    const r = parseLine(line);
    if (!r) continue;
    if (r.t === 'header') {
      data = { info: { ...r.info }, machine: r.machine, samples: [], events: [], outputs: [] };
      continue;
    }
    if (!data) continue;
    switch (r.t) {
      case 'sample':
        data.samples.push(r.s);
        break;
      case 'event':
        data.events.push(r.e);
        break;
      case 'output':
        data.outputs.push(r.o);
        break;
      case 'deadlock':
        (data.deadlocks ??= []).push(r.d);
        break;
      case 'info':
      case 'end':
        data.info = { ...data.info, ...r.patch };
        break;
    }
  }
  // Events are journaled as they are noticed; an exit can be dated before the tick that saw it
  // (it ended before its parent). Readers get them in time order (stable for equal times).
  data?.events.sort((a, b) => a.ts - b.ts);
  return data;
}
