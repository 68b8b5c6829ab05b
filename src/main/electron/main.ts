import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, session, shell, type IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import { IPC_EVENT, IPC_INVOKE, IPC_SAVE } from '../../shared/channels';
import type { ReplyEnvelope } from '../../shared/protocol';
import { createProclab, type Proclab } from '../core/service/proclab';
import { ClientSession } from '../core/service/session';
import { keepHostAliveOnRejection } from '../core/service/last-resort';
import { onShutdownSignals } from '../core/service/shutdown-signals';
import { defaultDataDir } from '../core/runs/data-dir';
import { trustedSender } from './sender';
import { CSP, secureWebPreferences } from './window-options';

const saveSchema = z
  .object({ filename: z.string().min(1).max(200), mime: z.string().max(100), content: z.string().max(64 * 1024 * 1024) })
  .strict();

let proclab: Proclab | null = null;
let win: BrowserWindow | null = null;
/** The window's client: its view, its event fan-out and its rate limit (IPC has no backlog to watch). */
let client: ClientSession | null = null;
const rendererUrl = process.env.ELECTRON_RENDERER_URL; // set by `electron-vite dev` (HMR)

const rendererFile = join(__dirname, '../renderer/index.html');
const trusted = (e: IpcMainInvokeEvent): boolean => trustedSender(e, win, { devUrl: rendererUrl, file: rendererFile });
const refused: ReplyEnvelope = { id: null, ok: false, error: { code: 'refused', message: 'IPC from an untrusted frame' } };

async function createWindow(): Promise<void> {
  win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'ProcLab',
    show: false,
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.js')),
  });
  win.once('ready-to-show', () => win?.show());
  // The app never navigates or opens windows; links to docs go to the system browser.
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  if (rendererUrl) await win.loadURL(rendererUrl);
  else await win.loadFile(rendererFile);
}

async function main(): Promise<void> {
  await app.whenReady();
  session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  proclab = await createProclab({ dataDir: defaultDataDir(), host: 'electron' });
  const p = proclab;

  client = new ClientSession(
    p,
    {
      send: (msg) => {
        if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT, msg);
      },
      buffered: () => 0,
    },
    console.error,
  );
  const c = client;
  ipcMain.handle(IPC_INVOKE, (e, msg: unknown) => (trusted(e) ? c.handle(msg) : refused));
  ipcMain.handle(IPC_SAVE, async (e, msg: unknown): Promise<ReplyEnvelope> => {
    if (!trusted(e)) return refused;
    const r = saveSchema.safeParse(msg);
    if (!r.success) return { id: null, ok: false, error: { code: 'invalid-payload', message: 'a report is {filename, mime, content}' } };
    const res = await dialog.showSaveDialog(win!, { defaultPath: r.data.filename });
    if (res.canceled || !res.filePath) return { id: null, ok: true, data: { saved: false, path: null } };
    await writeFile(res.filePath, r.data.content);
    return { id: null, ok: true, data: { saved: true, path: res.filePath } };
  });
  await createWindow();
}

// Quit ends every process the app started before the window's process goes away.
let quitting = false;
keepHostAliveOnRejection();

app.on('before-quit', (e) => {
  if (quitting || !proclab) return;
  e.preventDefault();
  quitting = true;
  void proclab.shutdown().finally(() => app.quit());
});
app.on('window-all-closed', () => app.quit());
onShutdownSignals(() => app.quit());

main().catch((e: unknown) => {
  console.error(`proclab: ${(e as Error).message}`);
  app.exit(1);
});
