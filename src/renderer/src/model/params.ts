import type { ParamValue, Runtime } from '../../../shared/model';
import { validateParams, type ParamSpec } from '../../../shared/scenario';
import type { TFn } from '../i18n/translate';
import type { FormValues } from './catalogue';

/** The same check main runs (validateParams), with messages in the UI language, per field. */
export function checkForm(
  specs: readonly ParamSpec[],
  runtime: Runtime,
  form: FormValues,
  t: TFn,
): { ok: true; values: Record<string, ParamValue> } | { ok: false; errors: Record<string, string> } {
  const raw: Record<string, unknown> = {};
  for (const p of specs) if (p.name in form) raw[p.name] = form[p.name];
  const r = validateParams({ params: [...specs] }, runtime, raw);
  if (r.ok) return r;
  const errors: Record<string, string> = {};
  for (const issue of r.issues) {
    const spec = specs.find((p) => p.name === issue.param);
    errors[issue.param] = spec ? localize(spec, form[issue.param], t) : t('param.other', { message: issue.message });
  }
  return { ok: false, errors };
}

function localize(p: ParamSpec, v: unknown, t: TFn): string {
  switch (p.type) {
    case 'int':
    case 'number': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (!Number.isFinite(n)) return t('param.notNumber');
      if (p.type === 'int' && !Number.isInteger(n)) return t('param.notInt');
      return t('param.range', { min: p.min, max: p.max });
    }
    case 'enum':
      return t('param.enum', { values: p.values.join(', ') });
    case 'bool':
      return t('param.bool');
  }
}

/** Field errors from a host rejection (invalid-payload issues name `params.<name>` or the name). */
export function errorsFromIssues(
  issues: ReadonlyArray<{ path: string; message: string }>,
  names: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const name = i.path.replace(/^params\./, '');
    if (names.includes(name)) out[name] = i.message;
  }
  return out;
}
