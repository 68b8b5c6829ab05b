/** Electron IPC channel names (browser mode carries the same envelopes over a WebSocket). */
export const IPC_INVOKE = 'proclab:invoke';
export const IPC_EVENT = 'proclab:event';
export const IPC_SAVE = 'proclab:save';
/** Path of the browser-mode WebSocket. */
export const WS_PATH = '/ws';
export const TOKEN_PARAM = 'token';
export const TOKEN_COOKIE = 'proclab_token';
