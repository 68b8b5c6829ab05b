import type { RunOutput } from '../../shared/model';

/**
 * Shows a run's program output on stderr while it runs (stdout is for the result). Output
 * that arrives before the run id is known is held, then filtered; progress lines are
 * throttled so that a chatty program does not flood the terminal.
 */
export function outputPrinter(write: (s: string) => void, progressEveryMs = 500) {
  let runId: string | null = null;
  let pending: RunOutput[] = [];
  let lastProgressAt = 0;
  let heldProgress: RunOutput | null = null;

  const print = (o: RunOutput) => {
    if (o.kind === 'progress') {
      if (o.ts - lastProgressAt < progressEveryMs) {
        heldProgress = o;
        return;
      }
      lastProgressAt = o.ts;
      heldProgress = null;
    }
    const line = formatOutput(o);
    if (line !== null) write(line + '\n');
  };

  return {
    push(batch: RunOutput[]) {
      if (runId === null) pending.push(...batch);
      else for (const o of batch) if (o.runId === runId) print(o);
    },
    follow(id: string) {
      runId = id;
      const held = pending;
      pending = [];
      for (const o of held) if (o.runId === id) print(o);
    },
    /** The last progress line, if throttling held it back. */
    flush() {
      if (heldProgress) {
        const o = heldProgress;
        heldProgress = null;
        const line = formatOutput(o);
        if (line !== null) write(line + '\n');
      }
    },
  };
}

export function formatOutput(o: RunOutput): string | null {
  const d = o.data ?? {};
  const pid = o.pid !== undefined ? `[${o.pid}] ` : '';
  switch (o.kind) {
    case 'log':
      return `  │ ${pid}${o.stream === 'stderr' ? '(stderr) ' : ''}${(o.text ?? '').replace(/[\r\n]+$/, '')}`;
    case 'progress':
      return `  progress ${String(d['done'] ?? '?')}/${String(d['total'] ?? '?')}`;
    case 'metric':
      return `  metric ${String(d['name'] ?? '?')} = ${String(d['value'] ?? '?')}`;
    case 'mark':
      return `  mark ${pid}${o.text ?? ''}`;
    case 'result':
      return `  result ${JSON.stringify(d)}`;
    default:
      return null;
  }
}
