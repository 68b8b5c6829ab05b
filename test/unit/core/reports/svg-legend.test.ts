import { describe, expect, it } from 'vitest';
import { lineChart } from '../../../../src/main/core/reports/svg';

/** The legend's swatches (x) and labels, left to right. */
function legend(svg: string): Array<{ x: number; label: string }> {
  const xs = [...svg.matchAll(/<rect x="([\d.]+)" y="9"/g)].map((m) => Number(m[1]));
  const labels = [...svg.matchAll(/<text x="[\d.]+" y="15" class="legend">([^<]*)<\/text>/g)].map((m) => m[1]!);
  return xs.map((x, i) => ({ x, label: labels[i]! })).sort((a, b) => a.x - b.x);
}

describe("the report chart's legend", () => {
  it('leaves room for a Chinese run name before the next swatch (they overlapped in the zh report)', () => {
    const svg = lineChart({
      title: 'Cores',
      id: 'c',
      formatY: (y) => String(y),
      series: [
        {
          name: '多线程 计数（四个进程）',
          color: '#000',
          points: [
            [0, 1],
            [1, 1],
          ],
        },
        {
          name: 'sample · python',
          color: '#111',
          points: [
            [0, 2],
            [1, 2],
          ],
        },
      ],
    });
    const [first, second] = legend(svg);
    expect(first!.label).toBe('多线程 计数（四个进程）');
    // 12 characters of about 11 px each after the 16 px swatch.
    expect(second!.x - first!.x).toBeGreaterThanOrEqual(16 + 12 * 11);
  });
});
