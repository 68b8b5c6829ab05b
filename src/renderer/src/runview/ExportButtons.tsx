import type { ReportFormat } from '../../../shared/commands';
import { useI18n } from '../i18n/I18nProvider';
import { EXPORT_FORMATS, exportRuns, useExportState } from './export';

/** One button per report format; each shows its export queued, working, done or failed. */
export function ExportButtons({
  runIds,
  baselineId,
  disabled = false,
  testIdPrefix,
}: {
  runIds: string[];
  baselineId: string | undefined;
  disabled?: boolean;
  testIdPrefix: string;
}) {
  const { t } = useI18n();
  return (
    <>
      <span className="muted small">{t('runs.export')}:</span>
      {EXPORT_FORMATS.map((f) => (
        <ExportButton
          key={f.format}
          format={f.format}
          label={f.label}
          runIds={runIds}
          baselineId={baselineId}
          disabled={disabled}
          testId={`${testIdPrefix}${f.format}`}
        />
      ))}
    </>
  );
}

const MARK = { queued: '⏳', working: '…', done: '✓', failed: '✗' } as const;

function ExportButton(p: {
  format: ReportFormat;
  label: string;
  runIds: string[];
  baselineId: string | undefined;
  disabled: boolean;
  testId: string;
}) {
  const { t, lang } = useI18n();
  const state = useExportState(p.runIds, p.format);
  const busy = state === 'queued' || state === 'working';
  return (
    <button
      type="button"
      disabled={p.disabled || busy}
      aria-busy={busy || undefined}
      title={state ? t(`export.${state}`) : undefined}
      onClick={() => void exportRuns(p.runIds, p.format, p.baselineId, { t, lang })}
      data-testid={p.testId}
      data-export-state={state ?? undefined}
      className={state ? `export-${state}` : undefined}
    >
      {p.label}
      {state && (
        <span className="export-state" role="status">
          {' '}
          {MARK[state]} {t(`export.${state}`)}
        </span>
      )}
    </button>
  );
}
