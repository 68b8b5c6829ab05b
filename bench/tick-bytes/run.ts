/**
 * Bytes per tick per client, before and after the lean tick, in one run: the browser-mode host
 * (in this process) with N extra sleeping processes on the machine and two WebSocket clients in
 * system scope watching the same engine ticks — one as before (no table: every row of the
 * machine in every tick), one as the Monitor now asks (its table cut on the host: tree sorted by
 * CPU %, a window of 60 rows, deltas). Writes the "Bytes per tick" section of BENCHMARKS.md.
 *
 *   npm run bench:tick-bytes                  (1,000 extra processes, 20 ticks at 1 Hz)
 *   npm run bench:tick-bytes -- --procs 2000 --ticks 10 --no-write
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createProclab } from '../../src/main/core/service/proclab';
import { startWebHost, type WebHost } from '../../src/main/web/server';
import type { TableSpec } from '../../src/shared/table-view';
import { writeBenchSection } from '../benchmarks-md';

const root = join(__dirname, '..', '..');
const args = process.argv.slice(2);
const arg = (name: string, def: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const PROCS = arg('procs', 1000);
const TICKS = arg('ticks', 20);
const WINDOW = arg('window', 60);
const WRITE = !args.includes('--no-write');
if (!(Number.isInteger(PROCS) && PROCS >= 0 && PROCS <= 5000) || !(TICKS >= 3 && TICKS <= 300))
  throw new Error('usage: --procs N (0…5000) --ticks K (3…300) [--window W] [--no-write]');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const procCount = (): number => readdirSync('/proc').filter((p) => /^\d+$/.test(p)).length;

async function startSleepers(n: number): Promise<ChildProcess | null> {
  if (n === 0) return null;
  const sh = spawn('sh', ['-c', `i=0; while [ $i -lt ${n} ]; do sleep 86400 & i=$((i+1)); done; wait`], {
    detached: true,
    stdio: 'ignore',
  });
  const before = procCount();
  const end = Date.now() + 600_000;
  while (procCount() < before + n) {
    if (Date.now() > end) throw new Error(`timed out starting ${n} sleeping processes`);
    await sleep(200);
  }
  return sh;
}

interface Meter {
  ws: WebSocket;
  sizes: number[];
  rows: number[];
}

async function meter(h: WebHost, payload: Record<string, unknown>): Promise<Meter> {
  const ws = new WebSocket(`ws://127.0.0.1:${h.port}/ws?token=${h.token}`, { headers: { origin: h.origin } });
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  const m: Meter = { ws, sizes: [], rows: [] };
  ws.on('message', (raw) => {
    const text = String(raw);
    if (!text.startsWith('{"event":"tick"')) return;
    const t = JSON.parse(text).data as { processes: unknown[]; table?: { items: unknown[] } };
    m.sizes.push(Buffer.byteLength(text));
    m.rows.push(t.processes.length + (t.table?.items.length ?? 0));
  });
  ws.send(JSON.stringify({ id: 1, cmd: 'monitor.configure', payload }));
  return m;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN;
};
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const kb = (n: number): string => (n / 1024).toFixed(n < 10_240 ? 2 : 1);

async function main(): Promise<void> {
  const sleepers = await startSleepers(PROCS);
  const dataDir = mkdtempSync(join(tmpdir(), 'proclab-tick-bytes-'));
  const rendererDir = existsSync(join(root, 'out', 'renderer')) ? join(root, 'out', 'renderer') : dataDir;
  const proclab = await createProclab({ dataDir, host: 'web', intervalMs: 1000 });
  const host = await startWebHost({ proclab, rendererDir });
  try {
    const table: TableSpec = {
      sort: { key: 'cpu', dir: 'desc' },
      query: '',
      mode: 'tree',
      hideKernel: false,
      offset: 0,
      count: WINDOW,
      rev: 1,
      frozen: false,
    };
    const before = await meter(host, { scope: 'system', intervalMs: 1000 });
    const after = await meter(host, { scope: 'system', intervalMs: 1000, table });
    // The first ticks start the engine's system scope; count from the third one on.
    while (before.sizes.length < TICKS + 2 || after.sizes.length < TICKS + 2) await sleep(100);
    const procs = procCount();
    const b = before.sizes.slice(2, TICKS + 2);
    const a = after.sizes.slice(2, TICKS + 2);
    const aRows = after.rows.slice(2, TICKS + 2);
    const ratio = mean(b) / mean(a);
    const lines = [
      `**Machine:** ${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model.trim() ?? 'CPU'}, ${cpus().length} vCPU, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}; ${procs} processes on the machine (${PROCS} extra sleeping); load average ${loadavg()[0]!.toFixed(1)} at the end.`,
      '',
      `Two WebSocket clients in system scope on the same engine ticks (1 Hz), ${TICKS} ticks each, JSON bytes of each tick message.`,
      `"before": no table (every row of the machine in every tick, as every client got before the lean tick); "after": the Monitor's table cut on the host (tree sorted by CPU %, a window of ${WINDOW} rows, as deltas).`,
      '',
      '| client | mean KB/tick | median KB/tick | max KB/tick | first frame KB | process rows in a tick (max) |',
      '|---|---|---|---|---|---|',
      `| before (every row) | ${kb(mean(b))} | ${kb(median(b))} | ${kb(Math.max(...b))} | ${kb(before.sizes[0]!)} | ${Math.max(...before.rows.slice(2, TICKS + 2))} |`,
      `| after (lean tick) | ${kb(mean(a))} | ${kb(median(a))} | ${kb(Math.max(...a))} | ${kb(after.sizes[0]!)} | ${Math.max(...aRows)} (changed rows only) |`,
      '',
      `**${ratio.toFixed(0)}× smaller** per tick on average (goal: at least 10×: ${ratio >= 10 ? 'met' : 'NOT met'}). The first frame after a view change carries the whole window; later ticks carry only the rows whose figures changed (a sleeping process's row does not), the window's keys and the machine figures.`,
      'Reproduce: `npm run bench:tick-bytes` (`-- --procs 2000 --ticks 10`).',
    ];
    console.log(lines.join('\n'));
    if (WRITE) writeSection(lines.join('\n'));
    before.ws.close();
    after.ws.close();
  } finally {
    await host.close();
    await proclab.shutdown();
    if (sleepers?.pid) process.kill(-sleepers.pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function writeSection(body: string): void {
  writeBenchSection('## Bytes per tick', body);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
