import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { formatComparison } from '../../../src/main/cli/format';
import { exportReport } from '../../../src/main/core/reports';
import { buildComparison } from '../../../src/main/core/runs/compare';
import { COMPARE_COLUMNS } from '../../../src/shared/compare-columns';
import { twoRuns } from '../runs-fixtures';

// One list of comparison figures: each one reaches the CLI, the HTML, Markdown and CSV reports
// (the UI's compare table maps the same list), with the same text.
describe('COMPARE_COLUMNS is every place a comparison shows its figures', () => {
  const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
  const runs = twoRuns();
  const c = buildComparison(runs, undefined, NOW);
  const html = exportReport('html', runs, undefined, NOW).content;
  const md = exportReport('md', runs, undefined, NOW).content;
  const csv = Papa.parse<Record<string, string>>(exportReport('csv', runs, undefined, NOW).content, { header: true, skipEmptyLines: true });
  const cli = formatComparison(c);

  it.each(COMPARE_COLUMNS.map((col) => [col.id, col] as const))('%s', (_id, col) => {
    expect(col.label.en && col.label.zh && col.head.en && col.head.zh).toBeTruthy();
    expect(html).toContain(`<th>${col.head.en} · ${col.head.zh}</th>`);
    expect(md.split('\n').find((l) => l.startsWith('| Run |'))).toContain(`| ${col.head.en} |`);
    for (const r of c.rows) {
      const text = col.text(r);
      expect(md).toContain(`| ${text} |`);
      expect(html).toContain(`<td class="n">${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</td>`);
    }
    if (col.csv !== false) {
      expect(csv.meta.fields).toContain(col.id);
      expect(csv.data.map((d) => d[col.id])).toEqual(c.rows.map((r) => (col.raw(r) === null ? '' : String(col.raw(r)))));
    }
    if (col.cli) {
      expect(cli.split('\n')[0]).toContain(col.cli);
      for (const r of c.rows) expect(cli).toContain(col.text(r));
    }
  });
});
