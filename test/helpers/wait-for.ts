/**
 * The one way a test waits for something: poll a condition until it holds or a deadline passes.
 * Shared by the unit, integration and e2e tests, so a wait never becomes a fixed sleep and a
 * timeout always says what was awaited, for how long, and what the condition last returned.
 */

export interface WaitOptions {
  /** What is awaited, for the timeout's message ("the run to end"). */
  what?: string;
  /** Time between two checks (default 25 ms). */
  intervalMs?: number;
}

/** A falsy result (undefined, null, false, 0, '') means "not yet". */
type Falsy = undefined | null | false | 0 | '';

function describeValue(v: unknown): string {
  try {
    const s = typeof v === 'string' ? JSON.stringify(v) : String(JSON.stringify(v) ?? v);
    return s.length > 200 ? `${s.slice(0, 200)}…` : s;
  } catch {
    return String(v);
  }
}

/**
 * Resolves with the condition's first truthy result. The condition may be async. It is checked
 * at least once even with a zero timeout, and once more at the deadline, so a slow machine that
 * wakes the poller late does not fail a condition that holds by then.
 */
export async function waitFor<T>(
  cond: () => T | Falsy | Promise<T | Falsy>,
  timeoutMs: number,
  what: string | WaitOptions = {},
): Promise<T> {
  const opts = typeof what === 'string' ? { what } : what;
  const interval = opts.intervalMs ?? 25;
  const start = Date.now();
  const end = start + timeoutMs;
  let last: unknown;
  for (;;) {
    last = await cond();
    if (last) return last as T;
    if (Date.now() >= end) break;
    await sleepMs(Math.min(interval, Math.max(0, end - Date.now())));
  }
  throw new Error(
    `timed out after ${Date.now() - start} ms (limit ${timeoutMs} ms) waiting for ${opts.what ?? 'a condition'}; it last returned ${describeValue(last)}`,
  );
}

/**
 * Waits a fixed time. Only for a window in which something must NOT happen, sized from the
 * product constant under test; anything that can be polled goes through waitFor.
 */
export function sleepMs(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
