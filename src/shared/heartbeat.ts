/** A core silent this long is asked (app.info); one that does not answer as long again is gone. */
export const PING_MS = 5000;
/** How often a transport that has lost its core asks again. */
export const REPING_MS = 1000;

export interface HeartbeatOps {
  /** Asks the core something cheap; resolves when it answered, rejects (or never settles) when it did not. */
  ping(): Promise<unknown>;
  /** Milliseconds since the core last answered anything. */
  quietMs(): number;
  /** It answered (again). */
  alive(): void;
  /** It did not answer within PING_MS, or answered that it is going away. */
  gone(): void;
}

/**
 * Watches a core that closes nothing when it hangs or goes away (Electron IPC has no socket to
 * close): while it is quiet it is pinged, and a ping without an answer within PING_MS says
 * `gone`; once gone it is asked every REPING_MS until it answers. Returns how to stop watching.
 */
export function startHeartbeat(o: HeartbeatOps): () => void {
  let asking = false;
  let lost = false;
  const check = (): void => {
    if (asking || (!lost && o.quietMs() < PING_MS)) return;
    asking = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${PING_MS} ms`)), PING_MS);
    });
    Promise.race([o.ping(), deadline])
      .then(
        () => {
          lost = false;
          o.alive();
        },
        () => {
          lost = true;
          o.gone();
        },
      )
      .finally(() => {
        clearTimeout(timer);
        asking = false;
      });
  };
  const every = setInterval(check, REPING_MS);
  return () => clearInterval(every);
}
