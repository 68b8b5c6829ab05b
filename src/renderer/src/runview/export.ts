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

/** Exports runs in a format and hands the file to the host (save dialog / download). */
export async function exportRuns(
  runIds: string[],
  format: ReportFormat,
  baselineId: string | undefined,
  { t, lang }: Pick<ReturnType<typeof useI18n>, 't' | 'lang'>,
): Promise<void> {
  try {
    const report = await window.proclab.exportReport({ runIds, format, ...(baselineId ? { baselineId } : {}) });
    const r = await window.proclab.saveReport(report);
    if (r.saved) notify('ok', t('runs.exported', { file: r.path ?? report.filename }));
  } catch (e) {
    notify('error', t('runs.exportFailed', { message: errorInfo(e, lang).message }));
  }
}
