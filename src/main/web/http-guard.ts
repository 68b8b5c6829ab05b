import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * A request the client got wrong (a target that is not a URL, a path or cookie that is not
 * valid percent-encoding): answered 400 with its reason, never an exception out of a handler.
 */
export class BadRequest extends Error {}

/** The request target as a URL; an origin-form path or an absolute-form URL, else a 400. */
export function requestTarget(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', 'http://x');
  } catch {
    throw new BadRequest('request target is not a URL');
  }
}

/** decodeURIComponent that reports bad percent-encoding as a 400 naming what was wrong. */
export function decodeOr400(s: string, what: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new BadRequest(`${what} is not valid percent-encoding`);
  }
}

/** One cookie's decoded value, or null when the request does not carry it. */
export function cookieValue(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeOr400(v.join('='), `cookie ${name}`);
  }
  return null;
}

const REASON: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
};

function rawReply(socket: Duplex, status: number, why: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = `${status} ${REASON[status]}: ${why}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${REASON[status]}\r\nconnection: close\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Attaches a host's handlers so that no request can end the process: a BadRequest becomes a
 * 400, anything else thrown is logged and answered 500 (or the connection is cut if the answer
 * had begun), and the server goes on. A request the parser refuses gets a 400 too, and a socket
 * that errors is dropped, upgraded or not.
 */
export function guardServer(server: Server, log: (msg: string) => void, onRequest: RequestHandler, onUpgrade?: UpgradeHandler): void {
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    try {
      onRequest(req, res);
    } catch (e) {
      const bad = e instanceof BadRequest;
      if (!bad) log(`proclab: internal error answering ${req.method} ${JSON.stringify(req.url)}: ${(e as Error)?.stack ?? String(e)}`);
      if (res.headersSent) res.destroy();
      else
        res
          .writeHead(bad ? 400 : 500, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' })
          .end(bad ? `400 Bad Request: ${(e as Error).message}\n` : '500 Internal Server Error\n');
    }
  });
  // Without a listener of its own an upgraded socket that errors (a reset) is an uncaught 'error'.
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (!onUpgrade) {
      rawReply(socket, 400, 'no upgrade here');
      return;
    }
    try {
      onUpgrade(req, socket, head);
    } catch (e) {
      const bad = e instanceof BadRequest;
      if (!bad) log(`proclab: internal error answering an upgrade to ${JSON.stringify(req.url)}: ${(e as Error)?.stack ?? String(e)}`);
      rawReply(socket, bad ? 400 : 500, bad ? (e as Error).message : 'internal error');
    }
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    rawReply(socket, status, status === 400 ? 'malformed request' : REASON[status]!.toLowerCase());
  });
}
