import { say } from '../../../shared/engine-texts';
import type { ReplyEnvelope } from '../../../shared/protocol';
import { EVENT_NAMES, type EventName } from '../../../shared/results';
import type { TickEvent } from '../../../shared/model';
import { dispatch } from './dispatch';
import type { Proclab } from './proclab';
import { TableEncoder, type WireTick } from '../../../shared/table-delta';
import { tickFor } from './views';

/** How a host reaches one client. Only a socket knows its backlog; IPC reports 0. */
export interface ClientTransport {
  /**
   * Queues one message. `room`: bytes the client may still be behind by; a transport that can
   * measure the encoded message refuses (false) one that would not fit, rather than queue it.
   */
  send(msg: { event: EventName; data: unknown } | ReplyEnvelope, room?: number): boolean | void;
  /** Bytes written but not yet taken by the client (ws `bufferedAmount`). */
  buffered(): number;
  /** Stop/restart reading the client's commands (a socket); absent for IPC. */
  pauseInput?(): void;
  resumeInput?(): void;
  /** Drop the connection: the client is too far behind to be served honestly. */
  terminate?(): void;
}

/**
 * Whether a raw command changes what the client's tick shows from the tick the host already
 * has (its table, scope or visibility), so it is answered with a fresh cut; watched rows and
 * the interval only take effect at the engine's next tick.
 */
function isConfigure(raw: unknown): 'table' | 'view' | null {
  if (typeof raw !== 'object' || raw === null || (raw as { cmd?: unknown }).cmd !== 'monitor.configure') return null;
  const payload = (raw as { payload?: unknown }).payload;
  if (typeof payload !== 'object' || payload === null) return null;
  if ('table' in payload) return 'table';
  return 'scope' in payload || 'hidden' in payload ? 'view' : null;
}

export interface SessionLimits {
  /** Above this backlog a new tick replaces the one waiting instead of being queued. */
  tickHighWater: number;
  /** Above this backlog the client's commands are not read until it catches up. */
  inputHighWater: number;
  /** Above this backlog (events that cannot be merged) the connection is dropped. */
  hardLimit: number;
  /** Commands per second per connection, and how many may come at once. */
  ratePerSec: number;
  burst: number;
  /** How often a paused client's backlog is looked at. */
  drainPollMs: number;
  /** Commands of one client run at most this many at a time … */
  maxInFlight: number;
  /** … and at most this many wait; one more is refused like a rate-limited one. */
  maxQueued: number;
}

export const DEFAULT_LIMITS: SessionLimits = {
  tickHighWater: 512 * 1024,
  inputHighWater: 1 << 20,
  hardLimit: 16 << 20,
  ratePerSec: 100,
  burst: 200,
  drainPollMs: 50,
  maxInFlight: 8,
  maxQueued: 256,
};

export interface SessionStats {
  /** The largest backlog seen when the session sent something. */
  maxBuffered: number;
  ticksSent: number;
  /** Ticks replaced by a newer one while the client was behind. */
  ticksMerged: number;
  rateLimited: number;
}

/**
 * One client of the host: its own view, its event subscriptions, its send queue with
 * backpressure, and its command rate limit. Every host (Electron IPC, the WebSocket
 * server, the CLI) drives one of these per connection, so none of that is written twice.
 */
export class ClientSession {
  readonly viewId: number;
  private readonly unsubs: Array<() => void>;
  private readonly limits: SessionLimits;
  private pendingTick: TickEvent | null = null;
  /** The engine's latest tick, so a view change is answered from it at once. */
  private latest: TickEvent | null = null;
  /** The tick a frozen table keeps being cut from. */
  private frozenAt: TickEvent | null = null;
  private readonly encoder = new TableEncoder();
  private lastTickTs = -Infinity;
  private tokens: number;
  private refilledAt = Date.now();
  private paused = false;
  private poll: NodeJS.Timeout | null = null;
  private throttle: NodeJS.Timeout | null = null;
  private closed = false;
  private running = 0;
  private readonly queue: Array<{ raw: unknown; done: (r: ReplyEnvelope) => void }> = [];
  readonly stats: SessionStats = { maxBuffered: 0, ticksSent: 0, ticksMerged: 0, rateLimited: 0 };

  constructor(
    private readonly proclab: Proclab,
    private readonly transport: ClientTransport,
    private readonly log: (msg: string) => void = () => {},
    limits: Partial<SessionLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.tokens = this.limits.burst;
    this.viewId = proclab.views.open();
    this.unsubs = EVENT_NAMES.map((event) =>
      proclab.on(event, (data) => (event === 'tick' ? this.onTick(data as TickEvent) : this.push({ event, data }))),
    );
  }

  /**
   * One frame of a socket as it came (null: not text). A frame that is not JSON costs the client
   * a command like any other, so a flood of junk is rate-limited like a flood of commands.
   */
  handleFrame(text: string | null): Promise<ReplyEnvelope> {
    let msg: unknown;
    try {
      if (text === null) throw new Error('binary');
      msg = JSON.parse(text);
    } catch {
      if (this.refused()) return Promise.resolve(this.rateLimited(null));
      return Promise.resolve({ id: null, ok: false, error: { code: 'bad-json', message: 'each message must be one JSON text object' } });
    }
    return this.handle(msg);
  }

  /** Parses, rate-limits and runs one raw command for this client; always a reply. */
  handle(raw: unknown): Promise<ReplyEnvelope> {
    if (this.refused()) return Promise.resolve(this.rateLimited(raw));
    // Commands wait in a short queue: a burst must not have hundreds of replies in flight at once.
    return new Promise((done) => {
      this.queue.push({ raw, done });
      this.pump();
    });
  }

  /** Over the rate or the queue: the command is refused (and counted). */
  private refused(): boolean {
    if (this.take() && this.queue.length < this.limits.maxQueued) return false;
    this.stats.rateLimited++;
    this.throttleInput();
    return true;
  }

  /**
   * A client over its rate is not read until half its burst has come back: its frames wait in
   * the kernel's buffers, not as thousands of refusals the host must write while others wait.
   */
  private throttleInput(): void {
    if (this.throttle || this.closed || !this.transport.pauseInput) return;
    this.transport.pauseInput();
    const waitMs = ((this.limits.burst / 2 - this.tokens) / this.limits.ratePerSec) * 1000;
    this.throttle = setTimeout(
      () => {
        this.throttle = null;
        // Still behind on its replies: the drain watch resumes it once it has read them.
        if (!this.paused && !this.closed) this.transport.resumeInput?.();
      },
      Math.max(this.limits.drainPollMs, waitMs),
    );
    this.throttle.unref();
  }

  private rateLimited(raw: unknown): ReplyEnvelope {
    const id = typeof raw === 'object' && raw !== null && 'id' in raw ? (raw as { id: unknown }).id : null;
    const text = say('err.rate-limited', { limit: this.limits.ratePerSec });
    return {
      id: typeof id === 'string' || typeof id === 'number' ? id : null,
      ok: false,
      error: { code: 'rate-limited', message: text.en, text },
    } as ReplyEnvelope;
  }

  private pump(): void {
    while (!this.closed && this.running < this.limits.maxInFlight && this.queue.length) {
      // Behind on replies already: run nothing more until the client has read them.
      if (this.transport.buffered() > this.limits.inputHighWater) {
        this.watchDrain();
        return;
      }
      const { raw, done } = this.queue.shift()!;
      this.running++;
      const configures = isConfigure(raw);
      void dispatch(this.proclab, raw, this.log, this.viewId).then((r) => {
        this.running--;
        if (configures && r.ok) this.viewChanged(configures === 'table');
        done(r);
        // After the caller has sent the reply, so the backlog check sees it.
        setImmediate(() => {
          // A view change is answered with a fresh cut of the latest tick, not at the next tick.
          if (configures && r.ok) this.sendFresh();
          this.pump();
        });
      });
    }
  }

  /** Sends a reply (or any message) through the same backlog checks as events. */
  reply(r: ReplyEnvelope): void {
    this.push(r);
    // Replies are what a flooding client asks for: stop reading it while it is behind.
    if (!this.paused && this.transport.pauseInput && this.transport.buffered() > this.limits.inputHighWater) {
      this.paused = true;
      this.transport.pauseInput();
      this.watchDrain();
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubs.forEach((u) => u());
    this.queue.splice(0);
    if (this.poll) clearInterval(this.poll);
    if (this.throttle) clearTimeout(this.throttle);
    this.proclab.views.close(this.viewId);
  }

  private take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.limits.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.limits.ratePerSec);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Freezing keeps the tick of that moment; a new table spec makes the next frame a full one. */
  private viewChanged(tableSpecSent: boolean): void {
    const view = this.proclab.views.get(this.viewId);
    if (tableSpecSent) this.encoder.reset();
    if (!view?.table?.frozen) this.frozenAt = null;
    else if (!this.frozenAt) this.frozenAt = this.latest;
  }

  private sendFresh(): void {
    const view = this.proclab.views.get(this.viewId);
    if (!view || view.hidden || !this.latest || this.closed) return;
    this.offer(tickFor(this.latest, view, this.frozenAt ?? this.latest), false);
  }

  private onTick(t: TickEvent): void {
    this.latest = t;
    const view = this.proclab.views.get(this.viewId);
    if (!view || view.hidden) return;
    // The engine ticks at the fastest client's rate; a slower client gets every n-th tick
    // (half an engine interval of slack, so jitter does not skip the one it is due).
    if (t.ts - this.lastTickTs < view.intervalMs - t.intervalMs / 2) return;
    this.offer(tickFor(t, view, this.frozenAt ?? t), true);
  }

  private offer(mine: TickEvent, paced: boolean): void {
    if (paced) this.lastTickTs = mine.ts;
    const backlog = this.transport.buffered();
    // Seen here too: once a client is behind nothing may be pushed to it, so push() would not see it.
    this.stats.maxBuffered = Math.max(this.stats.maxBuffered, backlog);
    if (backlog > this.limits.tickHighWater) {
      // Ticks are whole snapshots: the newest one replaces any still waiting.
      if (this.pendingTick) this.stats.ticksMerged++;
      this.pendingTick = mine;
      this.watchDrain();
      return;
    }
    this.sendTick(mine);
  }

  /** Encodes the table against what this client has at the moment it is really sent (a merged tick never was). */
  private sendTick(t: TickEvent): void {
    this.stats.ticksSent++;
    const data: WireTick = t.table ? { ...t, table: this.encoder.encode(t.table) } : (t as WireTick);
    this.push({ event: 'tick', data });
  }

  private push(msg: Parameters<ClientTransport['send']>[0]): void {
    if (this.closed) return;
    const backlog = this.transport.buffered();
    this.stats.maxBuffered = Math.max(this.stats.maxBuffered, backlog);
    if (backlog > this.limits.hardLimit && this.transport.terminate) return this.drop(`fell ${backlog} bytes behind`);
    // The message being written counts too: one large message must not take a client past the bound.
    if (this.transport.send(msg, this.limits.hardLimit - backlog) === false && this.transport.terminate)
      return this.drop(`would fall more than ${this.limits.hardLimit} bytes behind`);
    this.stats.maxBuffered = Math.max(this.stats.maxBuffered, this.transport.buffered());
  }

  /** The client is too far behind to be served honestly: end its connection, free what it held. */
  private drop(why: string): void {
    this.log(`proclab: a client ${why}; dropping its connection`);
    this.transport.terminate?.();
    this.close();
  }

  private watchDrain(): void {
    if (this.poll || this.closed) return;
    this.poll = setInterval(() => {
      const backlog = this.transport.buffered();
      if (this.pendingTick && backlog <= this.limits.tickHighWater) {
        const t = this.pendingTick;
        this.pendingTick = null;
        this.sendTick(t);
      }
      if (backlog <= this.limits.inputHighWater) {
        if (this.paused) {
          this.paused = false;
          if (!this.throttle) this.transport.resumeInput?.();
        }
        this.pump();
      }
      const waiting = this.queue.length > 0 && this.running < this.limits.maxInFlight;
      if (!this.pendingTick && !this.paused && !waiting && this.poll) {
        clearInterval(this.poll);
        this.poll = null;
      }
    }, this.limits.drainPollMs);
    this.poll.unref();
  }
}
