import { say } from '../../../shared/engine-texts';
import type { I18nText } from '../../../shared/model';

/** What the marks of one thread said about locks: the ones it holds and the one it waits for. */
interface ThreadLocks {
  label: string;
  /** The kernel thread the marks came from, when they said. */
  tid?: number;
  holds: string[];
  waits: string | null;
}

export interface LockMark {
  label: string;
  lock: string;
  tid?: number;
  thread?: string;
}

/**
 * Lock marks of a run, `{"ev":"mark","label":"acquired"|"waiting"|"released","lock":"A"}`,
 * folded into who holds what and who waits for what, so a suspected deadlock can name its
 * wait-for cycle. Threads are told apart by the mark's `thread` name, else its `tid`.
 */
export class LockMarks {
  private runs = new Map<string, Map<string, ThreadLocks>>();

  /** False when the mark is not a lock mark (it is then just a mark). */
  add(runId: string, m: LockMark): boolean {
    const kind = /^acquired?$/i.test(m.label)
      ? 'acquired'
      : /^wait(ing)?$/i.test(m.label)
        ? 'waiting'
        : /^released?$/i.test(m.label)
          ? 'released'
          : null;
    if (!kind) return false;
    const key = m.thread ?? (m.tid !== undefined ? String(m.tid) : '?');
    let threads = this.runs.get(runId);
    if (!threads) this.runs.set(runId, (threads = new Map()));
    let t = threads.get(key);
    if (!t) threads.set(key, (t = { label: key, holds: [], waits: null }));
    if (m.tid !== undefined) t.tid = m.tid;
    if (kind === 'waiting') t.waits = m.lock;
    else if (kind === 'acquired') {
      if (!t.holds.includes(m.lock)) t.holds.push(m.lock);
      if (t.waits === m.lock) t.waits = null;
    } else t.holds = t.holds.filter((l) => l !== m.lock);
    return true;
  }

  /** "thread 1 holds A and waits for B; thread 2 holds B and waits for A", or null without a cycle. */
  cycle(runId: string): I18nText | null {
    const path = this.cyclePath(runId);
    if (!path) return null;
    const parts = path.map((t) =>
      t.holds.length
        ? say('dl.holds-waits', { t: t.label, held: t.holds.join(', '), lock: t.waits! })
        : say('dl.waits', { t: t.label, lock: t.waits! }),
    );
    return { en: parts.map((p) => p.en).join('; '), zh: parts.map((p) => p.zh).join('；') };
  }

  /**
   * The kernel thread ids of the cycle's threads, or null without a cycle (or when a mark in
   * it named no thread id): the watchdog checks these threads themselves are stuck, so a
   * deadlock among some threads shows even while the process's other threads idle elsewhere.
   */
  cycleTids(runId: string): number[] | null {
    const path = this.cyclePath(runId);
    if (!path || path.some((t) => t.tid === undefined)) return null;
    return path.map((t) => t.tid!);
  }

  private cyclePath(runId: string): ThreadLocks[] | null {
    const threads = this.runs.get(runId);
    if (!threads) return null;
    const holder = new Map<string, ThreadLocks>();
    for (const t of threads.values()) for (const l of t.holds) holder.set(l, t);
    for (const start of threads.values()) {
      const path: ThreadLocks[] = [];
      let cur: ThreadLocks | undefined = start;
      while (cur && cur.waits !== null && !path.includes(cur)) {
        path.push(cur);
        cur = holder.get(cur.waits);
      }
      if (cur === start && path.length >= 1) return path;
    }
    return null;
  }

  forget(runId: string): void {
    this.runs.delete(runId);
  }
}
