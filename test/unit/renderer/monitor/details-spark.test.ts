import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { HistoryPoint } from '../../../../src/shared/model';
import { translate } from '../../../../src/renderer/src/i18n/translate';
import type { MsgKey } from '../../../../src/renderer/src/i18n/messages';
import { Spark } from '../../../../src/renderer/src/monitor/DetailsPane';

const point = (t: number, cpu: number): HistoryPoint => ({ t, cpu, rss: 1 << 20, readBps: 0, writeBps: 0 });
const spark = (points: HistoryPoint[], lang: 'en' | 'zh') =>
  renderToStaticMarkup(
    createElement(Spark, {
      points,
      pick: (p: HistoryPoint) => p.cpu,
      label: 'CPU',
      fmt: (v: number) => `${v} %`,
      t: (k: MsgKey, v?: Record<string, string | number>) => translate(lang, k, v),
    }),
  );

describe('the details pane’s history graphs', () => {
  it('say they are collecting until the history has two points, in both languages', () => {
    for (const pts of [[], [point(1000, 5)]]) {
      expect(spark(pts, 'en')).toContain('collecting…');
      expect(spark(pts, 'zh')).toContain('采集中…');
      expect(spark(pts, 'en')).not.toContain('<svg');
    }
  });

  it('draw a line once there are two', () => {
    const out = spark([point(1000, 5), point(2000, 40)], 'zh');
    expect(out).toContain('<polyline');
    expect(out).not.toContain('采集中');
  });
});
