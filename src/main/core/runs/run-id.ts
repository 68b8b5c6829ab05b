/**
 * Run ids: sortable by creation time (so a directory listing is chronological) and
 * filename-safe (they name the journal file), matching /^[A-Za-z0-9_-]{1,64}$/ like the
 * command schemas require.
 */
export const RUN_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

let lastStamp = '';
let seq = 0;

/** e.g. `20261125-120139-123-00-k3x9`: UTC time, a per-millisecond counter, a random tail. */
export function newRunId(now: number = Date.now()): string {
  const d = new Date(now);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp =
    `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-` +
    `${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}-${p(d.getUTCMilliseconds(), 3)}`;
  // The counter keeps ids created in the same millisecond in creation order.
  seq = stamp === lastStamp ? seq + 1 : 0;
  lastStamp = stamp;
  const rand = Math.floor(Math.random() * 36 ** 4)
    .toString(36)
    .padStart(4, '0');
  return `${stamp}-${seq.toString(36).padStart(2, '0')}-${rand}`;
}

export function isRunId(x: string): boolean {
  return RUN_ID_RE.test(x);
}
