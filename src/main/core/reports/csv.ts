import type { CompareRow, ExportedReport } from '../../../shared/results';
import { COMPARE_COLUMNS } from '../../../shared/compare-columns';
import { verdictOutcome } from '../../../shared/verdict';
import { deadlockNotes, reportFilename, type ReportInput } from './common';

/** The comparison's figures the CSV carries as they are (peak memory comes at the end, with its source). */
const CSV_FIGURES = COMPARE_COLUMNS.filter((col) => col.csv !== false);

/** Columns of the per-run CSV, in order: the CompareRow figures plus the verdict outcome. */
export const CSV_COLUMNS = [
  'runId',
  'name',
  'scenarioId',
  'runtime',
  'params',
  'status',
  ...CSV_FIGURES.map((col) => col.id),
  'verdictPass',
  'verdictOutcome',
  'deadlocksSuspected',
  'peakMem',
  'memorySource',
];

export const CSV_SAMPLE_COLUMNS = [
  'runId',
  'ts',
  't',
  'pid',
  'startTime',
  'cpu',
  'rss',
  'threads',
  'state',
  'utimeMs',
  'stimeMs',
  'ctxSwitches',
] as const;

type Cell = string | number | boolean | null | undefined;

/**
 * RFC 4180 quoting, plus a leading apostrophe on text that a spreadsheet would run as a
 * formula (=, +, -, @): run names and params come from users and programs.
 */
export function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(round(v)) : '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function round(n: number): number {
  return Number.isInteger(n) ? n : Math.round(n * 1e4) / 1e4;
}

function toCsv(header: readonly string[], rows: Cell[][]): string {
  return [header.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\r\n') + '\r\n';
}

function rowCells(r: CompareRow, deadlocks: number): Cell[] {
  const params = Object.entries(r.params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(';');
  return [
    r.runId,
    r.name,
    r.scenarioId,
    r.runtime,
    params,
    r.status,
    ...CSV_FIGURES.map((col) => col.raw(r)),
    r.verdict ? r.verdict.pass : null,
    r.verdict ? verdictOutcome(r.verdict) : null,
    deadlocks,
    r.peakMem,
    r.memorySource,
  ];
}

/** One row per run, with how many times the deadlock watchdog suspected it. */
export function exportCsv(input: ReportInput): ExportedReport {
  const suspicions = new Map<string, number>();
  for (const n of deadlockNotes(input.runs)) suspicions.set(n.runId, (suspicions.get(n.runId) ?? 0) + 1);
  return {
    filename: reportFilename(input, 'csv'),
    mime: 'text/csv',
    content: toCsv(
      CSV_COLUMNS,
      input.comparison.rows.map((r) => rowCells(r, suspicions.get(r.runId) ?? 0)),
    ),
  };
}

/** One row per sample per process, for people who want to plot it themselves. */
export function exportCsvSamples(input: ReportInput): ExportedReport {
  const rows: Cell[][] = [];
  for (const run of input.runs) {
    for (const s of run.samples) {
      for (const p of s.procs) {
        rows.push([
          run.info.id,
          s.ts,
          s.ts - run.info.startedAt,
          p.pid,
          p.startTime,
          p.cpu,
          p.rss,
          p.threads,
          p.state,
          p.utimeMs,
          p.stimeMs,
          p.ctxSwitches,
        ]);
      }
    }
  }
  return {
    filename: reportFilename(input, 'csv').replace(/\.csv$/, '-samples.csv'),
    mime: 'text/csv',
    content: toCsv(CSV_SAMPLE_COLUMNS, rows),
  };
}
