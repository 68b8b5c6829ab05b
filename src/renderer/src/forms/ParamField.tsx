import type { ParamSpec } from '../../../shared/scenario';
import { useI18n } from '../i18n/I18nProvider';

/** One parameter of a manifest as a form field, with its bounds, default and inline error. */
export function ParamField({
  spec,
  value,
  error,
  onChange,
  disabled,
}: {
  spec: ParamSpec;
  value: string | boolean | undefined;
  error: string | undefined;
  onChange: (v: string | boolean) => void;
  disabled: boolean;
}) {
  const { t, p } = useI18n();
  const id = `param-${spec.name}`;
  const errId = `param-error-${spec.name}`;
  const hint =
    spec.type === 'int' || spec.type === 'number'
      ? `${t('play.range', { min: spec.min, max: spec.max })} · ${t('play.default', { v: spec.default })}`
      : t('play.default', { v: String(spec.default) });
  return (
    <div className={`param-field${error ? ' has-error' : ''}`}>
      <label htmlFor={id} className="field-label">
        {p(spec.label)} <span className="mono muted small">--{spec.name}</span>
      </label>
      {spec.type === 'enum' ? (
        <select
          id={id}
          value={String(value ?? spec.default)}
          onChange={(e) => onChange(e.target.value)}
          data-testid={id}
          disabled={disabled}
        >
          {spec.values.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      ) : spec.type === 'bool' ? (
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
          data-testid={id}
          disabled={disabled}
        />
      ) : (
        <input
          id={id}
          type="number"
          inputMode={spec.type === 'int' ? 'numeric' : 'decimal'}
          step={spec.type === 'int' ? 1 : 'any'}
          min={spec.min}
          max={spec.max}
          value={String(value ?? spec.default)}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errId : undefined}
          data-testid={id}
          disabled={disabled}
        />
      )}
      <span className="muted small">{hint}</span>
      {spec.help && <span className="help small">{p(spec.help)}</span>}
      {error && (
        <span className="field-error" id={errId} role="alert" data-testid={errId}>
          ⚠ {error}
        </span>
      )}
    </div>
  );
}

/** Every parameter of a manifest as a grid of fields: the playground form and the compare-models form. */
export function ParamGrid({
  specs,
  form,
  errors,
  onField,
  disabled,
}: {
  specs: readonly ParamSpec[];
  form: Record<string, string | boolean | undefined>;
  errors: Record<string, string | undefined>;
  onField: (name: string, v: string | boolean) => void;
  disabled: boolean;
}) {
  return (
    <div className="param-grid">
      {specs.map((spec) => (
        <ParamField
          key={spec.name}
          spec={spec}
          value={form[spec.name]}
          error={errors[spec.name]}
          onChange={(v) => onField(spec.name, v)}
          disabled={disabled}
        />
      ))}
    </div>
  );
}
