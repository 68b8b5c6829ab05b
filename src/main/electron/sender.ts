import { pathToFileURL } from 'node:url';

/** What an IPC event says about who sent it (the parts of Electron's IpcMainInvokeEvent used here). */
export interface SenderView {
  sender: unknown;
  senderFrame?: { url: string; parent?: unknown } | null;
}

/** The page main serves: the dev server's URL under `electron-vite dev`, else the built file. */
export interface OurPage {
  devUrl?: string | undefined;
  file: string;
}

/**
 * Only our own page, in our own window's top frame, may call main. A frame that navigated away,
 * a subframe, another window, another file:// page or a look-alike dev origin
 * ("localhost:51730" for "localhost:5173") is refused.
 */
export function trustedSender(e: SenderView, win: { webContents: unknown } | null, page: OurPage): boolean {
  if (!win || e.sender !== win.webContents) return false;
  const frame = e.senderFrame;
  if (!frame || (frame.parent !== null && frame.parent !== undefined)) return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false;
  }
  if (page.devUrl) {
    let dev: URL;
    try {
      dev = new URL(page.devUrl);
    } catch {
      return false;
    }
    return url.origin === dev.origin;
  }
  // Decoded: Chromium and Node may percent-encode the odd character of a path differently.
  const got = decoded(url.pathname);
  return url.protocol === 'file:' && url.host === '' && got !== null && got === decoded(pathToFileURL(page.file).pathname);
}

function decoded(p: string): string | null {
  try {
    return decodeURIComponent(p);
  } catch {
    return null;
  }
}
