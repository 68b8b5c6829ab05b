import type { Duplex } from 'node:stream';
import { forgetHidden, hideThread } from '../procfs/hidden-threads';
import type { PyLocksReply, PyOrder } from './lock-owners';

/**
 * The engine's end of the channel to the Python bootstrap of one run root
 * (python-bootstrap/_proclab_bootstrap.py): a socketpair the child inherits as fd 3, named to it
 * in PROCLAB_STACKS_FD. One JSON request per line, one JSON reply per line. Only the engine
 * holds this end: no other process can ask a program for its stacks through it.
 */

/** The env var and child fd of the channel (the bootstrap reads the same name). */
export const STACKS_FD_ENV = 'PROCLAB_STACKS_FD';
export const STACKS_CHILD_FD = 3;
/** A reply longer than this is refused (the bootstrap cuts its own stacks well below it). */
export const MAX_REPLY_BYTES = 8 * 1024 * 1024;
export const REPLY_TIMEOUT_MS = 3000;

export interface PyFrame {
  file: string;
  line: number;
  function: string;
  source: string;
}

export interface PyThreadStack {
  name: string | null;
  /** Why a thread has no frames (Node: it runs no JS now, e.g. blocked in a sync native call). */
  why?: string;
  /** Python: the `threading` ident; Node: the worker's threadId (0: the main thread). */
  ident: number;
  tid: number | null;
  main: boolean;
  daemon: boolean | null;
  frames: PyFrame[];
}

type Reply = { id: number; ok: boolean; error?: string } & Record<string, unknown>;

const channels = new Map<number, PyChannel>();

/** The channel of a live run root, or undefined (not a ProcLab Python run, or no bootstrap). */
export function channelOf(pid: number): PyChannel | undefined {
  return channels.get(pid);
}

export class PyChannel {
  /** The listener thread's TID once it said hello (the engine hides it from thread rows). */
  listenerTid: number | null = null;
  /** Which bootstrap answers: python-bootstrap, or node-bootstrap (the launch knows which it put on). */
  runtime: 'python' | 'node';

  /** Only Python's bootstrap records lock owners; Node's preload answers stacks alone. */
  get keepsLocks(): boolean {
    return this.runtime === 'python' && !this.closed;
  }
  private buf = '';
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private closed = false;
  private helloWaiters: Array<() => void> = [];

  constructor(
    readonly pid: number,
    private readonly socket: Duplex,
    runtime: 'python' | 'node' = 'python',
  ) {
    this.runtime = runtime;
    channels.set(pid, this);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
    // The channel must never keep the host alive.
    (socket as Duplex & { unref?: () => void }).unref?.();
  }

  /** Resolves when the listener said hello, or after `ms` (a program that never loads the bootstrap). */
  hello(ms: number): Promise<void> {
    if (this.listenerTid !== null || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      t.unref();
      this.helloWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  get open(): boolean {
    return !this.closed;
  }

  /** Told of a lock-order inversion the moment the program makes it (one message per pair). */
  onInversion: ((inv: { first: PyOrder; second: PyOrder }) => void) | null = null;

  async locks(): Promise<PyLocksReply> {
    const r = await this.request('locks');
    return r.locks as PyLocksReply;
  }

  async stacks(): Promise<PyThreadStack[]> {
    const r = await this.request('stacks');
    return Array.isArray(r.threads) ? (r.threads as PyThreadStack[]) : [];
  }

  request(op: string, timeoutMs = REPLY_TIMEOUT_MS): Promise<Reply> {
    if (this.closed) return Promise.reject(new Error('the program closed its ProcLab channel (it ended, or exec\u2019d another program)'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`the program did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      this.waiting.set(id, { resolve, reject, timer });
      this.socket.write(JSON.stringify({ op, id }) + '\n');
    });
  }

  private onData(chunk: string): void {
    this.buf += chunk;
    if (this.buf.length > MAX_REPLY_BYTES) {
      // A program that floods its end (it may write to fd 3 itself): stop listening, keep it running.
      this.close();
      return;
    }
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + 1);
      this.onLine(line);
    }
  }

  private onLine(line: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch {
      return;
    }
    if (!msg || typeof msg !== 'object') return;
    const m = msg as Record<string, unknown>;
    if (m.hello === 1 && typeof m.tid === 'number' && m.pid === this.pid && this.listenerTid === null) {
      this.listenerTid = m.tid;
      if (m.tid !== this.pid) hideThread(this.pid, m.tid);
      for (const w of this.helloWaiters.splice(0)) w();
      return;
    }
    if (m.event === 'inversion' && m.inversion && typeof m.inversion === 'object') {
      this.onInversion?.(m.inversion as { first: PyOrder; second: PyOrder });
      return;
    }
    if (typeof m.id !== 'number') return;
    const w = this.waiting.get(m.id);
    if (!w) return;
    this.waiting.delete(m.id);
    clearTimeout(w.timer);
    if (m.ok === true) w.resolve(m as Reply);
    else w.reject(new Error(typeof m.error === 'string' ? m.error.slice(0, 500) : 'the program refused the request'));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (channels.get(this.pid) === this) channels.delete(this.pid);
    forgetHidden(this.pid);
    for (const w of this.helloWaiters.splice(0)) w();
    for (const [, w] of this.waiting) {
      clearTimeout(w.timer);
      w.reject(new Error('the program closed its ProcLab channel'));
    }
    this.waiting.clear();
    this.socket.destroy();
  }
}
