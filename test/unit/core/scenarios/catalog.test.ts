import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ScenarioCatalog } from '../../../../src/main/core/scenarios/catalog';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function folder(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-catalog-'));
  dirs.push(d);
  fs.mkdirSync(path.join(d, 'one'));
  fs.writeFileSync(path.join(d, 'one', 'manifest.json'), '{');
  return d;
}

describe('the scenario catalogue is built once and rebuilt only when the folders change', () => {
  it('answers from its cache until the folders change, and looks at them at most every recheckMs', () => {
    const dir = folder();
    let now = 0;
    const cat = new ScenarioCatalog(dir, new Map(), 1000, () => now);
    const first = cat.list();
    expect(first.errors.map((e) => e.id)).toEqual(['one']);
    now = 5000;
    expect(cat.list()).toBe(first); // nothing changed: the same answer, not a re-read

    fs.mkdirSync(path.join(dir, 'two'));
    fs.writeFileSync(path.join(dir, 'two', 'manifest.json'), '[');
    now = 5500;
    expect(cat.list()).toBe(first); // within recheckMs of the last look
    now = 6100;
    const second = cat.list();
    expect(second).not.toBe(first);
    expect(second.errors.map((e) => e.id)).toEqual(['one', 'two']);

    // An edit in place (same folder entries) is seen through the manifest's size and mtime.
    fs.writeFileSync(path.join(dir, 'one', 'manifest.json'), '{"id":"one"}');
    now = 8000;
    const third = cat.list();
    expect(third).not.toBe(second);
    expect(third.errors.find((e) => e.id === 'one')!.message).not.toMatch(/not valid JSON/);
  });
});
