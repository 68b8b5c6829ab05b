/**
 * The Prometheus text exposition format (version 0.0.4), written by hand: it is a dozen lines
 * of escaping rules, not worth a client library with its own global registry.
 */
export type MetricType = 'counter' | 'gauge';

export interface Sample {
  labels?: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const escapeHelp = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
export const escapeLabelValue = (s: string): string => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** Renders families in order; throws on an invalid metric or label name (a bug, not input). */
export function renderExposition(families: MetricFamily[]): string {
  const out: string[] = [];
  for (const f of families) {
    if (!NAME.test(f.name)) throw new Error(`invalid metric name ${f.name}`);
    out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) {
      const entries = Object.entries(s.labels ?? {});
      for (const [k] of entries) if (!LABEL.test(k) || k.startsWith('__')) throw new Error(`invalid label name ${k}`);
      const labels = entries.length ? `{${entries.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}` : '';
      out.push(`${f.name}${labels} ${formatValue(s.value)}`);
    }
  }
  return out.join('\n') + '\n';
}
