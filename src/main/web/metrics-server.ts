import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTENT_TYPE } from '../core/exporter/exposition';
import { guardServer, requestTarget } from './http-guard';

export interface MetricsServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Answers GET/HEAD /metrics with a fresh scrape; a scrape that throws is a 500 with its reason, never a crash. */
export function serveMetrics(req: IncomingMessage, res: ServerResponse, scrape: () => string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  let body: string;
  try {
    body = scrape();
  } catch (e) {
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`scrape failed: ${(e as Error).message}\n`);
    return;
  }
  res.writeHead(200, { 'content-type': CONTENT_TYPE, 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * `proclab exporter`: a read-only HTTP endpoint, nothing but /metrics (and a pointer to it at /).
 * It can neither start nor signal anything, so unlike browser mode it needs no token; binding
 * beyond loopback is still the caller's explicit choice (--host), warned about by the CLI.
 */
export async function startMetricsServer(opts: {
  scrape: () => string;
  port?: number;
  host?: string;
  log?: (msg: string) => void;
}): Promise<MetricsServer> {
  const host = opts.host ?? '127.0.0.1';
  const server = createServer();
  guardServer(server, opts.log ?? (() => {}), (req, res) => {
    const path = requestTarget(req).pathname;
    if (path === '/metrics') return serveMetrics(req, res, opts.scrape);
    if (path === '/') {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end('<!doctype html><title>ProcLab exporter</title><a href="/metrics">/metrics</a>\n');
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404 Not Found: only /metrics is served\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 9464, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    port,
    url: `http://${shown}:${port}/metrics`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
