import { basename } from 'node:path';
import type { I18nText, LockOrder, OwnerLink, SourceSite } from '../../../shared/model';

/**
 * Who holds what, from the Python bootstrap's records (python-bootstrap/_proclab_bootstrap.py
 * `locks()`): the wait-for cycle with each lock's owner and the source lines of both sides, and
 * lock-order inversions in words.
 */
export interface PyThreadRef {
  /**
   * The process of the thread: every row of a reply has it since multiprocessing locks are
   * followed across the run's forked processes (idents repeat there: a forked child's main thread
   * has its parent's).
   */
  pid?: number;
  ident: number;
  name: string | null;
  tid: number | null;
}

export interface PyLocksReply {
  threads: Array<
    PyThreadRef & {
      wait?:
        | { kind: 'lock'; lock: string; file: string; line: number }
        | { kind: 'join'; thread: PyThreadRef | null; file: string; line: number }
        /** Condition.wait: a wait for a notify, which no thread owns. */
        | { kind: 'condition'; condition: string; file: string; line: number }
        | { kind: 'exit'; file: string; line: number };
    }
  >;
  /**
   * kind: Lock, RLock, Semaphore, BoundedSemaphore. A semaphore has an owner only while exactly
   * one thread holds permits; `holders` lists every thread that holds one.
   */
  locks: Array<{ id: string; name: string; kind: string; owner: PyThreadRef | null; at: SourceSite | null; holders?: PyThreadRef[] }>;
  inversions: Array<{ first: PyOrder; second: PyOrder }>;
}

export interface PyOrder {
  lock: string;
  then: string;
  thread: PyThreadRef;
  at: SourceSite | null;
  thenAt: SourceSite | null;
}

const nameOf = (t: PyThreadRef): string => t.name ?? `thread ${t.tid ?? t.ident}`;
export const siteText = (s: SourceSite | null): string => (s ? `${basename(s.file)}:${s.line}` : '?');

const keyOf = (t: PyThreadRef): string => `${t.pid ?? ''}:${t.ident}`;

/**
 * The first wait-for cycle through lock owners (threads waiting for a lock whose holder waits in
 * turn), or null. Threads are known by (pid, ident): a cycle may cross the run's processes on
 * multiprocessing locks; then each name says its PID and each link carries `pid`/`holderPid`.
 */
export function ownerCycle(r: PyLocksReply): OwnerLink[] | null {
  const lockById = new Map(r.locks.map((l) => [l.id, l]));
  const byKey = new Map(r.threads.map((t) => [keyOf(t), t]));
  const waitOf = (key: string) => {
    const w = byKey.get(key)?.wait;
    return w && w.kind === 'lock' ? w : null;
  };
  for (const start of r.threads) {
    const path: string[] = [];
    let cur: string | undefined = keyOf(start);
    while (cur !== undefined && !path.includes(cur)) {
      const w = waitOf(cur);
      const owner = w ? lockById.get(w.lock)?.owner : undefined;
      if (!w || !owner) {
        cur = undefined;
        break;
      }
      path.push(cur);
      cur = keyOf(owner);
    }
    if (cur === undefined) continue;
    const cycle = path.slice(path.indexOf(cur));
    const pids = new Set(cycle.map((k) => byKey.get(k)!.pid));
    const across = pids.size > 1;
    const named = (t: PyThreadRef) => (across && t.pid !== undefined ? `${nameOf(t)} (PID ${t.pid})` : nameOf(t));
    return cycle.map((key) => {
      const t = byKey.get(key)!;
      const w = waitOf(key)!;
      const lock = lockById.get(w.lock)!;
      const holder = byKey.get(keyOf(lock.owner!)) ?? lock.owner!;
      const hw = waitOf(keyOf(holder));
      return {
        thread: named(t),
        tid: t.tid,
        at: { file: w.file, line: w.line },
        lock: lock.name,
        holder: named(holder),
        holderTid: holder.tid,
        heldAt: lock.at,
        holderAt: hw ? { file: hw.file, line: hw.line } : null,
        ...(across && { pid: t.pid, holderPid: holder.pid }),
      };
    });
  }
  return null;
}

/** "Thread-2 at two_locks.py:19 waits for mutexB, held by Thread-1, which waits at two_locks.py:30 for mutexA, held by Thread-2". */
export function ownerCycleText(links: OwnerLink[]): I18nText {
  const first = links[0]!;
  const en = [`${first.thread} at ${siteText(first.at)} waits for ${first.lock}, held by ${first.holder}`];
  const zh = [`${first.thread} 在 ${siteText(first.at)} 等待 ${first.lock}，它被 ${first.holder} 持有`];
  for (const l of links.slice(1)) {
    en.push(`which waits at ${siteText(l.at)} for ${l.lock}, held by ${l.holder}`);
    zh.push(`${l.thread} 在 ${siteText(l.at)} 等待 ${l.lock}，它被 ${l.holder} 持有`);
  }
  return { en: en.join(', '), zh: zh.join('；') };
}

export function lockOrder(o: PyOrder): LockOrder {
  return { thread: nameOf(o.thread), tid: o.thread.tid, lock: o.lock, then: o.then, at: o.at, thenAt: o.thenAt };
}

/** "potential deadlock: Thread-1 took mutexA (a.py:17) then mutexB (a.py:19); Thread-1 took mutexB (a.py:27) then mutexA (a.py:30)". */
export function inversionText(first: LockOrder, second: LockOrder): I18nText {
  const o = (x: LockOrder, took: string, then: string) =>
    `${x.thread} ${took} ${x.lock} (${siteText(x.at)}) ${then} ${x.then} (${siteText(x.thenAt)})`;
  return {
    en: `potential deadlock (lock-order inversion): ${o(first, 'took', 'then')}; ${o(second, 'took', 'then')}`,
    zh: `潜在死锁（加锁顺序相反）：${o(first, '先取', '再取')}；${o(second, '先取', '再取')}`,
  };
}
