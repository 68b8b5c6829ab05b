import type { RunsPage } from '../../../shared/results';
import { store } from '../store/hooks';

/**
 * The runs list arrives in pages (runs.list is bounded by the host). The view starts with the
 * first page and loads the next one when the user reaches the end of the list; a reload reads
 * again as many runs as are shown, so a refresh never hides runs the user had scrolled to.
 */
let loading: Promise<void> | null = null;

export function reloadRuns(): Promise<void> {
  const want = Object.keys(store.getState().runs).length;
  const run = async (): Promise<void> => {
    const runs: RunsPage['runs'] = [];
    let page = await window.proclab.listRunsPage({});
    runs.push(...page.runs);
    while (page.next !== null && runs.length < want) {
      page = await window.proclab.listRunsPage({ cursor: page.next });
      runs.push(...page.runs);
    }
    store.setRunPage({ runs, next: page.next, total: page.total }, false);
  };
  loading = run().finally(() => (loading = null));
  return loading;
}

/** The next page, if there is one and none is on its way. */
export function loadMoreRuns(): Promise<void> {
  const next = store.getState().runPages.next;
  if (next === null || loading) return loading ?? Promise.resolve();
  loading = window.proclab
    .listRunsPage({ cursor: next })
    .then((page) => store.setRunPage(page, true))
    .finally(() => (loading = null));
  return loading;
}

/** Reloads the runs list, quietly: a failure leaves the list as it was. */
export function refreshRuns(): void {
  reloadRuns().catch(() => undefined);
}
