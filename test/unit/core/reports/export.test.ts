import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  CSV_COLUMNS,
  CSV_SAMPLE_COLUMNS,
  exportCsvSamples,
  exportReport,
  formatFromFilename,
  jsonReportSchema,
  type TraceFile,
} from '../../../../src/main/core/reports';
import { buildComparison } from '../../../../src/main/core/runs/compare';
import { twoRuns } from '../../runs-fixtures';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const INT32_MAX = 2 ** 31 - 1;

describe('csv', () => {
  it('parses into the CompareRow columns, one row per run', () => {
    const rep = exportReport('csv', twoRuns(), undefined, NOW);
    expect(rep.filename).toBe('proclab-sample-scenario-20261125-120000.csv');
    expect(rep.mime).toBe('text/csv');
    const parsed = Papa.parse<Record<string, string>>(rep.content, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([...CSV_COLUMNS]);
    expect(parsed.data).toHaveLength(2);
    expect(parsed.data[0]).toMatchObject({
      runId: 'run-threads',
      name: 'sample-scenario · python threads',
      params: 'model=threads;workers=2',
      speedup: '1',
    });
    expect(parsed.data[1]).toMatchObject({
      runId: 'run-procs',
      wallMs: '5000',
      speedup: '2',
      efficiency: '', // the baseline ran two workers: no efficiency against it
      spawnLatencyMs: '120',
      ctxSwitches: '',
    });
  });

  it('quotes commas and quotes, and defuses spreadsheet formulas', () => {
    const runs = twoRuns();
    runs[0]!.info.name = '=HYPERLINK("x"), evil';
    const parsed = Papa.parse<Record<string, string>>(exportReport('csv', runs).content, { header: true, skipEmptyLines: true });
    expect(parsed.data[0]!.name).toBe(`'=HYPERLINK("x"), evil`);
  });

  it('exports one row per sample per process', () => {
    const runs = twoRuns();
    const rep = exportCsvSamples({ comparison: buildComparison(runs), runs });
    expect(rep.filename).toMatch(/-samples\.csv$/);
    const parsed = Papa.parse<Record<string, string>>(rep.content, { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual([...CSV_SAMPLE_COLUMNS]);
    expect(parsed.data).toHaveLength(9 + 4 * 3);
    expect(parsed.data[0]).toMatchObject({ runId: 'run-threads', t: '1000', pid: '100', cpu: '100' });
  });
});

describe('json', () => {
  it('validates against its schema and carries a summary per run', () => {
    const rep = exportReport('json', twoRuns(), 'run-procs', NOW);
    expect(rep.filename).toBe('proclab-sample-scenario-20261125-120000.json');
    const doc = jsonReportSchema.parse(JSON.parse(rep.content));
    expect(doc.schema).toBe('proclab.report');
    expect(doc.version).toBe(1);
    expect(doc.comparison.baselineId).toBe('run-procs');
    expect(doc.runs.map((r) => [r.info.id, r.summary.speedup])).toEqual([
      ['run-threads', 0.5],
      ['run-procs', 1],
    ]);
    expect(doc.runs[0]!.counts.samples).toBe(9);
  });

  it('carries claims with and without their bilingual measured text (older journals lack it)', () => {
    const runs = twoRuns();
    const measuredText = { en: '1.04 cores on average', zh: '平均使用 1.04 个核' };
    runs[0]!.info.verdict = {
      pass: true,
      figures: {},
      claims: [
        { text: { en: 'One core', zh: '一个核' }, pass: true, measured: measuredText.en, measuredText },
        { text: { en: 'Old', zh: '旧' }, pass: true, measured: '2 cores' },
      ],
    };
    const doc = JSON.parse(exportReport('json', runs).content);
    expect(jsonReportSchema.parse(doc).runs[0]!.info.verdict!.claims.map((c) => c.measuredText)).toEqual([measuredText, undefined]);
    doc.runs[0].info.verdict.claims[0].measuredText = { en: 'x' };
    expect(jsonReportSchema.safeParse(doc).success).toBe(false);
  });

  it('the schema rejects a wrong version', () => {
    const doc = JSON.parse(exportReport('json', twoRuns()).content);
    doc.version = 2;
    expect(jsonReportSchema.safeParse(doc).success).toBe(false);
  });
});

describe('trace', () => {
  const trace = (): TraceFile => JSON.parse(exportReport('trace', twoRuns(), undefined, NOW).content);

  it('is a Trace Event object whose events all have ph, ts and pid, with 32-bit ids', () => {
    const t = trace();
    expect(t.displayTimeUnit).toBe('ms');
    expect(t.traceEvents.length).toBeGreaterThan(20);
    for (const e of t.traceEvents) {
      expect(['X', 'C', 'i', 'M']).toContain(e.ph);
      expect(Number.isFinite(e.ts) && e.ts >= 0).toBe(true);
      expect(Number.isInteger(e.pid) && e.pid >= 0 && e.pid <= INT32_MAX).toBe(true);
      if (e.tid !== undefined) expect(Number.isInteger(e.tid) && e.tid >= 0 && e.tid <= INT32_MAX).toBe(true);
      expect(typeof e.name).toBe('string');
      if (e.ph === 'X') expect(Number.isFinite(e.dur) && e.dur! > 0).toBe(true);
      if (e.ph === 'i') expect(['t', 'p', 'g']).toContain(e.s);
      if (e.ph === 'C' || e.ph === 'M') expect(typeof e.args).toBe('object');
    }
  });

  it('names every pid (and every tid of a slice) with M metadata', () => {
    const t = trace();
    const named = new Set(t.traceEvents.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => e.pid));
    for (const e of t.traceEvents) expect(named.has(e.pid), `pid ${e.pid} (${e.name}) has a process_name`).toBe(true);
    const threadNamed = new Set(t.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => `${e.pid}:${e.tid}`));
    for (const e of t.traceEvents.filter((x) => x.ph === 'X' || (x.ph === 'i' && x.s === 't')))
      expect(threadNamed.has(`${e.pid}:${e.tid}`)).toBe(true);
  });

  it('has process and thread lifetimes, counters and marks, in µs from the first run start', () => {
    const t = trace();
    const xs = t.traceEvents.filter((e) => e.ph === 'X');
    expect(xs.filter((e) => e.cat === 'process').length).toBe(4);
    expect(
      xs
        .filter((e) => e.cat === 'thread')
        .map((e) => e.name)
        .sort(),
    ).toEqual(['worker-1', 'worker-2']);
    const run2 = xs.find((e) => e.cat === 'run' && e.args?.['runId'] === 'run-procs')!;
    expect(run2.ts).toBe(20_000_000);
    expect(run2.dur).toBe(5_000_000);
    const counters = new Set(t.traceEvents.filter((e) => e.ph === 'C').map((e) => e.name));
    for (const c of ['cores used', 'RSS (MiB)', 'machine CPU per core (%)', 'cpu %', 'rss MiB', 'metric: done'])
      expect(counters).toContain(c);
    const mark = t.traceEvents.find((e) => e.ph === 'i' && e.name === 'half <way>')!;
    expect(mark).toMatchObject({ s: 't', ts: 3_000_000, pid: 100, tid: 101 });
  });

  it('keeps runs apart when their pids collide', () => {
    const t = trace();
    // Both fixtures use pid 100: the first run keeps it, the second gets its own range.
    const procSlices = t.traceEvents.filter((e) => e.ph === 'X' && e.cat === 'process');
    const pidsOfRun1 = procSlices.filter((e) => e.ts < 20_000_000).map((e) => e.pid);
    const pidsOfRun2 = procSlices.filter((e) => e.ts >= 20_000_000).map((e) => e.pid);
    expect(pidsOfRun1).toEqual([100]);
    expect(pidsOfRun2.some((p) => pidsOfRun1.includes(p))).toBe(false);
    const names = t.traceEvents.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => String(e.args!['name']));
    expect(names.some((n) => n.includes('[100]') && n.includes('python processes'))).toBe(true);
  });
});

describe('html', () => {
  const html = () => exportReport('html', twoRuns(), undefined, NOW);

  it('is self-contained: no URL, no script, no external reference', () => {
    const rep = html();
    expect(rep.filename).toBe('proclab-sample-scenario-20261125-120000.html');
    expect(rep.mime).toBe('text/html');
    const c = rep.content;
    expect(c).not.toMatch(/https?:\/\//i);
    expect(c).not.toMatch(/\ssrc\s*=/i);
    expect(c).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(c).toContain("default-src 'none'");
    expect(c).toContain('@media print');
  });

  it('contains both runs, one svg per compared metric, and the figures', () => {
    const c = html().content;
    expect(c).toContain('sample-scenario · python threads');
    expect(c).toContain('sample-scenario · python processes');
    const svgIds = [...c.matchAll(/<svg id="([^"]+)"/g)].map((m) => m[1]);
    expect(svgIds).toEqual(['chart-cores', 'chart-rss', 'chart-metric-0']);
    expect((c.match(/<svg/g) ?? []).length).toBe(3);
    expect(c).toContain('Scenario metric · 场景指标: done');
    expect(c).toContain('2.00×'); // speedup of processes over threads
    expect(c).toContain('Test CPU &lt;x&gt;'); // machine info, escaped
  });

  it('defines efficiency as the comparison column does: speedup ÷ min(workers, cores), in both languages', () => {
    const c = html().content;
    expect(c).toContain('Speedup ÷ min(workers, cores)');
    expect(c).toContain('加速比 ÷ min(工作者数, 核数)');
    expect(c).not.toContain('efficiency = speedup ÷ workers');
  });

  it('escapes every string that came from a run', () => {
    const runs = twoRuns();
    runs[0]!.info.name = '<img src=x onerror=alert(1)>';
    runs[0]!.info.argv = ['sh', '-c', '"><script>alert(2)</script>'];
    runs[0]!.info.verdict = {
      pass: true,
      figures: {},
      claims: [{ text: { en: '<b>x</b>', zh: '<i>y</i>' }, pass: true, measured: '1 < 2' }],
    };
    runs[1]!.outputs.push({
      runId: 'run-procs',
      ts: 1_020_100,
      stream: 'stdout',
      kind: 'metric',
      data: { name: '</svg><script>', value: 1 },
    });
    const c = exportReport('html', runs).content;
    expect(c).not.toContain('<img');
    expect(c).not.toContain('<script');
    expect(c).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(c).toContain('1 &lt; 2');
    expect((c.match(/<svg/g) ?? []).length).toBe(4);
  });

  it('shows verdict claims with their measured text in both languages', () => {
    const runs = twoRuns();
    runs[1]!.info.verdict = {
      pass: true,
      figures: { avgCores: 2 },
      claims: [{ text: { en: 'Processes use both cores', zh: '进程使用了两个核心' }, pass: true, measured: '2.00 cores on average' }],
    };
    const c = exportReport('html', runs).content;
    expect(c).toContain('Processes use both cores');
    expect(c).toContain('进程使用了两个核心');
    expect(c).toContain('2.00 cores on average');
  });
});

describe('markdown', () => {
  it('renders a figures table with every run, escaping pipes', () => {
    const runs = twoRuns();
    runs[0]!.info.name = 'a | b';
    const rep = exportReport('md', runs, undefined, NOW);
    expect(rep.filename).toBe('proclab-sample-scenario-20261125-120000.md');
    const rows = rep.content.split('\n').filter((l) => l.startsWith('| '));
    expect(rows.some((l) => l.includes('a \\| b'))).toBe(true);
    expect(rep.content).toContain('sample-scenario · python processes');
    expect(rep.content).toContain('| 2.00× |');
  });
});

describe('dispatch', () => {
  it('maps report file names to formats', () => {
    expect(formatFromFilename('r.html')).toBe('html');
    expect(formatFromFilename('r.trace.json')).toBe('trace');
    expect(formatFromFilename('r.json')).toBe('json');
    expect(formatFromFilename('R.CSV')).toBe('csv');
    expect(formatFromFilename('r.md')).toBe('md');
    expect(formatFromFilename('r.pdf')).toBeNull();
  });

  it('exports a single run too, named after its scenario or "command"', () => {
    const [one] = twoRuns();
    one!.info.scenarioId = null;
    expect(exportReport('html', [one!], undefined, NOW).filename).toBe('proclab-command-20261125-120000.html');
  });
});

describe('a single run', () => {
  it('is reported as a run, with no speedup or efficiency against itself', () => {
    const one = twoRuns().slice(0, 1);
    const row = buildComparison(one, undefined, NOW).rows[0]!;
    expect(row.speedup).toBeNull();
    expect(row.efficiency).toBeNull();
    const md = exportReport('md', one, undefined, NOW).content;
    expect(md.startsWith('# ProcLab run\n')).toBe(true);
    expect(md).not.toContain('Baseline');
    const html = exportReport('html', one, undefined, NOW).content;
    expect(html).toContain('<h1>ProcLab run · 运行报告</h1>');
    expect(html).not.toContain('基线');
  });
});

describe('an inconclusive verdict, and the concepts shown', () => {
  const withVerdict = () => {
    const runs = twoRuns();
    runs[1]!.info.verdict = {
      pass: false,
      outcome: 'inconclusive',
      inconclusive: { cause: 'machine', text: { en: 'only 0.60 cores were free', zh: '只有 0.60 个核空闲' } },
      claims: [
        {
          text: { en: 'Uses both cores', zh: '用满两个核' },
          pass: false,
          undecided: { en: 'only 0.60 cores were free', zh: '只有 0.60 个核空闲' },
          measured: '1.17 cores',
        },
      ],
      figures: { avgCores: 1.17 },
    };
    runs[0]!.info.verdict = {
      pass: true,
      claims: [{ text: { en: 'One core', zh: '一个核' }, pass: true, measured: '1.00 cores' }],
      figures: {},
    };
    return runs;
  };

  it('html: its own words and colour class, the reason in both languages, an old pass-only verdict still reads pass', () => {
    const html = exportReport('html', withVerdict(), undefined, NOW, [9, 17]).content;
    expect(html).toContain('<span class="inconclusive">inconclusive · 无法判定</span>');
    expect(html).toContain('--inconclusive:');
    expect(html).toContain('only 0.60 cores were free');
    expect(html).toContain('只有 0.60 个核空闲');
    expect(html).toContain('<li class="inconclusive"><b>?</b>');
    expect(html).toContain('<span class="pass">pass · 通过</span>');
    expect(html).toContain('9 Compute-bound vs IO-bound · 计算密集与 IO 密集');
  });

  it('markdown, csv and json carry the outcome', () => {
    const md = exportReport('md', withVerdict(), undefined, NOW, [9]).content;
    expect(md).toMatch(/### .* — inconclusive/);
    expect(md).toContain('only 0.60 cores were free · 只有 0.60 个核空闲');
    expect(md).toContain('Concepts (numbered as in the seed tutorials): 9 Compute-bound vs IO-bound');
    const csv = Papa.parse<Record<string, string>>(exportReport('csv', withVerdict()).content, { header: true, skipEmptyLines: true });
    expect(csv.data.map((r) => r.verdictOutcome)).toEqual(['pass', 'inconclusive']);
    const doc = jsonReportSchema.parse(JSON.parse(exportReport('json', withVerdict()).content));
    expect(doc.runs[1]!.info.verdict?.outcome).toBe('inconclusive');
  });
});
