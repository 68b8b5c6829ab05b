import type { Command } from 'commander';
import { MetricsCollector } from '../../core/exporter/collect';
import { defaultDataDir } from '../../core/runs/data-dir';
import { startMetricsServer } from '../../web/metrics-server';
import { isLoopback } from '../../web/server';
import { parsePositiveInt, UsageError } from '../args';
import type { CliContext } from '../context';

export const DEFAULT_EXPORTER_PORT = 9464;

function parsePort(s: string): number {
  if (s === '0') return 0;
  return parsePositiveInt(s, 'port', 65535);
}

/** `proclab exporter`: serves /metrics until SIGINT/SIGTERM. Read-only; loopback unless --host says otherwise. */
export function addExporterCommand(program: Command, ctx: CliContext): void {
  program
    .command('exporter')
    .description(`serve Prometheus metrics at /metrics (read-only; 127.0.0.1:${DEFAULT_EXPORTER_PORT} by default)`)
    .option('-p, --port <port>', `port to listen on (0: a free one; default ${DEFAULT_EXPORTER_PORT})`, parsePort, DEFAULT_EXPORTER_PORT)
    .option('--host <addr>', 'address to bind (default 127.0.0.1; anything else is reachable from other machines)', '127.0.0.1')
    .action(async (opts: { port: number; host: string }) => {
      if (process.platform !== 'linux') throw new UsageError('the exporter reads /proc and needs Linux');
      if (!isLoopback(opts.host))
        ctx.err(
          `proclab: WARNING: binding ${opts.host} lets other machines read this machine's process names, CPU, memory and I/O (no token: the metrics are read-only).\n`,
        );
      const collector = new MetricsCollector({ dataDir: defaultDataDir(ctx.env) });
      let server;
      try {
        server = await startMetricsServer({
          scrape: () => collector.scrape(),
          port: opts.port,
          host: opts.host,
          log: (m) => ctx.err(m + '\n'),
        });
      } catch (e) {
        ctx.err(`proclab: cannot listen on ${opts.host}:${opts.port}: ${(e as Error).message}\n`);
        ctx.setCode(1);
        return;
      }
      ctx.out(`ProcLab exporter: ${server.url}\n`);
      const keepAlive = setInterval(() => {}, 1 << 30);
      const sig = await new Promise<'SIGINT' | 'SIGTERM'>((resolve) => {
        const off = ctx.onSignal((s) => {
          off();
          resolve(s);
        });
      });
      clearInterval(keepAlive);
      await server.close();
      ctx.err(`proclab: ${sig}: exporter stopped\n`);
      ctx.setCode(0);
    });
}
