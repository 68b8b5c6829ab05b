import { MAX_OUTPUT_BYTES_PER_SEC } from '../../../shared/storage-bounds';
import type { OutputKind } from '../../../shared/model';

/**
 * The NDJSON scenario protocol: a stdout line that is a JSON object with a known "ev" becomes
 * structured output; anything else is log text. Programs are never trusted: wrong field types
 * turn the line back into plain log text instead of reaching the journal half-parsed.
 */
export type ParsedLine =
  { type: 'output'; kind: OutputKind; text?: string; data?: Record<string, unknown> } | { type: 'daemon'; pid: number };

const MAX_TEXT = 4096;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const log = (line: string): ParsedLine => ({
  type: 'output',
  kind: 'log',
  text: line.length > MAX_TEXT ? line.slice(0, MAX_TEXT) + '…' : line,
});

export function parseProtocolLine(line: string): ParsedLine {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return log(line);
  let obj: unknown;
  try {
    obj = JSON.parse(trimmed);
  } catch {
    return log(line);
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return log(line);
  const o = obj as Record<string, unknown>;
  switch (o.ev) {
    case 'progress':
      return isNum(o.done) && isNum(o.total) ? { type: 'output', kind: 'progress', data: { done: o.done, total: o.total } } : log(line);
    case 'metric':
      return typeof o.name === 'string' && o.name && isNum(o.value)
        ? { type: 'output', kind: 'metric', data: { name: o.name.slice(0, 128), value: o.value } }
        : log(line);
    case 'mark': {
      if (typeof o.label !== 'string') return log(line);
      const data: Record<string, unknown> = {};
      if (isNum(o.tid)) data.tid = o.tid;
      // The program's own clock (epoch ms) when it wrote the mark: the line's arrival time can be
      // late on a busy host, after the engine already saw what the program did next.
      if (isNum(o.at)) data.at = o.at;
      // Lock marks ("acquired" / "waiting" / "released" + lock) let the deadlock watchdog name its cycle.
      if (typeof o.lock === 'string' && o.lock) data.lock = o.lock.slice(0, 64);
      if ((typeof o.thread === 'string' && o.thread) || isNum(o.thread)) data.thread = String(o.thread).slice(0, 64);
      return { type: 'output', kind: 'mark', text: o.label.slice(0, MAX_TEXT), data };
    }
    case 'result': {
      const { ev: _ev, ...rest } = o;
      return { type: 'output', kind: 'result', data: rest };
    }
    case 'daemon':
      return isNum(o.pid) && Number.isInteger(o.pid) && o.pid > 1 ? { type: 'daemon', pid: o.pid } : log(line);
    case 'log': {
      const text = [o.msg, o.text, o.message].find((v): v is string => typeof v === 'string');
      return text !== undefined ? log(text) : log(line);
    }
    default:
      return log(line);
  }
}

/**
 * Per-run flood guard: at most `maxPerSec` lines and `maxBytesPerSec` bytes per one-second
 * window; the rest are counted, not stored. Bytes count too, because a few huge lines cost what
 * millions of short ones do. The clock is passed in so the rule is testable without sleeping.
 */
export class LineRateLimiter {
  private windowStart = -Infinity;
  private count = 0;
  private bytes = 0;
  private dropped = 0;

  constructor(
    readonly maxPerSec = 200,
    readonly maxBytesPerSec = MAX_OUTPUT_BYTES_PER_SEC,
  ) {}

  /** True if the line (of `bytes` length) may be kept. */
  admit(nowMs: number, bytes = 0): boolean {
    if (nowMs - this.windowStart >= 1000) {
      this.windowStart = nowMs;
      this.count = 0;
      this.bytes = 0;
    }
    if (this.count < this.maxPerSec && this.bytes + bytes <= this.maxBytesPerSec) {
      this.count++;
      this.bytes += bytes;
      return true;
    }
    this.dropped++;
    return false;
  }

  /**
   * Lines dropped so far that have not been reported, once their window is over (or always
   * when `force`, e.g. at stream end); resets the count so each drop is reported once.
   */
  takeDropped(nowMs: number, force = false): number {
    if (!this.dropped || (!force && nowMs - this.windowStart < 1000)) return 0;
    const n = this.dropped;
    this.dropped = 0;
    return n;
  }
}

export function droppedMessage(n: number, maxPerSec: number): string {
  return `[proclab] dropped ${n} output line${n === 1 ? '' : 's'} (more than ${maxPerSec} lines/s or ${MAX_OUTPUT_BYTES_PER_SEC / 1024 ** 2} MiB/s)`;
}
