import { say } from '../../../shared/engine-texts';
import type { DeadlockEvent, I18nText, WaitLink } from '../../../shared/model';
import { procKey } from '../../../shared/proc-key';
import type { StuckProc } from './wait-graph';

interface Held {
  since: number;
  cpuTicks: number;
  flagged: DeadlockEvent | null;
  members: Array<{ pid: number; startTime: number }>;
}

const keyOf = (set: StuckProc[]) => set.map((s) => procKey(s.proc.pid, s.proc.startTime)).join(',');

/** The links in words, one clause per link to another process (or its own futex/pipe). */
export function linksText(links: WaitLink[]): I18nText {
  const parts = links.map((l) => {
    const to = l.waitsFor.join(', ');
    const args = { pid: l.pid, tid: l.tid, target: l.target ?? '', fd: l.fd ?? '', to };
    return say(
      l.op === 'read' ? 'dl.link-read' : l.op === 'write' ? 'dl.link-write' : l.op === 'child' ? 'dl.link-child' : 'dl.link-lock',
      args,
    );
  });
  return { en: parts.map((p) => p.en).join('; '), zh: parts.map((p) => p.zh).join('；') };
}

/**
 * Time for the wait-for graph: a stuck set (wait-graph.ts) whose processes' CPU ticks have not
 * moved for `thresholdMs` → one `suspected` event naming every process, thread and descriptor;
 * when the set changes or ends → `withdrawn` (`ended` when a member is gone).
 */
export class WaitGraphWatch {
  private held = new Map<string, Held>();

  constructor(public thresholdMs: number) {}

  observe(now: number, sets: StuckProc[][], alive: (pid: number, startTime: number) => boolean): DeadlockEvent[] {
    const out: DeadlockEvent[] = [];
    const seen = new Set<string>();
    for (const set of sets) {
      const key = keyOf(set);
      seen.add(key);
      const ticks = set.reduce((n, s) => n + s.proc.cpuTicks, 0);
      let h = this.held.get(key);
      // Once said, the set itself is the proof (every thread re-read in the same calls, none free):
      // the bootstrap answering for the event's stacks costs the root a little CPU, not a move.
      if (h && !h.flagged && h.cpuTicks !== ticks) {
        if (h.flagged) out.push(this.withdraw(h, now, false));
        h = undefined;
      }
      if (!h) {
        h = { since: now, cpuTicks: ticks, flagged: null, members: set.map((s) => ({ pid: s.proc.pid, startTime: s.proc.startTime })) };
        this.held.set(key, h);
      }
      if (!h.flagged && now - h.since >= this.thresholdMs) {
        h.flagged = this.event(set, h.since, now);
        out.push(h.flagged);
      }
    }
    for (const [key, h] of this.held) {
      if (seen.has(key)) continue;
      this.held.delete(key);
      if (h.flagged)
        out.push(
          this.withdraw(
            h,
            now,
            h.members.some((m) => !alive(m.pid, m.startTime)),
          ),
        );
    }
    return out;
  }

  suspected(): DeadlockEvent[] {
    return [...this.held.values()].flatMap((h) => (h.flagged ? [h.flagged] : []));
  }

  private event(set: StuckProc[], since: number, now: number): DeadlockEvent {
    const first = set[0]!.proc;
    const pids = set.map((s) => s.proc.pid);
    const waits = set.flatMap((s) => s.links);
    const what = [
      ...new Set(waits.map((l) => (l.op === 'child' ? 'wait4' : l.op === 'lock' ? 'futex' : (l.target ?? '').replace(/:.*/, '')))),
    ].join(', ');
    const args = { pid: pids.join(', '), what, threads: waits.length, secs: Math.round((now - since) / 1000) };
    const text = say(pids.length === 1 ? 'dl.suspected-self' : 'dl.suspected-graph', args);
    const cycleText = linksText(waits.filter((l) => l.waitsFor.some((p) => pids.includes(p))));
    const words = new Map<string, number[]>();
    for (const l of waits) if (l.op === 'lock' && l.target) words.set(l.target, [...(words.get(l.target) ?? []), l.tid]);
    return {
      kind: 'suspected',
      ts: now,
      pid: first.pid,
      startTime: first.startTime,
      pids,
      runId: first.runId,
      name: first.name,
      since,
      thresholdMs: this.thresholdMs,
      threads: waits.map((l) => ({ tid: l.tid, name: l.thread, word: l.op === 'lock' ? l.target : null })),
      locks: [...words].map(([word, tids]) => ({ word, tids })),
      source: 'syscall',
      cycle: cycleText.en,
      cycleText,
      waits,
      detail: text.en,
      text,
    };
  }

  private withdraw(h: Held, now: number, ended: boolean): DeadlockEvent {
    const f = h.flagged!;
    h.flagged = null;
    const text = say(ended ? 'dl.ended' : 'dl.withdrawn', { pid: f.pids?.join(', ') ?? f.pid });
    return { ...f, kind: 'withdrawn', ts: now, detail: text.en, text, ...(ended && { ended: true }) };
  }
}
