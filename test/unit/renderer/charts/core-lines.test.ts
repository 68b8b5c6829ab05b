/** The cores charts' reference lines and axis: 1 core and the machine's cores, one line when they are the same. */
import { describe, expect, it } from 'vitest';
import { coreAxisMax, coreRefs, coreTicks } from '../../../../src/renderer/src/charts/core-lines';

describe('coreRefs', () => {
  it('draws 1 core and the machine’s cores, each with its own dash', () => {
    const r = coreRefs(2);
    expect(r.map((x) => [x.key, x.y])).toEqual([
      ['one-core', 1],
      ['all-cores', 2],
    ]);
    expect(r[0]!.dash).not.toBe(r[1]!.dash);
    expect(coreRefs(8).at(-1)?.y).toBe(8);
  });
  it('on a one-core machine the two lines are one', () => {
    expect(coreRefs(1).map((x) => x.key)).toEqual(['one-core']);
  });
});

describe('coreAxisMax', () => {
  it('keeps the highest line inside the plot, not on its frame', () => {
    expect(coreAxisMax(2)).toBeGreaterThan(2);
    expect(coreAxisMax(0)).toBeGreaterThan(1);
    expect(coreAxisMax(2, { from: 1.5, to: 3 })).toBeGreaterThan(3);
  });
});

describe('coreTicks', () => {
  it('puts 1 core and the machine’s cores on ticks', () => {
    expect(coreTicks(2)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(coreTicks(16)).toContain(16);
    expect(coreTicks(16)).toContain(0);
    expect(coreTicks(16).length).toBeLessThanOrEqual(10);
  });
});
