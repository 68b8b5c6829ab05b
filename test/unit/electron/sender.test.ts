/**
 * The desktop host's IPC sender check (src/main/electron/sender.ts, pure: no Electron needed):
 * only our page, in our window's top frame, may call main.
 */
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { trustedSender, type SenderView } from '../../../src/main/electron/sender';

const wc = { id: 1 };
const win = { webContents: wc };
const file = '/opt/ProcLab app/out/renderer/index.html';
const page = { file };
const ours = pathToFileURL(file).href;
const from = (url: string, over: Partial<SenderView> = {}): SenderView => ({ sender: wc, senderFrame: { url, parent: null }, ...over });

describe('trustedSender', () => {
  it('accepts our built page in our window, with or without a hash route', () => {
    expect(trustedSender(from(ours), win, page)).toBe(true);
    expect(trustedSender(from(`${ours}#/runs`), win, page)).toBe(true);
    expect(trustedSender(from('file:///opt/ProcLab%20app/out/renderer/index.html'), win, page)).toBe(true);
  });

  it('refuses another window, no window yet, a subframe, or a frame that is gone', () => {
    expect(trustedSender(from(ours, { sender: { id: 2 } }), win, page)).toBe(false);
    expect(trustedSender(from(ours), null, page)).toBe(false);
    expect(trustedSender(from(ours, { senderFrame: { url: ours, parent: { url: ours } } }), win, page)).toBe(false);
    expect(trustedSender(from(ours, { senderFrame: null }), win, page)).toBe(false);
    expect(trustedSender({ sender: wc }, win, page)).toBe(false);
  });

  it('refuses any other file, any remote page and nonsense URLs in our window', () => {
    for (const url of [
      'file:///etc/passwd',
      'file:///opt/ProcLab app/out/renderer/index.html.evil',
      'file:///opt/ProcLab%20app/out/renderer/other.html',
      'file://evil.example/opt/ProcLab%20app/out/renderer/index.html',
      'https://example.com/',
      'about:blank',
      'data:text/html,hi',
      '',
      'not a url',
      'file:///opt/ProcLab%ZZapp/out/renderer/index.html',
    ])
      expect(trustedSender(from(url), win, page), url).toBe(false);
  });

  it('under the dev server, accepts its origin only, not a look-alike port or host', () => {
    const dev = { devUrl: 'http://localhost:5173', file };
    expect(trustedSender(from('http://localhost:5173/'), win, dev)).toBe(true);
    expect(trustedSender(from('http://localhost:5173/#/runs'), win, dev)).toBe(true);
    expect(trustedSender(from('http://localhost:51730/'), win, dev)).toBe(false);
    expect(trustedSender(from('http://localhost:5173.evil.example/'), win, dev)).toBe(false);
    expect(trustedSender(from(ours), win, dev)).toBe(false);
    expect(trustedSender(from('http://localhost:5173/'), win, { devUrl: 'nonsense', file })).toBe(false);
  });
});
