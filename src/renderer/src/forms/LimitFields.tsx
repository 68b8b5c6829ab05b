import type { RunLimits } from '../../../shared/model';
import { DEFAULT_LIMITS, HARD_LIMITS, MIN_LIMITS } from '../../../shared/outcome';
import { useI18n } from '../i18n/I18nProvider';
import type { MsgKey } from '../i18n/messages';

/** The form's limit fields, in the units a person types (MiB, seconds); empty means the default. */
export type LimitForm = Partial<Record<LimitKey, string>>;
type LimitKey = 'maxProcs' | 'maxMemBytes' | 'maxDurationMs' | 'maxOutputLinesPerSec';

const FIELDS: Array<{ key: LimitKey; label: MsgKey; unit: number }> = [
  { key: 'maxProcs', label: 'limits.procs', unit: 1 },
  { key: 'maxMemBytes', label: 'limits.memMiB', unit: 1024 ** 2 },
  { key: 'maxDurationMs', label: 'limits.timeoutS', unit: 1000 },
  { key: 'maxOutputLinesPerSec', label: 'limits.outputRate', unit: 1 },
];

const inUnits = (key: LimitKey, v: number): number => Math.round(v / (FIELDS.find((f) => f.key === key)?.unit ?? 1));

/** The limits to send (only those typed), or the field errors; bounds are the host's hard maxima. */
export function checkLimitForm(
  form: LimitForm,
  t: (k: MsgKey, v?: Record<string, string | number>) => string,
): { ok: true; limits: Partial<RunLimits> | undefined } | { ok: false; errors: Record<string, string> } {
  const limits: Partial<RunLimits> = {};
  const errors: Record<string, string> = {};
  for (const f of FIELDS) {
    const raw = (form[f.key] ?? '').trim();
    if (raw === '') continue;
    const n = Number(raw);
    const min = Math.max(1, inUnits(f.key, MIN_LIMITS[f.key]));
    const max = inUnits(f.key, HARD_LIMITS[f.key]);
    if (!Number.isInteger(n) || n < min || n > max) errors[f.key] = t('limits.range', { min, max });
    else limits[f.key] = n * f.unit;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, limits: Object.keys(limits).length ? limits : undefined };
}

export function LimitFields({
  form,
  errors,
  defaults,
  onField,
  disabled,
}: {
  form: LimitForm;
  errors: Record<string, string | undefined>;
  defaults: Partial<RunLimits>;
  onField: (key: LimitKey, v: string) => void;
  disabled: boolean;
}) {
  const { t } = useI18n();
  const base = { ...DEFAULT_LIMITS, ...defaults };
  return (
    <details className="limit-fields" data-testid="limit-fields">
      <summary>{t('limits.title')}</summary>
      <div className="param-grid">
        {FIELDS.map((f) => {
          const id = `limit-${f.key}`;
          const err = errors[f.key];
          return (
            <div key={f.key} className={`param-field${err ? ' has-error' : ''}`}>
              <label htmlFor={id} className="field-label">
                {t(f.label)}
              </label>
              <input
                id={id}
                type="number"
                inputMode="numeric"
                step={1}
                placeholder={String(inUnits(f.key, base[f.key]))}
                value={form[f.key] ?? ''}
                onChange={(e) => onField(f.key, e.target.value)}
                aria-invalid={err ? true : undefined}
                data-testid={id}
                disabled={disabled}
              />
              <span className="muted small">
                {t('limits.hint', { v: inUnits(f.key, base[f.key]), max: inUnits(f.key, HARD_LIMITS[f.key]) })}
              </span>
              {err && (
                <span className="field-error" role="alert" data-testid={`limit-error-${f.key}`}>
                  ⚠ {err}
                </span>
              )}
            </div>
          );
        })}
      </div>
    </details>
  );
}
