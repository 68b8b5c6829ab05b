import type { LegendItem } from './core-lines';

/** Drawn by us, not recharts: reference lines have no recharts legend entry of their own. */
export function ChartLegend({ items }: { items: LegendItem[] }) {
  return (
    <ul className="chart-legend" data-testid="chart-legend">
      {items.map((i) => (
        <li key={i.key} data-testid={`legend-${i.key}`}>
          <svg width="22" height="10" aria-hidden="true">
            {i.area ? (
              <rect x="0" y="1" width="22" height="8" fill={i.color} fillOpacity={0.35} stroke={i.color} strokeWidth={2} />
            ) : (
              <line x1="0" y1="5" x2="22" y2="5" stroke={i.color} strokeWidth={2} strokeDasharray={i.dash} />
            )}
          </svg>
          <span>{i.label}</span>
        </li>
      ))}
    </ul>
  );
}
