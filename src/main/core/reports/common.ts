import type { DeadlockEvent, RunData } from '../../../shared/model';
import type { Comparison } from '../../../shared/results';
import { procKey } from '../../../shared/proc-key';

/** What every exporter receives: the comparison and the runs it was built from (same order). */
export interface ReportInput {
  comparison: Comparison;
  runs: RunData[];
  /** The seed-tutorial concepts (numbers) the runs' scenarios show, for reports that name them. */
  concepts?: number[];
}

/** `proclab-<scenario>-<yyyymmdd-hhmmss>.<ext>`; 'command' for typed commands, 'mixed' for several scenarios. */
export function reportFilename(input: ReportInput, ext: string): string {
  const ids = [...new Set(input.runs.map((r) => r.info.scenarioId ?? 'command'))];
  const scenario = ids.length === 1 ? ids[0]! : 'mixed';
  const safe = scenario.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 40) || 'runs';
  return `proclab-${safe}-${stamp(input.comparison.generatedAt)}.${ext}`;
}

function stamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

export function escapeHtml(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Every scenario metric name present in the comparison's series, in first-seen order. */
export function metricNames(c: Comparison): string[] {
  const names: string[] = [];
  for (const s of c.series) for (const p of s.points) for (const k of Object.keys(p.metrics)) if (!names.includes(k)) names.push(k);
  return names;
}

/** One watchdog suspicion of a run, with when it was withdrawn (null while it stood to the end). */
export interface DeadlockNote {
  runId: string;
  runName: string;
  suspected: DeadlockEvent;
  withdrawnAt: number | null;
  withdrawn: string | null;
}

/** Each `suspected` event of the runs paired with the `withdrawn` that followed it for the same process. */
export function deadlockNotes(runs: RunData[]): DeadlockNote[] {
  const notes: DeadlockNote[] = [];
  for (const r of runs) {
    const open = new Map<string, DeadlockNote>();
    for (const d of r.deadlocks ?? []) {
      const key = procKey(d.pid, d.startTime);
      if (d.kind === 'potential') {
        notes.push({ runId: r.info.id, runName: r.info.name, suspected: d, withdrawnAt: null, withdrawn: null });
      } else if (d.kind === 'suspected') {
        const n: DeadlockNote = { runId: r.info.id, runName: r.info.name, suspected: d, withdrawnAt: null, withdrawn: null };
        notes.push(n);
        open.set(key, n);
      } else {
        const n = open.get(key);
        if (n) Object.assign(n, { withdrawnAt: d.ts, withdrawn: d.detail });
        open.delete(key);
      }
    }
  }
  return notes;
}
