/**
 * The Electron host's wiring, from the BUILT main bundle (out/main/index.js), against a stand-in
 * `electron` module that records calls (test/fixtures/electron-stand-in; not Electron: no
 * runtime can be downloaded here, so the real window test in test/e2e/electron.spec.ts stays
 * skipped). The core behind it is the real one: IPC commands reach a real engine and real runs.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC_INVOKE, IPC_SAVE } from '../../../src/shared/channels';
import type { ReplyEnvelope } from '../../../src/shared/protocol';
import type { RunInfo } from '../../../src/shared/model';
import type { ConnectionState, ProclabApi } from '../../../src/shared/api';
import { PING_MS, REPING_MS } from '../../../src/shared/heartbeat';
import { CSP } from '../../../src/main/electron/window-options';
import { waitFor } from '../../helpers/wait-for';
import { isRunning } from '../engine-helpers';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const STAND_IN = path.join(ROOT, 'test/fixtures/electron-stand-in/electron.cjs');
const MAIN = path.join(ROOT, 'out/main/index.js');
const PRELOAD = path.join(ROOT, 'out/preload/index.js');

interface StandIn {
  windows: Array<{
    options: { webPreferences: Record<string, unknown> };
    webContents: unknown;
    loaded: { file?: string } | null;
    shown: boolean;
  }>;
  handlers: Map<string, (e: unknown, msg: unknown) => Promise<ReplyEnvelope>>;
  onHeadersReceived:
    ((d: { responseHeaders: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void) | null;
  permissionHandler: ((wc: unknown, perm: string, cb: (ok: boolean) => void) => void) | null;
  saveDialog: Array<{ options: { defaultPath?: string } }>;
  exposed: Record<string, unknown>;
  quits: number;
  exits: number[];
  nextSave: { canceled: boolean; filePath?: string };
}

type Resolver = (request: string, ...rest: unknown[]) => string;
const M = Module as unknown as { _resolveFilename: Resolver };
const resolveFilename = M._resolveFilename;
let standIn: StandIn;
let dataDir: string;
const strays: number[] = [];

beforeAll(() => {
  // The built bundle is what `npm start` runs: rebuild it if src changed since.
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/ensure-build.mjs'), '--if-stale'], { cwd: ROOT, stdio: 'ignore' });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-electron-stand-in-'));
  process.env.PROCLAB_DATA_DIR = dataDir;
  M._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === 'electron' ? STAND_IN : resolveFilename.call(this, request, ...rest);
  } as Resolver;
  const req = createRequire(__filename);
  standIn = (req(STAND_IN) as { standIn: StandIn }).standIn;
  req(MAIN); // runs the app's main(): window, headers, IPC, the real core
}, 300_000);

afterAll(() => {
  M._resolveFilename = resolveFilename;
  for (const pid of strays) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const ready = () =>
  waitFor(
    () => standIn.windows[0]?.loaded && standIn.handlers.size >= 2,
    60_000,
    'the main bundle to open its window and register its IPC handlers',
  );
/** An IPC event from our own window's top frame on our page: what trustedSender accepts. */
const trusted = () => ({
  sender: standIn.windows[0]!.webContents,
  senderFrame: { url: pathToFileURL(path.join(ROOT, 'out/renderer/index.html')).href, parent: null },
});
const invoke = (e: unknown, msg: unknown) => standIn.handlers.get(IPC_INVOKE)!(e, msg);

/** The built preload, loaded once against the stand-in (its `ipcRenderer` reaches main's handlers). */
let preloadStates: ConnectionState[] | null = null;
function preload(): { api: ProclabApi; states: ConnectionState[] } {
  if (!preloadStates) {
    createRequire(__filename)(PRELOAD);
    const states: ConnectionState[] = [];
    (standIn.exposed.proclab as ProclabApi).onConnection((s) => states.push(s));
    preloadStates = states;
  }
  return { api: standIn.exposed.proclab as ProclabApi, states: preloadStates };
}
/** Long enough for a quiet core to be pinged and for the ping's deadline to pass, with room for load. */
const NOTICE_MS = 2 * PING_MS + 4 * REPING_MS;

describe('Electron main (built bundle) against a recording stand-in for electron', () => {
  it('opens one window with an isolated, sandboxed renderer without Node, on the built page', async () => {
    await ready();
    expect(standIn.windows).toHaveLength(1);
    const w = standIn.windows[0]!;
    expect(w.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
    });
    expect(w.options.webPreferences.preload).toBe(path.join(ROOT, 'out/preload/index.js'));
    expect(w.loaded?.file).toBe(path.join(ROOT, 'out/renderer/index.html'));
    expect(w.shown).toBe(true);
  });

  it('sets the CSP header on every response, keeping the others, and grants no permission', async () => {
    await ready();
    let got: Record<string, string[]> | null = null;
    standIn.onHeadersReceived!({ responseHeaders: { 'X-Other': ['1'] } }, (r) => (got = r.responseHeaders));
    expect(got).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [CSP] });
    let granted: boolean | null = null;
    standIn.permissionHandler!(null, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
  });

  it('refuses IPC from an untrusted frame and answers our page through the real core', async () => {
    await ready();
    const msg = { id: 7, cmd: 'scenarios.list', payload: {} };
    const frame = trusted().senderFrame;
    for (const e of [
      { sender: {}, senderFrame: frame }, // another window
      { sender: trusted().sender, senderFrame: { ...frame, parent: {} } }, // a subframe
      { sender: trusted().sender, senderFrame: { url: 'https://evil.example/', parent: null } }, // navigated away
    ]) {
      const r = await invoke(e, msg);
      expect(r).toMatchObject({ ok: false, error: { code: 'refused' } });
    }
    const ok = await invoke(trusted(), msg);
    expect(ok.ok, JSON.stringify(ok)).toBe(true);
    expect(ok.id).toBe(7);
    expect(JSON.stringify(ok)).toContain('gil-counter'); // the repository's scenarios, from the real registry
  });

  it('saves a report where the save dialog says, refuses an untrusted frame and a bad payload', async () => {
    await ready();
    const save = standIn.handlers.get(IPC_SAVE)!;
    const report = { filename: 'run.html', mime: 'text/html', content: '<p>report</p>' };
    expect(await save({ sender: {}, senderFrame: trusted().senderFrame }, report)).toMatchObject({ ok: false, error: { code: 'refused' } });
    expect(await save(trusted(), { filename: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    const target = path.join(dataDir, 'saved-report.html');
    standIn.nextSave = { canceled: false, filePath: target };
    expect(await save(trusted(), report)).toMatchObject({ ok: true, data: { saved: true, path: target } });
    expect(standIn.saveDialog.at(-1)!.options.defaultPath).toBe('run.html');
    expect(fs.readFileSync(target, 'utf8')).toBe('<p>report</p>');
    standIn.nextSave = { canceled: true };
    expect(await save(trusted(), report)).toMatchObject({ ok: true, data: { saved: false, path: null } });
  });

  it('the preload says "disconnected" when the core stops answering, and "connected" when it answers again', async () => {
    await ready();
    const { api, states } = preload();
    expect((await api.info()).host).toBe('electron'); // through the real core
    const real = standIn.handlers.get(IPC_INVOKE)!;
    // A core that hangs: nothing closes, nothing throws; only the heartbeat can tell.
    standIn.handlers.set(IPC_INVOKE, () => new Promise<ReplyEnvelope>(() => undefined));
    await waitFor(() => api.connection().state === 'disconnected', NOTICE_MS, 'disconnected while the core hangs');
    standIn.handlers.set(IPC_INVOKE, real);
    await waitFor(() => api.connection().state === 'connected', NOTICE_MS, 'connected once it answers again');
    // A core whose handler throws (its host is going down): the same.
    standIn.handlers.set(IPC_INVOKE, () => Promise.reject(new Error('host-down')));
    await waitFor(() => api.connection().state === 'disconnected', NOTICE_MS, 'disconnected while the handler throws');
    await expect(api.info()).rejects.toThrow(/not answering/);
    standIn.handlers.set(IPC_INVOKE, real);
    await waitFor(() => api.connection().state === 'connected', NOTICE_MS, 'connected once it answers again');
    expect(states.map((s) => s.state)).toEqual(['disconnected', 'connected', 'disconnected', 'connected']);
    expect(states[0]).toEqual({ state: 'disconnected', retryInMs: REPING_MS });
  });

  it("quitting ends every run's processes before the app goes", async () => {
    await ready();
    const r = await invoke(trusted(), { id: 8, cmd: 'run.command', payload: { argv: ['sleep', '600'] } });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const run = (r as { data: RunInfo }).data;
    const pid = run.rootPid!;
    strays.push(pid);
    expect(isRunning(pid)).toBe(true);
    const app = (createRequire(__filename)(STAND_IN) as { app: { quit: () => void } }).app;
    app.quit(); // the app's before-quit holds the quit, shuts the core down, then quits again
    expect(standIn.quits).toBe(0);
    await waitFor(() => standIn.quits === 1, 30_000, 'the app to quit after the shutdown');
    expect(isRunning(pid)).toBe(false);
    expect(standIn.exits).toEqual([]);
  });

  it('the preload says "disconnected" once the core has been shut down', async () => {
    await waitFor(() => standIn.quits === 1, 30_000, 'the quit of the test before');
    const { api } = preload();
    await waitFor(() => api.connection().state === 'disconnected', NOTICE_MS, 'disconnected after the shutdown');
  });
});
