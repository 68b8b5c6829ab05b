/** Recharts settings every time chart of a run shares (run view, metrics, comparison). */

export const TOOLTIP_STYLE = { background: 'var(--surface)', border: '1px solid var(--border)', fontSize: 12 };

/** Props of an x axis in seconds since the run started (`t` in the chart data). */
export function secondsAxis(fontSize: number) {
  return {
    dataKey: 't',
    type: 'number' as const,
    domain: [0, 'dataMax'] as [number, string],
    allowDecimals: false,
    tickFormatter: (v: number) => `${v}s`,
    stroke: 'var(--muted)',
    fontSize,
  };
}
