/**
 * Paging of the replies that grow with what the user recorded (runs.list, runs.get): the contract
 * bounds every page and refuses a bad cursor or size by name; the pages, read in order, give back
 * exactly the whole list or record, and a run deleted between two pages shifts nothing.
 */
import { describe, expect, it } from 'vitest';
import { mergeRunPages } from '../../../src/shared/api';
import { PAGE_LIMITS, allPages, runsCursorOf } from '../../../src/shared/paging';
import { parseCommand } from '../../../src/shared/protocol';
import { pageRunData, pageRuns } from '../../../src/main/core/runs/pages';
import type { RunInfo } from '../../../src/shared/model';
import { applyRunPage, initialState } from '../../../src/renderer/src/store/state';
import { ev, info, metric, run, sample } from '../runs-fixtures';

const refusal = (cmd: string, payload: unknown) => {
  const r = parseCommand({ id: 1, cmd, payload });
  if (r.ok) throw new Error(`${cmd} ${JSON.stringify(payload)} was accepted`);
  return r.error;
};

describe('the paging contract', () => {
  it('accepts no limit (the host default), a limit up to the hard maximum, and a cursor the host gave', () => {
    expect(parseCommand({ id: 1, cmd: 'runs.list', payload: {} }).ok).toBe(true);
    expect(parseCommand({ id: 1, cmd: 'runs.list', payload: { limit: PAGE_LIMITS.runs.max, cursor: '1764640000000.run-a' } }).ok).toBe(
      true,
    );
    expect(parseCommand({ id: 1, cmd: 'runs.get', payload: { runId: 'r1', limit: 1, cursor: '10.0' } }).ok).toBe(true);
  });

  it('refuses a limit of 0, above the hard maximum or not an integer, saying which', () => {
    for (const limit of [0, -1, 1.5, PAGE_LIMITS.runs.max + 1, '10']) {
      const e = refusal('runs.list', { limit });
      expect(e.code).toBe('invalid-payload');
      expect(e.issues?.[0]?.path).toBe('limit');
    }
    expect(refusal('runs.list', { limit: PAGE_LIMITS.runs.max + 1 }).message).toContain(`at most ${PAGE_LIMITS.runs.max}`);
    expect(refusal('runs.get', { runId: 'r1', limit: PAGE_LIMITS.runData.max + 1 }).message).toContain(
      `at most ${PAGE_LIMITS.runData.max}`,
    );
  });

  it('refuses a cursor it did not give (wrong shape, other command’s, too long), naming the cursor', () => {
    for (const cursor of ['', 'abc', '12', '12.', '.run', '12.a.b', 'x'.repeat(200), '10.0 ', 5]) {
      const e = refusal('runs.list', { cursor });
      expect(e.code).toBe('invalid-payload');
      expect(e.issues?.[0]?.path).toBe('cursor');
    }
    expect(refusal('runs.list', { cursor: 'abc' }).message).toContain('a cursor from the `next` of a previous runs.list reply');
    for (const cursor of ['1764640000000.run-a', '1.2.3', '-1.0', 'a.b'])
      expect(refusal('runs.get', { runId: 'r', cursor }).issues?.[0]?.path).toBe('cursor');
  });
});

describe('pageRuns', () => {
  // Newest first, as RunStore.list() gives them; two share a start time, ordered by id.
  const list: RunInfo[] = [
    info({ id: 'g', startedAt: 700 }),
    info({ id: 'f', startedAt: 600 }),
    info({ id: 'e2', startedAt: 500 }),
    info({ id: 'e1', startedAt: 500 }),
    info({ id: 'd', startedAt: 400 }),
    info({ id: 'c', startedAt: 300 }),
    info({ id: 'b', startedAt: 200 }),
  ];

  it('gives every run once, in order, page by page; the last page has no next', async () => {
    for (const limit of [1, 2, 3, 7, 100]) {
      const pages = await allPages((cursor) => Promise.resolve(pageRuns(list, limit, cursor)));
      expect(pages.flatMap((p) => p.runs.map((r) => r.id))).toEqual(list.map((r) => r.id));
      expect(pages.at(-1)!.next).toBeNull();
      expect(pages.every((p) => p.total === list.length && p.runs.length <= limit)).toBe(true);
      expect(pages.length).toBe(Math.ceil(list.length / limit));
    }
  });

  it('uses the host default without a limit', () => {
    const many = Array.from({ length: PAGE_LIMITS.runs.default + 5 }, (_, i) => info({ id: `r${i}`, startedAt: 10_000 - i }));
    const p = pageRuns(many, undefined);
    expect(p.runs).toHaveLength(PAGE_LIMITS.runs.default);
    expect(p.next).toBe(runsCursorOf(p.runs.at(-1)!));
  });

  it('continues after the cursor’s run even when that run and others were deleted between pages', () => {
    const first = pageRuns(list, 3);
    expect(first.runs.map((r) => r.id)).toEqual(['g', 'f', 'e2']);
    const after = list.filter((r) => r.id !== 'e2' && r.id !== 'd');
    expect(pageRuns(after, 3, first.next!).runs.map((r) => r.id)).toEqual(['e1', 'c', 'b']);
    // A run started after the first page is newer than the cursor: it arrives by event, not by repeating a page.
    const newer = [info({ id: 'h', startedAt: 800 }), ...list];
    expect(pageRuns(newer, 3, first.next!).runs.map((r) => r.id)).toEqual(['e1', 'd', 'c']);
    // A cursor past everything is an empty last page.
    expect(pageRuns(list, 3, '0.a')).toEqual({ runs: [], next: null, total: list.length });
  });
});

describe('pageRunData', () => {
  const data = run(
    { id: 'run-a' },
    {
      samples: Array.from({ length: 7 }, (_, i) => sample(1_000_000 + i * 250, [])),
      outputs: Array.from({ length: 3 }, (_, i) => metric('run-a', 1_000_000 + i, 'm', i)),
      events: [ev('spawned', 100, 1_000_000), ev('exited', 100, 1_010_000)],
    },
  );

  it('gives samples and outputs from the cursor on, the rest on the first page, and the whole record back', async () => {
    const pages = await allPages((cursor) => Promise.resolve(pageRunData(data, 2, cursor)));
    expect(pages).toHaveLength(4);
    expect(pages.map((p) => [p.samples.length, p.outputs.length])).toEqual([
      [2, 2],
      [2, 1],
      [2, 0],
      [1, 0],
    ]);
    expect(pages[0]!.events).toHaveLength(2);
    expect(pages.slice(1).every((p) => p.events.length === 0)).toBe(true);
    expect(pages.at(-1)!.next).toBeNull();
    expect(mergeRunPages(pages)).toEqual(data);
  });

  it('is one page when everything fits, and an empty page past the end', () => {
    expect(pageRunData(data, undefined).next).toBeNull();
    const past = pageRunData(data, 2, '99.99');
    expect([past.samples.length, past.outputs.length, past.next]).toEqual([0, 0, null]);
  });
});

describe('allPages', () => {
  it('stops when a host answers the same cursor again instead of looping', async () => {
    let calls = 0;
    const pages = await allPages(() => Promise.resolve({ next: 'same', n: ++calls }));
    expect(pages.length).toBe(2);
  });
});

describe('the renderer’s run pages (applyRunPage)', () => {
  it('a first page replaces the list (keeping live runs), a later page adds to it, and the cursor follows', () => {
    let s = initialState();
    s = { ...s, runs: { live: info({ id: 'live', status: 'running' }), old: info({ id: 'old' }) } };
    s = applyRunPage(s, { runs: [info({ id: 'a' }), info({ id: 'b' })], next: '1.b', total: 4 }, false);
    expect(Object.keys(s.runs).sort()).toEqual(['a', 'b', 'live']);
    expect(s.runPages).toEqual({ next: '1.b', total: 4 });
    s = applyRunPage(s, { runs: [info({ id: 'c' })], next: null, total: 4 }, true);
    expect(Object.keys(s.runs).sort()).toEqual(['a', 'b', 'c', 'live']);
    expect(s.runPages).toEqual({ next: null, total: 4 });
  });
});
