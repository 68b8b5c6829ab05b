/**
 * What one run may make the host hold or write: defined once, used by the launcher, the rate
 * limit, the run store and the docs' numbers.
 */

/** One output line is kept up to this many bytes; the rest of it is counted and dropped. */
export const MAX_OUTPUT_LINE_BYTES = 64 * 1024;

/** Output bytes kept per second per run (beside the lines/s limit); more are counted and dropped. */
export const MAX_OUTPUT_BYTES_PER_SEC = 1024 * 1024;

/**
 * What one run's journal may grow to. Past it, samples and output are no longer written (one
 * 'truncated' record says so); the run's info and end records still are.
 */
export const JOURNAL_QUOTA_BYTES = 32 * 1024 * 1024;

/** The runs folder's default cap: beyond it, the oldest ended runs are removed. */
export const DEFAULT_STORE_CAP_BYTES = 200 * 1024 * 1024;

/** The smallest cap a user may set: a few runs' worth (it can never be below one run's quota). */
export const MIN_STORE_CAP_BYTES = JOURNAL_QUOTA_BYTES;

/** The environment variable that sets the runs folder's cap (bytes, or with a K/M/G suffix). */
export const STORE_CAP_ENV = 'PROCLAB_MAX_STORE';
