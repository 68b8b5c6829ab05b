import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import parse from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { MetricsCollector, MAX_GROUPS } from '../../../../src/main/core/exporter/collect';
import { GroupCounters } from '../../../../src/main/core/exporter/counters';
import { renderExposition } from '../../../../src/main/core/exporter/exposition';

describe('renderExposition', () => {
  it('writes HELP/TYPE and escapes label values and help text as the format requires', () => {
    const text = renderExposition([
      { name: 'x_total', type: 'counter', help: 'line one\nback\\slash', samples: [{ labels: { path: 'C:\\dir "q"\nz' }, value: 3 }] },
      { name: 'y_bytes', type: 'gauge', help: 'g', samples: [{ value: 1.5 }, { labels: { a: 'b' }, value: NaN }] },
    ]);
    expect(text).toContain('# HELP x_total line one\\nback\\\\slash\n');
    expect(text).toContain('x_total{path="C:\\\\dir \\"q\\"\\nz"} 3\n');
    const fams = parse(text);
    expect(fams.map((f) => [f.name, f.type])).toEqual([
      ['x_total', 'COUNTER'],
      ['y_bytes', 'GAUGE'],
    ]);
    expect(fams[0]!.metrics[0]!.labels).toEqual({ path: 'C:\\dir "q"\nz' });
    expect(fams[1]!.metrics.map((m) => m.value)).toEqual(['1.5', 'NaN']);
  });
  it('refuses invalid names (a bug in the collector, not input)', () => {
    expect(() => renderExposition([{ name: 'bad-name', type: 'gauge', help: '', samples: [] }])).toThrow(/invalid metric name/);
    expect(() => renderExposition([{ name: 'ok', type: 'gauge', help: '', samples: [{ labels: { __x: '1' }, value: 1 }] }])).toThrow(
      /label/,
    );
  });
});

describe('GroupCounters', () => {
  it('stays monotonic when a process of the group exits and counts a new process from its whole total', () => {
    const c = new GroupCounters(1);
    c.update([
      { key: '1:10', group: 'py', values: [5] },
      { key: '2:11', group: 'py', values: [3] },
    ]);
    expect(c.get('py')).toEqual([8]);
    c.update([{ key: '1:10', group: 'py', values: [6] }]); // 2 exited
    expect(c.get('py')).toEqual([9]);
    c.update([
      { key: '1:10', group: 'py', values: [6] },
      { key: '2:99', group: 'py', values: [1] }, // pid 2 reused by a new process
    ]);
    expect(c.get('py')).toEqual([10]);
  });
});

// Parser-level check of what a real scrape of this machine says (runs everywhere, with or without promtool).
describe.skipIf(process.platform !== 'linux')('MetricsCollector on /proc', () => {
  it('exposes per-core CPU by mode, memory, load, process groups with states, runs and its own scrape duration', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-metrics-'));
    try {
      // A live run as another instance would journal it: this test process itself, as run "r1".
      const st = fs.readFileSync('/proc/self/stat', 'utf8');
      const startTime = Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[19]);
      fs.mkdirSync(path.join(dataDir, 'state'));
      fs.writeFileSync(
        path.join(dataDir, 'state', 'live-1.json'),
        JSON.stringify({ owner: { pid: 1, startTime: null }, live: [{ pid: process.pid, startTime, runId: 'r1' }] }),
      );
      const c = new MetricsCollector({ dataDir });
      c.scrape();
      const fams = parse(c.scrape());
      const by = new Map(fams.map((f) => [f.name, f]));
      const cpu = by.get('proclab_cpu_seconds_total')!;
      expect(cpu.type).toBe('COUNTER');
      expect(cpu.metrics).toHaveLength(os.cpus().length * 8);
      expect(new Set(cpu.metrics.map((m) => m.labels?.mode))).toEqual(
        new Set(['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal']),
      );
      expect(Number(by.get('proclab_memory_total_bytes')!.metrics[0]!.value)).toBe(os.totalmem());
      expect(by.get('proclab_load1')!.type).toBe('GAUGE');
      const groups = by.get('proclab_group_processes')!.metrics;
      expect(groups.length).toBeLessThanOrEqual(MAX_GROUPS + 1);
      const mine = fs.readFileSync('/proc/self/comm', 'utf8').trim();
      expect(Number(groups.find((m) => m.labels?.group === mine)!.value)).toBeGreaterThanOrEqual(1);
      const states = by.get('proclab_group_state_processes')!.metrics.filter((m) => m.labels?.group === mine);
      expect(states.map((m) => m.labels?.state)).toContain('zombie');
      expect(Number(by.get('proclab_group_cpu_seconds_total')!.metrics.find((m) => m.labels?.group === mine)!.value)).toBeGreaterThan(0);
      expect(by.get('proclab_group_written_bytes_total')!.type).toBe('COUNTER');
      expect(by.get('proclab_run_processes')!.metrics).toEqual([{ labels: { run: 'r1' }, value: '1' }]);
      expect(Number(by.get('proclab_run_resident_memory_bytes')!.metrics[0]!.value)).toBeGreaterThan(0);
      expect(Number(by.get('proclab_exporter_scrape_duration_seconds')!.metrics[0]!.value)).toBeGreaterThan(0);
      expect(by.get('proclab_exporter_scrapes_total')!.metrics[0]!.value).toBe('2');
      if (fs.existsSync('/proc/pressure/cpu'))
        expect(by.get('proclab_pressure_stalled_seconds_total')!.metrics.length).toBeGreaterThanOrEqual(1);
      for (const f of fams) if (f.type === 'COUNTER') expect(f.name).toMatch(/_total$/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the exporter group cap', () => {
  it('holds when many new names arrive before one scrape: capped as names are added', async () => {
    const { chooseGroups, OTHER_GROUP } = await import('../../../../src/main/core/exporter/collect');
    const counters = new GroupCounters(2);
    counters.update([{ key: '1:1', group: 'init', values: [1, 0] }]);
    // 1,577 distinct names in one scrape (the reproduction), each process once.
    const comms = Array.from({ length: 1577 }, (_, i) => `burst-${i}`);
    const groups = chooseGroups(['init', ...comms, 'init'], counters);
    counters.update(groups.map((group, i) => ({ key: `${i + 2}:1`, group, values: [1, 1] })));
    expect(counters.size).toBeLessThanOrEqual(MAX_GROUPS + 1); // the named groups and "other"
    expect(counters.groups()).toContain(OTHER_GROUP);
    expect(groups[0]).toBe('init');
    expect(groups.at(-1)).toBe('init'); // a known name keeps its group past the cap
    expect(groups[1]).toBe('burst-0');
    expect(groups.at(-2)).toBe(OTHER_GROUP);
    // The next scrape's new names all go to "other"; the cap stays.
    counters.update(chooseGroups(['late-1', 'late-2'], counters).map((group, i) => ({ key: `${9000 + i}:1`, group, values: [1, 1] })));
    expect(counters.size).toBeLessThanOrEqual(MAX_GROUPS + 1);
  });
});
