import { z } from 'zod';

/**
 * Replies that grow with what the user has recorded (the runs list, one run's samples and log)
 * come in pages: each reply is bounded by a hard maximum whatever the client asks, and the
 * client pages on with the reply's `next` cursor. Cursors are keys, not positions in a moving
 * list, so a run added or deleted between two pages neither repeats nor skips another.
 */
export const PAGE_LIMITS = {
  /** runs.list: runs per page. */
  runs: { default: 100, max: 500 },
  /** runs.get: samples per page, and output chunks per page (each counted on its own). */
  runData: { default: 1000, max: 10_000 },
} as const;

/** runs.list's cursor: the last run of the previous page, as `<startedAt>.<runId>` (newest first). */
export const RUNS_CURSOR = /^\d{1,16}\.[A-Za-z0-9_-]{1,64}$/;
/** runs.get's cursor: where the next page starts, as `<sample index>.<output index>` (the journal only grows). */
export const RUN_DATA_CURSOR = /^\d{1,9}\.\d{1,9}$/;

/** A page size; left out, the host's default for that reply (applied by the handler, so a payload parses to itself). */
export const pageLimit = (max: number) =>
  z.number().int().min(1, 'at least 1').max(max, `at most ${max} per page (the host's hard maximum)`).optional();

export const runsCursor = z.string().max(100).regex(RUNS_CURSOR, 'a cursor from the `next` of a previous runs.list reply');
export const runDataCursor = z.string().max(40).regex(RUN_DATA_CURSOR, 'a cursor from the `next` of a previous runs.get reply');

export function runsCursorOf(run: { startedAt: number; id: string }): string {
  return `${Math.max(0, Math.floor(run.startedAt))}.${run.id}`;
}

export function parseRunsCursor(c: string): { startedAt: number; id: string } {
  const dot = c.indexOf('.');
  return { startedAt: Number(c.slice(0, dot)), id: c.slice(dot + 1) };
}

export function parseRunDataCursor(c: string | undefined): { sample: number; output: number } {
  if (c === undefined) return { sample: 0, output: 0 };
  const [s, o] = c.split('.');
  return { sample: Number(s), output: Number(o) };
}

/** Every page, in order, of a paged reply (the client side of paging). */
export async function allPages<P extends { next: string | null }>(
  fetch: (cursor: string | undefined) => Promise<P>,
  maxPages = 100_000,
): Promise<P[]> {
  const pages: P[] = [];
  let cursor: string | undefined;
  do {
    const p = await fetch(cursor);
    pages.push(p);
    // A host that answered the same cursor twice would loop for ever: stop instead.
    if (p.next !== null && p.next === cursor) break;
    cursor = p.next ?? undefined;
  } while (cursor !== undefined && pages.length < maxPages);
  return pages;
}
