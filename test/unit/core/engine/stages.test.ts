import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MonitorView } from '../../../../src/main/core/engine/monitor-view';
import { PidusageSource, ProcfsSource, PsSource, type SourceCaps } from '../../../../src/main/core/sampler/source';

const ENGINE = path.join(__dirname, '..', '..', '..', '..', 'src', 'main', 'core', 'engine');
const filesUnder = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));

describe('the engine as stages', () => {
  it('each source says what it can read; the fallbacks claim none of the /proc-only facts', () => {
    const onlyProcfs: (keyof SourceCaps)[] = [
      'procfs',
      'threads',
      'waits',
      'schedstat',
      'rowDetails',
      'sockets',
      'machineDetail',
      'environ',
    ];
    const procfs = new ProcfsSource();
    try {
      for (const k of onlyProcfs.filter((k) => k !== 'schedstat')) expect(procfs.caps[k], k).toBe(true);
    } finally {
      procfs.close();
    }
    for (const fallback of [new PsSource(), new PidusageSource()]) for (const k of onlyProcfs) expect(fallback.caps[k], k).toBe(false);
    expect(new PsSource().caps.states).toBe(true);
    expect(new PidusageSource().caps.states).toBe(false);
  });

  it('no engine module asks which source it has, and each stays small', () => {
    for (const f of filesUnder(ENGINE)) {
      const text = fs.readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(/source\.kind|\.kind === 'procfs'/);
      expect(text.split('\n').length, f).toBeLessThan(200);
    }
  });

  it('the monitor view keeps its bounds: the start option is clamped, a change is checked and taken whole', () => {
    const v = new MonitorView(10);
    expect(v.intervalMs).toBe(250);
    const r = v.apply({ scope: 'system', intervalMs: 5000, threadsFor: [1, 1, 2, ...Array.from({ length: 61 }, (_, i) => i + 3)] });
    expect(r).toEqual({ scopeChanged: true, intervalGiven: true });
    expect(v.current()).toMatchObject({ scope: 'system', intervalMs: 5000 });
    expect(v.threadsFor).toHaveLength(63);
    expect(v.threadsFor.slice(0, 2)).toEqual([1, 2]);
    expect(v.apply({ scope: 'system' })).toEqual({ scopeChanged: false, intervalGiven: false });
  });
});
