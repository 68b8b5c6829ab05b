import { describe, expect, it } from 'vitest';
import { parseDuration, parseSize, UsageError } from '../../../src/main/cli/args';

describe('CLI limit arguments', () => {
  it('--max-mem takes binary sizes', () => {
    expect(parseSize('1G')).toBe(1024 ** 3);
    expect(parseSize('1.5GiB')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('512m')).toBe(512 * 1024 ** 2);
    expect(parseSize('4096')).toBe(4096);
    for (const bad of ['', 'lots', '-1G', '0', '1X']) expect(() => parseSize(bad)).toThrow(UsageError);
  });
  it('--timeout takes durations; a bare number is seconds', () => {
    expect(parseDuration('30')).toBe(30_000);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('250ms')).toBe(250);
    for (const bad of ['', 'soon', '-5s', '0', '3d']) expect(() => parseDuration(bad)).toThrow(UsageError);
  });
});
