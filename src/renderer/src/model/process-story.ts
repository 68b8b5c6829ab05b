import type { ExitInfo, ProcRow, ProcUsage, RunData } from '../../../shared/model';
import type { TFn } from '../i18n/translate';
import { procKey } from '../../../shared/proc-key';

/**
 * A finished run's process rows, rebuilt from its journal: the engine forgets exited rows
 * 10 s after they end, and a run opened from the history never had them, so the table reads
 * each process's life back from the lifecycle events (who, when, how it ended) and the run
 * samples (peaks and CPU time).
 */
export function storyRows(data: RunData): Array<ProcRow & { usage: ProcUsage }> {
  const rows = new Map<string, ProcRow & { usage: ProcUsage }>();
  const rowFor = (pid: number, startTime: number, name: string, ppid: number, ts: number) => {
    const k = procKey(pid, startTime);
    let r = rows.get(k);
    if (!r) {
      r = {
        pid,
        startTime,
        ppid,
        name,
        cmd: name,
        user: null,
        state: 'unknown',
        orphan: false,
        daemon: false,
        exited: null,
        cpu: 0,
        rss: 0,
        threads: 0,
        startedAt: ts,
        runId: data.info.id,
        usage: { cpuMs: 0, peakRss: 0, peakThreads: 0, zombie: false },
      };
      rows.set(k, r);
    }
    return r;
  };
  for (const e of data.events) {
    const r = rowFor(e.pid, e.startTime, e.name, e.ppid, e.ts);
    // A process that exec'd is named by its last name, as the live table showed it.
    r.name = e.name;
    r.cmd = e.name;
    if (e.kind === 'orphaned') {
      r.orphan = true;
      r.ppid = e.ppid;
    }
    if (e.kind === 'daemon') r.daemon = true;
    if (e.kind === 'state-changed' && e.state) {
      r.state = e.state;
      if (e.state === 'zombie') r.usage.zombie = true;
    }
    if (e.kind === 'exited' && e.exit) r.exited = e.exit;
  }
  for (const s of data.samples) {
    for (const p of s.procs) {
      const r = rows.get(procKey(p.pid, p.startTime));
      if (!r) continue;
      r.usage.peakRss = Math.max(r.usage.peakRss, p.rss);
      r.usage.peakThreads = Math.max(r.usage.peakThreads, p.threads);
      if (p.utimeMs !== undefined || p.stimeMs !== undefined) r.usage.cpuMs = Math.max(r.usage.cpuMs, (p.utimeMs ?? 0) + (p.stimeMs ?? 0));
      // The engine never records a run's root as a zombie (supervisor/tracker.ts `recordedState`).
      if (p.state === 'zombie') r.usage.zombie = true;
      if (!r.exited) r.state = p.state;
    }
  }
  return [...rows.values()];
}

/** How a run's process ended, as one phrase; null while it still runs (its state says enough). */
export type EndKind =
  | { kind: 'exit'; code: number }
  | { kind: 'signal'; signal: string }
  | { kind: 'stopped-run'; signal: string | null }
  | { kind: 'zombie-reaped'; code: number | null; signal: string | null }
  | { kind: 'unknown' };

export function endOf(exit: ExitInfo, usage: ProcUsage | undefined): EndKind {
  // ProcLab ended it (the run was stopped, hit a limit or timed out): it was still running then.
  if (exit.by === 'engine' || exit.by === 'limit') return { kind: 'stopped-run', signal: exit.signal };
  if (usage?.zombie) return { kind: 'zombie-reaped', code: exit.code, signal: exit.signal };
  if (exit.signal) return { kind: 'signal', signal: exit.signal };
  if (exit.code !== null) return { kind: 'exit', code: exit.code };
  return { kind: 'unknown' };
}

export function endWords(end: EndKind, t: TFn): string {
  switch (end.kind) {
    case 'exit':
      return t('story.exit', { code: end.code });
    case 'signal':
      return t('story.signal', { signal: end.signal });
    case 'stopped-run':
      return end.signal ? t('story.stoppedRunSignal', { signal: end.signal }) : t('story.stoppedRun');
    case 'zombie-reaped':
      return t('story.zombieReaped', {
        how: end.signal ? t('story.signal', { signal: end.signal }) : end.code !== null ? t('story.exit', { code: end.code }) : '—',
      });
    case 'unknown':
      return t('outcome.gone');
  }
}

/** Rows to show for a run: the tick's own (fresher) first, then the journal's for every process the tick no longer has. */
export function mergeStory(live: readonly ProcRow[], story: readonly ProcRow[]): ProcRow[] {
  if (!story.length) return [...live];
  const have = new Set(live.map((r) => procKey(r.pid, r.startTime)));
  return [...live, ...story.filter((r) => !have.has(procKey(r.pid, r.startTime)))];
}
