import type { ReportFormat } from '../../../shared/commands';
import type { RunData } from '../../../shared/model';
import type { Comparison, ExportedReport } from '../../../shared/results';
import { buildComparison } from '../runs/compare';
import type { ReportInput } from './common';
import { exportCsv, exportCsvSamples } from './csv';
import { exportHtml, exportHtmlWithFont } from './html';
import { exportJson } from './json';
import { exportMarkdown } from './md';
import { exportTrace } from './trace';

export type ExportFormat = ReportFormat | 'csv-samples';

const exporters: Record<ExportFormat, (input: ReportInput) => ExportedReport> = {
  html: exportHtml,
  json: exportJson,
  csv: exportCsv,
  'csv-samples': exportCsvSamples,
  md: exportMarkdown,
  trace: exportTrace,
};

/** Builds the comparison of `runs` (one run is fine: a single-run report) and renders it. */
export function exportReport(
  format: ExportFormat,
  runs: RunData[],
  baselineId?: string,
  now: number = Date.now(),
  concepts?: number[],
): ExportedReport {
  return renderReport(format, { comparison: buildComparison(runs, baselineId, now), runs, ...(concepts?.length && { concepts }) });
}

/**
 * exportReport for a file a user keeps: the HTML report then carries the CJK glyphs it uses (async: the
 * font subsetter is WebAssembly). The other formats are the same as exportReport's.
 */
export async function exportReportFile(
  format: ExportFormat,
  runs: RunData[],
  baselineId?: string,
  now: number = Date.now(),
  concepts?: number[],
): Promise<ExportedReport> {
  if (format !== 'html') return exportReport(format, runs, baselineId, now, concepts);
  return exportHtmlWithFont({ comparison: buildComparison(runs, baselineId, now), runs, ...(concepts?.length && { concepts }) });
}

/** For callers that already hold the comparison (same runs, same order). */
export function renderReport(format: ExportFormat, input: ReportInput): ExportedReport {
  const exporter = exporters[format];
  if (!exporter) throw new Error(`unknown report format "${String(format)}"`);
  return exporter(input);
}

/** File extension → format, for `--report out.html` style options. */
export function formatFromFilename(file: string): ReportFormat | null {
  const f = file.toLowerCase();
  if (f.endsWith('.trace.json')) return 'trace';
  if (f.endsWith('.html') || f.endsWith('.htm')) return 'html';
  if (f.endsWith('.json')) return 'json';
  if (f.endsWith('.csv')) return 'csv';
  if (f.endsWith('.md') || f.endsWith('.markdown')) return 'md';
  return null;
}

export type { ReportInput, Comparison };
export { exportCsv, exportCsvSamples, CSV_COLUMNS, CSV_SAMPLE_COLUMNS } from './csv';
export { exportHtml, exportHtmlWithFont, renderHtml } from './html';
export { cjkFontFace, cjkCharacters, REPORT_CJK_FAMILY } from './cjk-font';
export { exportJson, jsonReport, jsonReportSchema, comparisonSchema, REPORT_SCHEMA, REPORT_VERSION, type JsonReport } from './json';
export { exportMarkdown } from './md';
export { exportTrace, buildTrace, type TraceEvent, type TraceFile } from './trace';
