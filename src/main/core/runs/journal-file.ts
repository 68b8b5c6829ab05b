import fs from 'node:fs';
import type { DeadlockEvent, LifecycleEvent, MachineInfo, RunData, RunInfo, RunOutput, RunSample } from '../../../shared/model';
import { migrateInfo } from '../../../shared/outcome';

/**
 * The run journal's format: one append-only NDJSON file per run (`<runId>.ndjson`), and how to
 * read it without ever holding it whole.
 *
 * Why append-only: a run must survive the app being killed mid-run, with everything up to the
 * crash. Each record is one write of one line, so a SIGKILL can at worst leave a cut last line,
 * which reading skips. Records:
 *   {t:'header', info, machine, owner} · {t:'sample', s} · {t:'event', e} · {t:'output', o}
 *   {t:'deadlock', d} · {t:'info', patch, info?} · {t:'end', patch, info?} · {t:'truncated', ts, bytes}
 * RunInfo is the header's info with every info/end patch applied in order. Info and end records
 * also carry the whole info after their patch (`info`), so the last line of an ended journal is
 * its summary: listing runs reads a journal's first and last lines, not the file.
 */
export type JournalRecord =
  | { t: 'header'; info: RunInfo; machine: MachineInfo; owner?: Owner }
  | { t: 'sample'; s: RunSample }
  | { t: 'event'; e: LifecycleEvent }
  | { t: 'output'; o: RunOutput }
  | { t: 'deadlock'; d: DeadlockEvent }
  | { t: 'info'; patch: Partial<RunInfo>; info?: RunInfo }
  | { t: 'end'; patch: Partial<RunInfo>; info?: RunInfo }
  /** The run reached its journal quota at `ts`: no sample or output after it was kept. */
  | { t: 'truncated'; ts: number; bytes: number };

/** The process writing a journal, so another host can tell a live run from a crashed one. */
export interface Owner {
  pid: number;
  /** /proc/<pid>/stat start time, so a reused pid does not pass for the writer. */
  startTime: number | null;
}

export const JOURNAL_EXT = '.ndjson';

/** A line longer than this is skipped when reading (written only by versions before the line cap). */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** A header (argv, params, a scratchpad's code) is far below this; a first line without a newline within it is damaged. */
const MAX_HEADER_BYTES = 4 * 1024 * 1024;

/** Every INDEX_STRIDE-th sample and output has its byte offset in the index: a page read starts there. */
export const INDEX_STRIDE = 64;

const CHUNK_BYTES = 1024 * 1024;
/** A page read stops soon after its last record: smaller reads waste less past it. */
const PAGE_CHUNK_BYTES = 128 * 1024;

/** Bytes read from journals so far (tests check that a page does not read the whole file). */
export const journalReads = { bytes: 0 };

export function encodeRecord(rec: JournalRecord): string {
  return JSON.stringify(rec) + '\n';
}

export function parseLine(line: string): JournalRecord | null {
  if (!line) return null;
  try {
    const r = JSON.parse(line) as JournalRecord;
    return r && typeof r === 'object' && typeof r.t === 'string' ? r : null;
  } catch {
    return null; // a line cut by a crash
  }
}

type Bulk = 'sample' | 'output' | 'event' | 'deadlock';
// JSON.stringify puts `t` first, so bulk records are recognisable without parsing.
const PREFIXES: Array<[Bulk, Buffer]> = (['sample', 'output', 'event', 'deadlock'] as const).map((k) => [k, Buffer.from(`{"t":"${k}"`)]);

function bulkKind(line: Buffer): Bulk | null {
  for (const [k, p] of PREFIXES) if (line.length > p.length && line.subarray(0, p.length).equals(p)) return k;
  return null;
}

async function readAt(fh: fs.promises.FileHandle, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(len);
  let got = 0;
  while (got < len) {
    const { bytesRead } = await fh.read(buf, got, len - got, pos + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  journalReads.bytes += got;
  return got === len ? buf : buf.subarray(0, got);
}

/**
 * The complete lines (ending in \n) between byte `from` and `to`, with their offsets, read in
 * bounded chunks. A line longer than MAX_RECORD_BYTES is skipped, never held.
 */
export async function* readLines(
  fh: fs.promises.FileHandle,
  from: number,
  to: number,
  chunkBytes = CHUNK_BYTES,
): AsyncGenerator<{ at: number; end: number; line: Buffer }> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineAt = from;
  let skipping = false;
  for (let pos = from; pos < to;) {
    const chunk = await readAt(fh, pos, Math.min(chunkBytes, to - pos));
    if (!chunk.length) return;
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      const end = pos + nl + 1;
      if (!skipping) {
        const part = chunk.subarray(start, nl);
        const line = pending.length ? Buffer.concat([...pending, part], pendingBytes + part.length) : part;
        yield { at: lineAt, end, line };
      }
      pending = [];
      pendingBytes = 0;
      skipping = false;
      lineAt = end;
      start = nl + 1;
    }
    if (start < chunk.length && !skipping) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > MAX_RECORD_BYTES) {
        pending = [];
        pendingBytes = 0;
        skipping = true;
      }
    }
    pos += chunk.length;
  }
}

/** The first line of a file, if it ends within MAX_HEADER_BYTES; `complete: false` if it does not end there. */
export async function readFirstLine(file: string): Promise<{ line: string; complete: boolean }> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const parts: Buffer[] = [];
    for (let pos = 0; pos < MAX_HEADER_BYTES;) {
      const chunk = await readAt(fh, pos, 64 * 1024);
      if (!chunk.length) break;
      const nl = chunk.indexOf(0x0a);
      if (nl !== -1) {
        parts.push(chunk.subarray(0, nl));
        return { line: Buffer.concat(parts).toString('utf8'), complete: true };
      }
      parts.push(chunk);
      pos += chunk.length;
    }
    return { line: Buffer.concat(parts).toString('utf8'), complete: false };
  } finally {
    await fh.close();
  }
}

/** The last complete line of a file of `size` bytes, if the file ends with one (else null). */
export async function readLastLine(file: string, size: number): Promise<string | null> {
  const fh = await fs.promises.open(file, 'r');
  try {
    for (let window = 256 * 1024; ; window *= 4) {
      const from = Math.max(0, size - window);
      const buf = await readAt(fh, from, size - from);
      if (!buf.length || buf[buf.length - 1] !== 0x0a) return null;
      const prev = buf.lastIndexOf(0x0a, buf.length - 2);
      if (prev !== -1) return buf.subarray(prev + 1, buf.length - 1).toString('utf8');
      if (from === 0) return buf.subarray(0, buf.length - 1).toString('utf8');
      if (window >= MAX_HEADER_BYTES) return null;
    }
  } finally {
    await fh.close();
  }
}

function recordTs(r: JournalRecord): number | null {
  if (r.t === 'sample') return r.s.ts;
  if (r.t === 'event') return r.e.ts;
  if (r.t === 'output') return r.o.ts;
  if (r.t === 'deadlock') return r.d.ts;
  return null;
}

/** The info an info/end record leaves: its whole `info` if it carries one, else the patch applied. */
export function applyRecord(info: RunInfo, r: { patch: Partial<RunInfo>; info?: RunInfo }): RunInfo {
  return r.info && typeof r.info === 'object' ? { ...r.info, id: info.id } : { ...info, ...r.patch };
}

/**
 * What one streaming pass over a journal learns, kept per run and extended as the file grows:
 * the run's info, whether it ended, and where its records are (byte offsets), so a page of
 * samples or output is read from its place instead of parsing the file.
 */
export class JournalIndex {
  /** Bytes indexed: every complete line before this offset. */
  upTo = 0;
  header: Extract<JournalRecord, { t: 'header' }> | null = null;
  info: RunInfo | null = null;
  /** The first complete line is not a header: the journal is damaged. */
  damaged = false;
  ended = false;
  truncated = false;
  samples = 0;
  outputs = 0;
  readonly sampleAt: number[] = [];
  readonly outputAt: number[] = [];
  /** [start, end) of every event and deadlock record: few, and all of them go on a run's first page. */
  readonly eventAt: Array<[number, number]> = [];
  readonly deadlockAt: Array<[number, number]> = [];
  /** The newest bulk lines (a crash may have cut the last one), for the time the run was last seen alive. */
  private recentBulk: Buffer[] = [];
  private lastTs: number | null = null;

  private add(at: number, end: number, line: Buffer): void {
    const kind = bulkKind(line);
    if (at === 0 && (kind || parseLine(line.toString('utf8'))?.t !== 'header')) this.damaged = true;
    if (kind) {
      if (kind === 'sample') {
        if (this.samples % INDEX_STRIDE === 0) this.sampleAt.push(at);
        this.samples++;
      } else if (kind === 'output') {
        if (this.outputs % INDEX_STRIDE === 0) this.outputAt.push(at);
        this.outputs++;
      } else if (kind === 'event') this.eventAt.push([at, end]);
      else this.deadlockAt.push([at, end]);
      if (this.recentBulk.length >= 3) this.recentBulk.shift();
      this.recentBulk.push(line);
      return;
    }
    const r = parseLine(line.toString('utf8'));
    if (!r) return;
    if (r.t === 'header') {
      if (this.header) return;
      this.header = r;
      this.info = { ...r.info };
    } else if ((r.t === 'info' || r.t === 'end') && this.info) {
      this.info = applyRecord(this.info, r);
      if (r.t === 'end') this.ended = true;
    } else if (r.t === 'truncated') this.truncated = true;
  }

  private extending: Promise<void> = Promise.resolve();

  /** Reads what was appended since the last call (complete lines only); calls queue, never overlap. */
  extend(file: string): Promise<void> {
    const next = this.extending.then(() => this.extendNow(file));
    this.extending = next.catch(() => {});
    return next;
  }

  private async extendNow(file: string): Promise<void> {
    const fh = await fs.promises.open(file, 'r');
    try {
      const size = (await fh.stat()).size;
      if (size < this.upTo) throw new Error(`journal ${file} shrank`);
      for await (const { at, end, line } of readLines(fh, this.upTo, size)) {
        this.add(at, end, line);
        this.upTo = end;
      }
    } finally {
      await fh.close();
    }
    for (let i = this.recentBulk.length - 1; i >= 0; i--) {
      const r = parseLine(this.recentBulk[i]!.toString('utf8'));
      const ts = r ? recordTs(r) : null;
      if (ts != null) {
        this.lastTs = ts;
        break;
      }
    }
    this.recentBulk = this.recentBulk.slice(-1);
  }

  /** The time the run was last seen alive: its newest whole record, else its start. */
  lastSeen(): number {
    const start = this.info?.startedAt ?? 0;
    return Math.max(start, this.lastTs ?? start);
  }

  /** `limit` samples or outputs from the `from`-th on, read from the nearest indexed offset. */
  async readBulk<K extends 'sample' | 'output'>(
    file: string,
    kind: K,
    from: number,
    limit: number,
  ): Promise<Array<K extends 'sample' ? RunSample : RunOutput>> {
    type Item = K extends 'sample' ? RunSample : RunOutput;
    const count = kind === 'sample' ? this.samples : this.outputs;
    const marks = kind === 'sample' ? this.sampleAt : this.outputAt;
    const out: Item[] = [];
    if (from >= count || limit <= 0) return out;
    const start = marks[Math.floor(from / INDEX_STRIDE)];
    if (start === undefined) return out;
    let n = Math.floor(from / INDEX_STRIDE) * INDEX_STRIDE;
    const fh = await fs.promises.open(file, 'r');
    try {
      for await (const { line } of readLines(fh, start, this.upTo, PAGE_CHUNK_BYTES)) {
        if (bulkKind(line) !== kind) continue;
        if (n++ < from) continue;
        const r = parseLine(line.toString('utf8'));
        if (r?.t === 'sample' && kind === 'sample') out.push(r.s as Item);
        else if (r?.t === 'output' && kind === 'output') out.push(r.o as Item);
        if (n >= from + limit) break;
      }
    } finally {
      await fh.close();
    }
    return out;
  }

  /** Every event and watchdog record, in time order (events are journalled as noticed, not in time order). */
  async readEvents(file: string): Promise<{ events: LifecycleEvent[]; deadlocks: DeadlockEvent[] }> {
    const events: LifecycleEvent[] = [];
    const deadlocks: DeadlockEvent[] = [];
    const fh = await fs.promises.open(file, 'r');
    try {
      for (const r of await readRanges(
        fh,
        [...this.eventAt, ...this.deadlockAt].sort((a, b) => a[0] - b[0]),
      )) {
        if (r.t === 'event') events.push(r.e);
        else if (r.t === 'deadlock') deadlocks.push(r.d);
      }
    } finally {
      await fh.close();
    }
    events.sort((a, b) => a.ts - b.ts);
    return { events, deadlocks };
  }
}

/** Reads records at known [start, end) ranges, neighbours coalesced into one bounded read. */
async function readRanges(fh: fs.promises.FileHandle, ranges: Array<[number, number]>): Promise<JournalRecord[]> {
  const out: JournalRecord[] = [];
  for (let i = 0; i < ranges.length;) {
    const [from] = ranges[i]!;
    let j = i;
    // Join the next range while the gap is small and the read stays within one chunk.
    while (j + 1 < ranges.length && ranges[j + 1]![0] - ranges[j]![1] < 64 * 1024 && ranges[j + 1]![1] - from <= CHUNK_BYTES) j++;
    const to = ranges[j]![1];
    if (to - from > MAX_RECORD_BYTES) {
      i = j + 1;
      continue;
    }
    const buf = await readAt(fh, from, to - from);
    for (let k = i; k <= j; k++) {
      const [a, b] = ranges[k]!;
      const r = parseLine(buf.subarray(a - from, b - from - 1).toString('utf8'));
      if (r) out.push(r);
    }
    i = j + 1;
  }
  return out;
}

/** Full streaming parse of one journal (complete lines only); tolerant of cut or garbled lines. */
export async function readJournalFile(file: string): Promise<RunData | null> {
  const fh = await fs.promises.open(file, 'r');
  let data: RunData | null = null;
  try {
    const size = (await fh.stat()).size;
    for await (const { line } of readLines(fh, 0, size)) data = addRecord(data, parseLine(line.toString('utf8')));
  } finally {
    await fh.close();
  }
  return finishData(data);
}

function addRecord(data: RunData | null, r: JournalRecord | null): RunData | null {
  if (!r) return data;
  if (r.t === 'header') return data ?? { info: { ...r.info }, machine: r.machine, samples: [], events: [], outputs: [] };
  if (!data) return null;
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
      data.info = applyRecord(data.info, r);
      break;
    case 'truncated':
      data.info = { ...data.info, journal: data.info.journal ?? 'truncated' };
      break;
  }
  return data;
}

function finishData(data: RunData | null): RunData | null {
  // Events are journaled as they are noticed; an exit can be dated before the tick that saw it
  // (it ended before its parent). Readers get them in time order (stable for equal times).
  data?.events.sort((a, b) => a.ts - b.ts);
  if (data) data.info = migrateInfo(data.info);
  return data;
}

/** Full parse of one journal's text; tolerant of cut or garbled lines. For tests and tools. */
export function parseJournal(text: string): RunData | null {
  let data: RunData | null = null;
  for (const line of text.split('\n')) data = addRecord(data, parseLine(line));
  return finishData(data);
}
