import { contextBridge, ipcRenderer } from 'electron';
import { createProclabApi, ApiError, connectionFeed, type Transport } from '../shared/api';
import { IPC_EVENT, IPC_INVOKE, IPC_SAVE } from '../shared/channels';
import type { ReplyEnvelope } from '../shared/protocol';

// The only bridge between the sandboxed renderer and main: purpose-named methods built
// from one invoke channel and one event channel; ipcRenderer itself never crosses.
let nextId = 1;
// A call that fails below the reply (no handler, the core's process gone) means the core is not
// answering: the UI shows "disconnected" as in browser mode; the next call that gets a reply clears it.
const connection = connectionFeed();
const transport: Transport = {
  host: 'electron',
  connection,
  async invoke(cmd, payload) {
    let reply: ReplyEnvelope;
    try {
      reply = (await ipcRenderer.invoke(IPC_INVOKE, { id: nextId++, cmd, payload })) as ReplyEnvelope;
    } catch (e) {
      connection.set({ state: 'disconnected', retryInMs: null });
      throw new ApiError({ code: 'unavailable', message: `the ProcLab core is not answering: ${(e as Error).message}` });
    }
    connection.set({ state: 'connected' });
    if (!reply.ok) throw new ApiError(reply.error);
    return reply.data;
  },
  subscribe(event, cb) {
    const listener = (_e: unknown, msg: { event: string; data: unknown }): void => {
      if (msg.event === event) (cb as (d: unknown) => void)(msg.data);
    };
    ipcRenderer.on(IPC_EVENT, listener);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, listener);
    };
  },
  async save(report) {
    const reply = (await ipcRenderer.invoke(IPC_SAVE, report)) as ReplyEnvelope;
    if (!reply.ok) throw new ApiError(reply.error);
    return reply.data as { saved: boolean; path: string | null };
  },
};

contextBridge.exposeInMainWorld('proclab', createProclabApi(transport));
