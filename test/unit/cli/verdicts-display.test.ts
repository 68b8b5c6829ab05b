import { describe, expect, it } from 'vitest';
import { formatComparison, formatRunSummary, formatScenarios } from '../../../src/main/cli/format';
import { buildComparison } from '../../../src/main/core/runs/compare';
import type { Verdict } from '../../../src/shared/model';
import type { ScenarioInfo } from '../../../src/shared/scenario';
import { twoRuns } from '../runs-fixtures';

const inconclusive: Verdict = {
  pass: false,
  outcome: 'inconclusive',
  inconclusive: { cause: 'machine', text: { en: 'only 0.60 cores were free', zh: '只有 0.60 个核空闲' } },
  claims: [
    { text: { en: 'Finished', zh: '结束' }, pass: true, measured: 'exit 0' },
    { text: { en: 'Uses both cores', zh: '用满两个核' }, pass: false, undecided: { en: 'x', zh: '某' }, measured: '1.17 cores' },
  ],
  figures: {},
};

describe('the CLI shows three outcomes', () => {
  it('a run summary names an inconclusive verdict, why, and marks the undecided claim', () => {
    const runs = twoRuns();
    runs[0]!.info.verdict = inconclusive;
    const c = buildComparison(runs);
    const text = formatRunSummary(runs[0]!, c.rows[0]!);
    expect(text).toContain('verdict: INCONCLUSIVE · 无法判定 — only 0.60 cores were free · 只有 0.60 个核空闲');
    expect(text).toContain('    ✔ Finished');
    expect(text).toContain('    ? Uses both cores');
  });
  it('the run summary gives the kernel’s peak memory where the samples carry it, and no such line where they do not', () => {
    const runs = twoRuns();
    runs[1]!.info.memorySource = 'cgroup-v1';
    runs[1]!.samples.forEach((s) => (s.mem = 30 * 1024 * 1024));
    const c = buildComparison(runs);
    expect(formatRunSummary(runs[1]!, c.rows[1]!)).toContain('peak memory 30.0 MiB (cgroup-v1) · peak RSS');
    expect(formatRunSummary(runs[0]!, c.rows[0]!)).not.toContain('peak memory');
  });
  it('the comparison table has a word per outcome; a verdict journalled before outcomes reads by its pass flag', () => {
    const runs = twoRuns();
    runs[0]!.info.verdict = inconclusive;
    runs[1]!.info.verdict = { pass: false, claims: [], figures: {} };
    const lines = formatComparison(buildComparison(runs)).split('\n');
    expect(lines.find((l) => l.startsWith(runs[0]!.info.name))).toMatch(/inconclusive\s*$/);
    expect(lines.find((l) => l.startsWith(runs[1]!.info.name))).toMatch(/FAIL\s*$/);
  });
  it('the scenario list names the concepts by their seed-tutorial numbers', () => {
    const s = {
      id: 'x',
      title: { en: 'X', zh: '某' },
      concepts: [9, 17],
      runtimes: { python: { entry: 'main.py' } },
      kind: 'compute',
      params: [],
    };
    const text = formatScenarios([s as unknown as ScenarioInfo], []);
    expect(text).toContain('9,17');
    expect(text).toContain('9 Compute-bound vs IO-bound · 计算密集与 IO 密集');
    expect(text).toContain('17 Pools and callbacks · 池与回调');
  });
});
