import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStatmResident } from '../../../../src/main/core/procfs';

const b = (s: string) => Buffer.from(s, 'latin1');

describe('statm resident pages (RSS as ps and top show it)', () => {
  it('is the second field of the fixture', () => {
    const text = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'fixtures', 'procfs', 'statm.txt'));
    expect(parseStatmResident(text, text.length)).toBe(12840);
  });
  it('rejects a malformed line rather than guessing', () => {
    for (const bad of ['', '125331', '125331 x 3', '125331 12a40 3']) expect(parseStatmResident(b(bad), bad.length)).toBeNull();
    expect(parseStatmResident(b('1 2'), 3)).toBe(2);
  });
});
