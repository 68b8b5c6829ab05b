import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../../src/main/core/supervisor/line-splitter';
import { LineRateLimiter } from '../../../../src/main/core/scenarios/protocol';

function split(chunks: Array<string | Buffer>, max = 8): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  const s = new LineSplitter((l, d) => out.push([l, d]), max);
  for (const c of chunks) s.push(typeof c === 'string' ? Buffer.from(c) : c);
  s.end();
  return out;
}

describe('LineSplitter', () => {
  it('splits as readline does: \\n, \\r\\n (also across chunks), a lone \\r, a last line without newline', () => {
    expect(split(['a\nb\r\nc\rd', '\r', '\ne\n', 'f'])).toEqual([
      ['a', 0],
      ['b', 0],
      ['c', 0],
      ['d', 0],
      ['e', 0],
      ['f', 0],
    ]);
    expect(split(['\n\n'])).toEqual([
      ['', 0],
      ['', 0],
    ]);
  });

  it('keeps at most maxBytes of a line and counts the rest, over many chunks', () => {
    expect(split(['0123', '456789abc', 'def\nshort\n'])).toEqual([
      ['01234567', 8],
      ['short', 0],
    ]);
  });

  it('holds no more than the bound for a line that never ends', () => {
    let held = 0;
    const s = new LineSplitter(() => {}, 1024);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    for (let i = 0; i < 100; i++) s.push(chunk);
    // The private buffer is the only thing that grows; peek at it through its parts.
    held = (s as unknown as { held: number }).held;
    expect(held).toBe(1024);
    const got: Array<[string, number]> = [];
    const s2 = new LineSplitter((l, d) => got.push([l, d]), 1024);
    for (let i = 0; i < 100; i++) s2.push(chunk);
    s2.end();
    expect(got).toEqual([['a'.repeat(1024), 100 * 64 * 1024 - 1024]]);
  });
});

describe('LineRateLimiter bytes', () => {
  it('drops lines past the bytes budget of a window even under the lines budget', () => {
    const l = new LineRateLimiter(1000, 100);
    expect(l.admit(0, 60)).toBe(true);
    expect(l.admit(1, 60)).toBe(false);
    expect(l.admit(2, 40)).toBe(true);
    expect(l.admit(1001, 100)).toBe(true); // a new window
    expect(l.takeDropped(2001)).toBe(1);
  });
});
