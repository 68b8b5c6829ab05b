import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import parse from 'parse-prometheus-text-format';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../helpers/wait-for';
import { startCli } from '../cli-helpers';
import { spawnWebHost } from '../helpers/web-host';

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const HAVE_PROMTOOL = has('promtool');
const HAVE_PROMETHEUS = has('prometheus');

const cleanup: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function tmp(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanup.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

function end(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.once('close', () => resolve());
    proc.kill('SIGTERM');
    setTimeout(() => proc.kill('SIGKILL'), 3000).unref();
  });
}

/** `proclab exporter --port 0` from source; resolves with its /metrics URL. */
async function startExporter(dataDir: string): Promise<{ url: URL; proc: ChildProcess; output: () => string }> {
  const { proc, done } = startCli(['exporter', '--port', '0'], dataDir);
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  cleanup.push(() => end(proc));
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`exporter printed no URL:\n${out}`)), 30_000);
    proc.stdout!.on('data', () => {
      const m = /ProcLab exporter: (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(new URL(m[1]!));
      }
    });
    void done.then((r) => reject(new Error(`exporter exited ${r.code}:\n${out}`)));
  });
  return { url, proc, output: () => out };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

describe.skipIf(process.platform !== 'linux')('proclab exporter', () => {
  it('serves /metrics on loopback (read-only: other paths 404, POST 405) and stops on SIGTERM', async () => {
    const { url, proc, output } = await startExporter(tmp('proclab-exp-'));
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const fams = parse(await res.text());
    expect(fams.find((f) => f.name === 'proclab_cpu_seconds_total')?.metrics.length).toBe(os.cpus().length * 8);
    expect((await fetch(new URL('/nope', url))).status).toBe(404);
    expect((await fetch(url, { method: 'POST' })).status).toBe(405);
    await end(proc);
    expect(output()).toContain('exporter stopped');
  });

  it('warns when --host names a non-loopback address (a documentation address no host has: nothing is ever bound)', async () => {
    const r = await startCli(['exporter', '--port', '0', '--host', '192.0.2.1'], tmp('proclab-exp-')).done;
    expect(r.stderr).toContain('WARNING: binding 192.0.2.1 lets other machines read');
    expect(r.stderr).toContain('cannot listen on 192.0.2.1:0');
    expect(r.code).toBe(1);
  });

  it.skipIf(!HAVE_PROMTOOL)("promtool check metrics is clean (skipped where promtool, from Debian's prometheus, is absent)", async () => {
    const { url } = await startExporter(tmp('proclab-exp-'));
    const text = await (await fetch(url)).text();
    const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.skipIf(!HAVE_PROMETHEUS)(
    "a real Prometheus scrapes it (until 3 scrapes are stored) and its API returns per-core CPU and process-group series (skipped where Debian's prometheus is absent)",
    async () => {
      const sleeper = spawn('sleep', ['600'], { stdio: 'ignore' });
      cleanup.push(() => void sleeper.kill('SIGKILL'));
      const { url } = await startExporter(tmp('proclab-exp-'));
      const dir = tmp('proclab-prom-');
      const port = await freePort();
      fs.writeFileSync(
        path.join(dir, 'prometheus.yml'),
        `global:\n  scrape_interval: 2s\n  scrape_timeout: 2s\nscrape_configs:\n  - job_name: proclab\n    static_configs:\n      - targets: ['${url.host}']\n`,
      );
      const prom = spawn(
        'prometheus',
        [
          `--config.file=${path.join(dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${path.join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let log = '';
      prom.stderr!.on('data', (d) => (log += d));
      cleanup.push(() => end(prom));
      // Prometheus scrapes every 2 s: poll its API until 3 scrapes are stored (was a fixed 15 s).
      const stored = async (): Promise<number> => {
        try {
          const r = await fetch(
            `http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent('count_over_time(proclab_exporter_scrape_duration_seconds[15s])')}`,
          );
          const body = (await r.json()) as { status: string; data?: { result: Array<{ value: [number, string] }> } };
          return Number(body.data?.result[0]?.value[1] ?? 0);
        } catch {
          return 0; // not listening yet
        }
      };
      await waitFor(async () => (await stored()) >= 3, 45_000, { what: 'Prometheus to store 3 scrapes', intervalMs: 500 });
      const api = async (q: string) => {
        const r = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(q)}`);
        const body = (await r.json()) as {
          status: string;
          data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
        };
        expect(body.status, log).toBe('success');
        return body.data.result;
      };
      const up = await api('up{job="proclab"}');
      expect(
        up.map((s) => s.value[1]),
        log,
      ).toEqual(['1']);
      const cores = await api('proclab_cpu_seconds_total{mode="user"}');
      expect(cores.map((s) => s.metric.cpu).sort()).toEqual([...Array(os.cpus().length).keys()].map(String).sort());
      const rate = await api('sum by (cpu) (rate(proclab_cpu_seconds_total{mode!="idle"}[10s]))');
      expect(rate.length).toBe(os.cpus().length);
      const group = await api('proclab_group_processes{group="sleep"}');
      expect(Number(group[0]?.value[1])).toBeGreaterThanOrEqual(1);
      const states = await api('proclab_group_state_processes{group="sleep",state="sleeping"}');
      expect(Number(states[0]?.value[1])).toBeGreaterThanOrEqual(1);
      const samples = await api('count_over_time(proclab_exporter_scrape_duration_seconds[15s])');
      expect(Number(samples[0]?.value[1])).toBeGreaterThanOrEqual(3);
    },
    60_000,
  );

  it('browser mode serves the same /metrics behind its token', async () => {
    const host = await spawnWebHost(tmp('proclab-webm-'));
    cleanup.push(() => end(host.proc));
    const token = host.url.searchParams.get('token')!;
    const bare = new URL('/metrics', host.url);
    expect((await fetch(bare)).status).toBe(403);
    const res = await fetch(bare, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(parse(await res.text()).some((f) => f.name === 'proclab_group_cpu_seconds_total')).toBe(true);
    bare.searchParams.set('token', token);
    expect((await fetch(bare)).status).toBe(200);
  });
});
