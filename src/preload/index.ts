import { contextBridge, ipcRenderer } from 'electron';
import { createProclabApi, ApiError, connectionFeed, type Transport } from '../shared/api';
import { IPC_EVENT, IPC_INVOKE, IPC_SAVE } from '../shared/channels';
import { REPING_MS, startHeartbeat } from '../shared/heartbeat';
import type { ReplyEnvelope } from '../shared/protocol';

// The only bridge between the sandboxed renderer and main: purpose-named methods built
// from one invoke channel and one event channel; ipcRenderer itself never crosses.
let nextId = 1;
// The core runs in main's process and closes nothing when it stops answering (shut down, a
// handler that throws or hangs): a call that fails below the reply, or a heartbeat ping left
// unanswered, shows "disconnected" as in browser mode; the next answer clears it.
const connection = connectionFeed();
let lastAnswer = Date.now();
const lost = (): void => connection.set({ state: 'disconnected', retryInMs: REPING_MS });

/** One command to the core: its reply, or an ApiError('unavailable') when the core did not answer. */
async function ask(cmd: string, payload: unknown): Promise<ReplyEnvelope> {
  try {
    const reply = (await ipcRenderer.invoke(IPC_INVOKE, { id: nextId++, cmd, payload })) as ReplyEnvelope;
    lastAnswer = Date.now();
    return reply;
  } catch (e) {
    lost();
    throw new ApiError({ code: 'unavailable', message: `the ProcLab core is not answering: ${(e as Error).message}` });
  }
}

startHeartbeat({
  ping: async () => {
    const reply = await ask('app.info', {});
    // A core that was shut down still answers, to say so: for the window it is gone.
    if (!reply.ok && reply.error.code === 'unavailable') throw new ApiError(reply.error);
  },
  quietMs: () => Date.now() - lastAnswer,
  alive: () => connection.set({ state: 'connected' }),
  gone: lost,
});

const transport: Transport = {
  host: 'electron',
  connection,
  async invoke(cmd, payload) {
    const reply = await ask(cmd, payload);
    if (reply.ok) connection.set({ state: 'connected' });
    else throw new ApiError(reply.error);
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
