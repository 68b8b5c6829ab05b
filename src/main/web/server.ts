import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { TOKEN_COOKIE, TOKEN_PARAM, WS_PATH } from '../../shared/channels';
import type { ReplyEnvelope } from '../../shared/protocol';
import type { Proclab } from '../core/service/proclab';
import { ClientSession, type SessionLimits, type SessionStats } from '../core/service/session';
import { wireJson } from '../core/service/wire-json';
import { cookieValue, decodeOr400, guardServer, requestTarget } from './http-guard';
import { serveMetrics } from './metrics-server';

export interface WebHostOptions {
  proclab: Proclab;
  rendererDir: string;
  /** 0 = a random free port. */
  port?: number;
  host?: string;
  token?: string;
  log?: (msg: string) => void;
  /** Serves GET /metrics (Prometheus text format) behind the same token, when given. */
  metrics?: () => string;
  /** Per-connection backlog and rate limits (tests make them small). */
  limits?: Partial<SessionLimits>;
}

export interface WebHost {
  url: string;
  origin: string;
  token: string;
  port: number;
  /** Every connection's send/backlog figures since the host started (closed ones too). */
  clientStats(): Array<SessionStats & { open: boolean }>;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};
const MAX_MESSAGE_BYTES = 1 << 20;

export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Prometheus sends the token as `authorization: Bearer …` (scrape config `authorization.credentials`). */
function bearerToken(req: IncomingMessage): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m ? (m[1] as string) : null;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Browser mode: serves the built renderer and one WebSocket carrying the same contract as
 * Electron IPC. Every request must carry the per-start token (query or cookie), a foreign
 * Origin is refused, and the Host header must name this server (DNS-rebinding guard).
 */
/**
 * Whether a message's UTF-8 bytes (a Buffer's length is its bytes already) fit in the room left under a client's bound. A string's UTF-16
 * length ≤ its bytes ≤ 3× it, so the bytes are counted only when the length cannot decide
 * (a reply with Chinese in it is up to 3× longer in bytes than in units).
 */
export function fitsIn(data: string | Buffer, room: number): boolean {
  if (data.length > room) return false;
  return typeof data !== 'string' || data.length * 3 <= room || Buffer.byteLength(data) <= room;
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const bindHost = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => {});
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const sockets = new Map<WebSocket, ClientSession>();
  const everyone: ClientSession[] = [];
  let port = 0;

  const loopbackOnly = isLoopback(bindHost);
  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${bindHost}:${port}`]);

  /** null when allowed, else the reason for the 403. */
  function refuse(req: IncomingMessage, url: URL): string | null {
    const host = req.headers.host ?? '';
    // On loopback the Host must name this server (DNS-rebinding guard). Bound elsewhere on
    // purpose (--host), clients reach it under names we cannot know: the token guards it.
    if (loopbackOnly && !allowedHosts().has(host)) return 'unexpected Host header';
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${host}`) return 'foreign Origin';
    const given = url.searchParams.get(TOKEN_PARAM) ?? cookieValue(req, TOKEN_COOKIE) ?? bearerToken(req);
    if (!given || !safeEqual(given, token)) return 'missing or wrong token';
    return null;
  }

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = requestTarget(req);
    const why = refuse(req, url);
    if (why) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end(`403 Forbidden: ${why}\n`);
      return;
    }
    if (url.pathname === '/metrics' && opts.metrics) return serveMetrics(req, res, opts.metrics);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let rel = decodeOr400(url.pathname, 'path');
    if (rel === '/') rel = '/index.html';
    const file = normalize(join(opts.rendererDir, rel));
    if (!file.startsWith(opts.rendererDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404 Not Found\n');
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      // frame-ancestors only works as a header (a meta with it is ignored, with a console warning).
      'content-security-policy': "frame-ancestors 'none'",
      'x-frame-options': 'DENY',
      // The page's static assets carry no query string: the cookie lets them through.
      'set-cookie': `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
    });
    if (req.method === 'HEAD') res.end();
    else
      createReadStream(file)
        .on('error', (e) => {
          log(`proclab: cannot read ${file}: ${e.message}`);
          res.destroy();
        })
        .pipe(res);
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = requestTarget(req);
    const why = url.pathname !== WS_PATH ? 'unknown path' : refuse(req, url);
    if (why) {
      socket.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\n\r\n403 Forbidden: ${why}\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  }

  const server = createServer();
  guardServer(server, log, onRequest, onUpgrade);

  wss.on('connection', (ws: WebSocket) => {
    const session = new ClientSession(
      opts.proclab,
      {
        send: (msg, room) => {
          if (ws.readyState !== ws.OPEN) return true;
          const data = wireJson(msg);
          if (room !== undefined && !fitsIn(data, room)) return false;
          ws.send(data, { binary: false });
          return true;
        },
        buffered: () => ws.bufferedAmount,
        pauseInput: () => ws.pause(),
        resumeInput: () => ws.resume(),
        terminate: () => ws.terminate(),
      },
      log,
      opts.limits,
    );
    sockets.set(ws, session);
    everyone.push(session);
    if (everyone.length > 64) everyone.shift(); // figures of the latest connections, not a leak of every one
    const send = (msg: ReplyEnvelope): void => session.reply(msg);
    // Every frame goes through the session, parsed or not, so junk counts against the rate limit too.
    ws.on('message', (raw, isBinary) => void session.handleFrame(isBinary ? null : String(raw)).then(send));
    ws.on('close', () => {
      sockets.delete(ws);
      session.close();
    });
    ws.on('error', () => ws.terminate());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, bindHost, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  const origin = `http://${shownHost}:${port}`;
  return {
    token,
    port,
    origin,
    url: `${origin}/?${TOKEN_PARAM}=${token}`,
    clientStats: () => everyone.map((s) => ({ ...s.stats, open: !s.isClosed })),
    async close() {
      for (const ws of sockets.keys()) ws.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
