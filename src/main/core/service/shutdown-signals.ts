export type ShutdownSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

const ALL: readonly ShutdownSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Every host ends its runs' processes before it exits on a signal; this is where the
 * handlers are installed, once for all three hosts. `cb` runs at most once: a second
 * Ctrl-C while the runs are being ended must not start a second shutdown.
 */
export function onShutdownSignals(cb: (sig: ShutdownSignal) => void, signals: readonly ShutdownSignal[] = ALL): () => void {
  let fired = false;
  const handlers = signals.map((sig) => {
    const h = (): void => {
      if (fired) return;
      fired = true;
      cb(sig);
    };
    process.on(sig, h);
    return [sig, h] as const;
  });
  return () => {
    for (const [sig, h] of handlers) process.off(sig, h);
  };
}
