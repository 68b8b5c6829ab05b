import { createProclabApi, ApiError, connectionFeed, type ProclabApi, type Transport } from '../../../shared/api';
import { TOKEN_PARAM, WS_PATH } from '../../../shared/channels';
import { PING_MS } from '../../../shared/heartbeat';
import type { EventName } from '../../../shared/results';
import type { ReplyEnvelope } from '../../../shared/protocol';

/** Waits between reconnection attempts: quick at first (a restart takes a moment), then every 10 s. */
export const RETRY_MS = [500, 1000, 2000, 4000, 8000, 10_000] as const;
/** A host silent this long is asked (app.info); one that does not answer as long again is gone. */
export { PING_MS };

/**
 * Browser-mode transport: the same command/event envelopes as Electron IPC, over one
 * WebSocket to the loopback host. The token comes from the page URL the host printed.
 * When the socket closes or a ping goes unanswered it reports `disconnected` and keeps trying
 * with backoff; before each attempt it asks the page's address over HTTP, so a host that answers
 * but refuses the token (a new start, a new token) is reported `restarted` instead of tried forever.
 */
export function connectWebApi(loc: Location = window.location): Promise<ProclabApi> {
  const token = new URLSearchParams(loc.search).get(TOKEN_PARAM) ?? '';
  const wsUrl = `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}${WS_PATH}?${TOKEN_PARAM}=${encodeURIComponent(token)}`;
  const pageUrl = `${loc.protocol}//${loc.host}/?${TOKEN_PARAM}=${encodeURIComponent(token)}`;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  const listeners = new Map<string, Set<(data: unknown) => void>>();
  const connection = connectionFeed();
  let nextId = 1;
  let ws: WebSocket | null = null;
  let attempt = 0;
  let everConnected = false;
  let lastHeard = Date.now();
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const failPending = (message: string): void => {
    for (const p of pending.values()) p.reject(new ApiError({ code: 'unavailable', message }));
    pending.clear();
  };

  /** The socket is gone: say so, and try again after the next wait. */
  const lost = (sock: WebSocket): void => {
    if (ws !== sock) return;
    ws = null;
    sock.onopen = sock.onclose = sock.onerror = sock.onmessage = null;
    try {
      sock.close();
    } catch {
      /* already closing */
    }
    failPending('connection to the ProcLab host closed');
    scheduleRetry();
  };

  const scheduleRetry = (): void => {
    const wait = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]!;
    attempt++;
    connection.set({ state: 'disconnected', retryInMs: wait });
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void retry(), wait);
  };

  const retry = async (): Promise<void> => {
    retryTimer = null;
    let status: number;
    try {
      status = (await fetch(pageUrl, { cache: 'no-store', credentials: 'omit' })).status;
    } catch {
      scheduleRetry(); // nobody listens at the address (yet)
      return;
    }
    // Someone answers but refuses this page's token: a new start of ProcLab, with its own address.
    if (status === 401 || status === 403) {
      connection.set({ state: 'restarted' });
      return;
    }
    open().catch(() => undefined);
  };

  const open = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const sock = new WebSocket(wsUrl);
      ws = sock;
      let opened = false;
      sock.onopen = () => {
        opened = true;
        everConnected = true;
        attempt = 0;
        lastHeard = Date.now();
        connection.set({ state: 'connected' });
        resolve();
      };
      // An error is always followed by close; close decides.
      sock.onerror = () => undefined;
      sock.onclose = () => {
        if (!opened) reject(new Error('cannot reach the ProcLab host (is it still running? is the token right?)'));
        // The first connection failing is the page's own error (main.tsx shows it); later ones are retried.
        if (everConnected) lost(sock);
        else ws = null;
      };
      sock.onmessage = (m) => {
        lastHeard = Date.now();
        let msg: unknown;
        try {
          msg = JSON.parse(String(m.data));
        } catch {
          return;
        }
        if (typeof msg !== 'object' || msg === null) return;
        if ('event' in msg) {
          const { event, data } = msg as { event: string; data: unknown };
          listeners.get(event)?.forEach((cb) => cb(data));
          return;
        }
        const reply = msg as ReplyEnvelope;
        if (reply.id === null) return;
        const p = pending.get(reply.id);
        if (!p) return;
        pending.delete(reply.id);
        if (reply.ok) p.resolve(reply.data);
        else p.reject(new ApiError(reply.error));
      };
    });

  const send = (cmd: string, payload: unknown): Promise<unknown> => {
    const sock = ws;
    if (!sock || sock.readyState !== WebSocket.OPEN)
      return Promise.reject(new ApiError({ code: 'unavailable', message: 'not connected to the ProcLab host' }));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      sock.send(JSON.stringify({ id, cmd, payload }));
    });
  };

  // A host that hangs (or a network that drops packets) closes nothing: ask it when it is quiet.
  setInterval(() => {
    const sock = ws;
    if (!sock || sock.readyState !== WebSocket.OPEN || Date.now() - lastHeard < PING_MS) return;
    const timer = setTimeout(() => lost(sock), PING_MS);
    send('app.info', {}).then(
      () => clearTimeout(timer),
      () => clearTimeout(timer),
    );
  }, PING_MS);

  const transport: Transport = {
    host: 'web',
    connection,
    invoke: send,
    subscribe(event: EventName, cb) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const fn = cb as (d: unknown) => void;
      set.add(fn);
      return () => set.delete(fn);
    },
    async save(report) {
      const url = URL.createObjectURL(new Blob([report.content], { type: report.mime }));
      const a = document.createElement('a');
      a.href = url;
      a.download = report.filename;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return { saved: true, path: null };
    },
  };
  return open().then(() => createProclabApi(transport));
}
