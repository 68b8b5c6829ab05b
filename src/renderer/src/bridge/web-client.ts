import { createProclabApi, ApiError, type ProclabApi, type Transport } from '../../../shared/api';
import { TOKEN_PARAM, WS_PATH } from '../../../shared/channels';
import type { EventName } from '../../../shared/results';
import type { ReplyEnvelope } from '../../../shared/protocol';

/**
 * Browser-mode transport: the same command/event envelopes as Electron IPC, over one
 * WebSocket to the loopback host. The token comes from the page URL the host printed.
 */
export function connectWebApi(loc: Location = window.location): Promise<ProclabApi> {
  const token = new URLSearchParams(loc.search).get(TOKEN_PARAM) ?? '';
  const wsUrl = `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}${WS_PATH}?${TOKEN_PARAM}=${encodeURIComponent(token)}`;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  const listeners = new Map<string, Set<(data: unknown) => void>>();
  let nextId = 1;
  let ws: WebSocket;
  let opened: Promise<void>;

  const open = (): Promise<void> =>
    new Promise((resolve, reject) => {
      ws = new WebSocket(wsUrl);
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new Error('cannot reach the ProcLab host (is it still running? is the token right?)'));
      ws.onclose = () => {
        for (const p of pending.values()) p.reject(new ApiError({ code: 'unavailable', message: 'connection to the ProcLab host closed' }));
        pending.clear();
        // The host may be restarting: reconnect quietly, the UI keeps its state.
        setTimeout(() => {
          opened = open().catch(() => undefined);
        }, 1000);
      };
      ws.onmessage = (m) => {
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

  const transport: Transport = {
    host: 'web',
    async invoke(cmd, payload) {
      await opened;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        ws.send(JSON.stringify({ id, cmd, payload }));
      });
    },
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
  opened = open();
  return opened.then(() => createProclabApi(transport));
}
