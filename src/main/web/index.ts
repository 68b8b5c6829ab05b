import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createProclab, type Proclab } from '../core/service/proclab';
import { MetricsCollector } from '../core/exporter/collect';
import { defaultDataDir } from '../core/runs/data-dir';
import { keepHostAliveOnRejection } from '../core/service/last-resort';
import { onShutdownSignals } from '../core/service/shutdown-signals';
import { isLoopback, startWebHost, type WebHost } from './server';

const USAGE = `usage: proclab-web [--port N] [--host ADDR] [--no-open] [--data-dir DIR]
  --port N       port to listen on (default: a random free port)
  --host ADDR    address to bind (default 127.0.0.1; anything else is reachable from other machines)
  --no-open      do not open a browser
  --data-dir DIR where runs are kept (default: $PROCLAB_DATA_DIR or ~/.local/share/proclab)`;

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  try {
    const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => {}); // no browser installed: the printed URL is enough
    child.unref();
  } catch {
    // same: opening a browser is a convenience
  }
}

/** Runs browser mode until a signal; returns the host once it listens. */
export async function runWebHost(argv: string[], out = process.stdout, err = process.stderr): Promise<WebHost | null> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'no-open': { type: 'boolean' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (e) {
    err.write(`proclab: ${(e as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return null;
  }
  if (args.help) {
    out.write(USAGE + '\n');
    return null;
  }
  const port = args.port === undefined ? 0 : Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    err.write(`proclab: --port must be a whole number from 0 to 65535, not "${args.port}"\n`);
    process.exitCode = 2;
    return null;
  }
  const host = args.host ?? '127.0.0.1';
  if (!isLoopback(host))
    err.write(
      `proclab: WARNING: binding ${host} makes ProcLab reachable from other machines; anyone with the URL and token can run and kill processes as you.\n`,
    );

  keepHostAliveOnRejection((m) => err.write(m + '\n'));
  const dataDir = args['data-dir'] ?? defaultDataDir();
  // The handlers go in before the engine lists this host machine-wide (instances.ts): a signal
  // after that, even one that lands while the host is still starting, must end through
  // shutdown(), which takes the entry back; node's default action would leave it behind.
  let proclab: Proclab | null = null;
  let web: WebHost | null = null;
  let startup: Promise<unknown> = Promise.resolve();
  const unhook = onShutdownSignals((sig) => void stop(sig));
  async function stop(sig: string): Promise<void> {
    err.write(`proclab: ${sig}: ending the runs' processes and stopping\n`);
    await startup.catch(() => {});
    await proclab?.shutdown();
    await web?.close();
    process.exit(0);
  }
  const start = async (): Promise<WebHost | null> => {
    proclab = await createProclab({ dataDir, host: 'web' });
    const collector = process.platform === 'linux' ? new MetricsCollector({ dataDir }) : null;
    try {
      web = await startWebHost({
        proclab,
        rendererDir: join(__dirname, '..', 'renderer'),
        port,
        host,
        log: (m) => err.write(m + '\n'),
        ...(collector && { metrics: () => collector.scrape() }),
      });
    } catch (e) {
      await proclab.shutdown();
      err.write(`proclab: cannot listen on ${host}:${port}: ${(e as Error).message}\n`);
      process.exitCode = 1;
      unhook();
      return null;
    }
    out.write(`ProcLab is running in browser mode: ${web.url}\n`);
    if (!args['no-open'] && !process.env.PROCLAB_NO_OPEN) openBrowser(web.url);
    return web;
  };
  const started = start();
  startup = started;
  return started;
}

if (require.main === module) {
  void runWebHost(process.argv.slice(2));
}
