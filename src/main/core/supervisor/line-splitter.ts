import type { Readable } from 'node:stream';
import { MAX_OUTPUT_LINE_BYTES } from '../../../shared/storage-bounds';

/**
 * Splits a program's output into lines as readline does (\n, \r\n or a lone \r ends a line), but
 * holds at most `maxBytes` of one line: a program printing gigabytes without a newline costs the
 * host that bound, not its memory. The rest of such a line is counted and reported with it.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private held = 0;
  private dropped = 0;
  private afterCR = false;

  constructor(
    private readonly onLine: (line: string, droppedBytes: number) => void,
    private readonly maxBytes = MAX_OUTPUT_LINE_BYTES,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b !== 0x0a && b !== 0x0d) continue;
      if (b === 0x0a && this.afterCR && i === start) {
        // The \n of a \r\n whose \r ended the line already.
        this.afterCR = false;
        start = i + 1;
        continue;
      }
      this.hold(chunk, start, i);
      this.emit();
      this.afterCR = b === 0x0d;
      start = i + 1;
    }
    if (start < chunk.length) {
      this.afterCR = false;
      this.hold(chunk, start, chunk.length);
    }
  }

  /** The stream ended: a last line without a newline is still a line. */
  end(): void {
    if (this.held || this.dropped) this.emit();
  }

  private hold(chunk: Buffer, from: number, to: number): void {
    const room = this.maxBytes - this.held;
    const take = Math.min(room, to - from);
    if (take > 0) {
      // A copy: a slice would keep the whole 64 KiB read buffer alive for a few bytes.
      this.parts.push(Buffer.from(chunk.subarray(from, from + take)));
      this.held += take;
    }
    this.dropped += to - from - Math.max(take, 0);
  }

  private emit(): void {
    const line = this.parts.length === 1 ? this.parts[0]!.toString('utf8') : Buffer.concat(this.parts, this.held).toString('utf8');
    const dropped = this.dropped;
    this.parts = [];
    this.held = 0;
    this.dropped = 0;
    this.onLine(line, dropped);
  }
}

/** Feeds a readable stream through a LineSplitter. */
export function splitLines(stream: Readable, onLine: (line: string, droppedBytes: number) => void, maxBytes?: number): void {
  const s = new LineSplitter(onLine, maxBytes);
  stream.on('data', (c: Buffer | string) => s.push(typeof c === 'string' ? Buffer.from(c) : c));
  stream.on('end', () => s.end());
  // A read error ends the stream like EOF would: the program's output is simply over.
  stream.on('error', () => s.end());
}

/** The note a cut line leaves in the run's log. */
export function lineCutNote(droppedBytes: number): string {
  return `[proclab] line cut: ${droppedBytes} bytes dropped (a line keeps at most ${MAX_OUTPUT_LINE_BYTES / 1024} KiB)`;
}
