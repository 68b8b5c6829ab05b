import { useSyncExternalStore } from 'react';
import type { ReportFormat } from '../../../shared/commands';
import { errorInfo } from '../control/actions';
import type { useI18n } from '../i18n/I18nProvider';
import { notify } from '../ui/notices';

export const EXPORT_FORMATS: ReadonlyArray<{ format: ReportFormat; label: string }> = [
  { format: 'html', label: 'HTML' },
  { format: 'json', label: 'JSON' },
  { format: 'csv', label: 'CSV' },
  { format: 'md', label: 'Markdown' },
  { format: 'trace', label: 'Trace (Perfetto)' },
];

/**
 * Where an export is: waiting behind another one, being built and saved, or just done. Exports run one
 * at a time (a report of many long runs takes seconds), and the buttons say so while they wait.
 */
export type ExportState = 'queued' | 'working' | 'done' | 'failed';
/** How long "done"/"failed" stays on the button. */
const SHOW_RESULT_MS = 4000;

const states = new Map<string, ExportState>();
const listeners = new Set<() => void>();
let queue: Promise<void> = Promise.resolve();

const keyOf = (runIds: readonly string[], format: ReportFormat): string => `${format}:${runIds.join(',')}`;
function setState(key: string, st: ExportState | null): void {
  if (st) states.set(key, st);
  else states.delete(key);
  for (const l of listeners) l();
}

/** The state of the export of `runIds` as `format`, followed as it changes; null when none. */
export function useExportState(runIds: readonly string[], format: ReportFormat): ExportState | null {
  const key = keyOf(runIds, format);
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => states.get(key) ?? null,
  );
}

/** Exports runs in a format and hands the file to the host (save dialog / download), after any export before it. */
export function exportRuns(
  runIds: string[],
  format: ReportFormat,
  baselineId: string | undefined,
  { t, lang }: Pick<ReturnType<typeof useI18n>, 't' | 'lang'>,
): Promise<void> {
  const key = keyOf(runIds, format);
  const now = states.get(key);
  if (now === 'queued' || now === 'working') return queue; // the same export asked twice: once is enough
  setState(key, 'queued');
  queue = queue.then(async () => {
    setState(key, 'working');
    let result: ExportState | null = 'done';
    try {
      const report = await window.proclab.exportReport({ runIds, format, ...(baselineId ? { baselineId } : {}) });
      const r = await window.proclab.saveReport(report);
      if (r.saved) notify('ok', t('runs.exported', { file: r.path ?? report.filename }));
      else result = null; // the save dialog was cancelled: nothing to report
    } catch (e) {
      result = 'failed';
      notify('error', t('runs.exportFailed', { message: errorInfo(e, lang).message }));
    }
    setState(key, result);
    if (result) setTimeout(() => states.get(key) === result && setState(key, null), SHOW_RESULT_MS);
  });
  return queue;
}
