let installed = false;

/**
 * Every host's last resort for a promise nobody awaited: Node's default ends the process, which
 * would end every client's session and leave its runs unsupervised for one forgotten `.catch`.
 * Log it (with its stack, so it gets fixed) and go on. Installed once per process.
 */
export function keepHostAliveOnRejection(log: (msg: string) => void = (m) => process.stderr.write(m + '\n')): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason) => {
    const what = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
    try {
      log(`proclab: internal error, a promise was rejected and not handled (the host goes on): ${what}`);
    } catch {
      // a log that throws must not turn this into the crash it prevents
    }
  });
}
