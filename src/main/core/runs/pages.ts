import type { RunData, RunInfo } from '../../../shared/model';
import { PAGE_LIMITS, parseRunDataCursor, parseRunsCursor, runsCursorOf } from '../../../shared/paging';
import type { RunDataPage, RunsPage } from '../../../shared/results';
import type { RunStore } from './run-store';

/**
 * The page of a newest-first run list after `cursor` (a key, not an index: runs added or
 * deleted meanwhile shift nothing). `list` is in RunStore.list()'s order.
 */
export function pageRuns(list: RunInfo[], limit: number = PAGE_LIMITS.runs.default, cursor?: string): RunsPage {
  let from = 0;
  if (cursor !== undefined) {
    const c = parseRunsCursor(cursor);
    // The first run strictly after the key in (startedAt desc, id desc) order.
    from = list.findIndex((r) => {
      const t = Math.floor(r.startedAt);
      return t < c.startedAt || (t === c.startedAt && r.id < c.id);
    });
    if (from < 0) from = list.length;
  }
  const runs = list.slice(from, from + limit);
  const last = runs.at(-1);
  return { runs, next: last && from + limit < list.length ? runsCursorOf(last) : null, total: list.length };
}

/**
 * One page of a run's record: samples and outputs from the cursor on (`limit` of each; a journal
 * only grows, so indices stay valid), everything else on the first page only.
 */
export function pageRunData(data: RunData, limit: number = PAGE_LIMITS.runData.default, cursor?: string): RunDataPage {
  const at = parseRunDataCursor(cursor);
  const first = cursor === undefined;
  const s = Math.min(at.sample, data.samples.length);
  const o = Math.min(at.output, data.outputs.length);
  const sEnd = Math.min(s + limit, data.samples.length);
  const oEnd = Math.min(o + limit, data.outputs.length);
  const more = sEnd < data.samples.length || oEnd < data.outputs.length;
  return {
    info: data.info,
    machine: data.machine,
    samples: data.samples.slice(s, sEnd),
    outputs: data.outputs.slice(o, oEnd),
    events: first ? data.events : [],
    ...(data.deadlocks !== undefined && { deadlocks: first ? data.deadlocks : [] }),
    next: more ? `${sEnd}.${oEnd}` : null,
  };
}

/**
 * pageRunData for a run on disk, without reading its journal whole: the store's index says where
 * the page's samples and output are, and only those lines are read (async, in bounded chunks).
 */
export async function pageRunJournal(
  store: RunStore,
  runId: string,
  limit: number = PAGE_LIMITS.runData.default,
  cursor?: string,
): Promise<RunDataPage> {
  const idx = await store.index(runId);
  const file = store.journalFile(runId);
  const at = parseRunDataCursor(cursor);
  const first = cursor === undefined;
  const s = Math.min(at.sample, idx.samples);
  const o = Math.min(at.output, idx.outputs);
  const [samples, outputs, ev] = await Promise.all([
    idx.readBulk(file, 'sample', s, limit),
    idx.readBulk(file, 'output', o, limit),
    first ? idx.readEvents(file) : null,
  ]);
  const sEnd = Math.min(s + limit, idx.samples);
  const oEnd = Math.min(o + limit, idx.outputs);
  const more = sEnd < idx.samples || oEnd < idx.outputs;
  return {
    info: store.info(runId),
    machine: idx.header!.machine,
    samples,
    outputs,
    events: ev?.events ?? [],
    ...(idx.deadlockAt.length > 0 && { deadlocks: ev?.deadlocks ?? [] }),
    next: more ? `${sEnd}.${oEnd}` : null,
  };
}
