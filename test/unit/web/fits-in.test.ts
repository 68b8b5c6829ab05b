import { describe, expect, it } from 'vitest';
import { fitsIn } from '../../../src/main/web/server';

describe('the per-client bound counts a message in bytes', () => {
  it('refuses a Chinese message whose UTF-16 length fits but whose UTF-8 bytes do not', () => {
    const zh = '进程与线程'.repeat(1000); // 5,000 units, 15,000 bytes
    expect(zh.length).toBeLessThanOrEqual(10_000);
    expect(fitsIn(zh, 10_000)).toBe(false);
    expect(fitsIn(zh, 15_000)).toBe(true);
  });

  it('decides ASCII by its length alone, both ways', () => {
    const ascii = 'x'.repeat(1000);
    expect(fitsIn(ascii, 999)).toBe(false);
    expect(fitsIn(ascii, 1000)).toBe(true);
  });
});
