/**
 * Overhead: what ProcLab costs while it watches the whole machine, next to the classic monitors,
 * with N extra sleeping processes on the machine. For each N and rate, in ONE measuring window:
 *   - "host (WS)": the browser-mode host (built out/main/web.js, its own process) with one
 *     WebSocket client in system scope; the bytes that client receives give bytes per tick;
 *   - "host (UI)" + "ProcLab UI": a second browser-mode host with the real UI open in headless
 *     Chromium (scripts/find-chromium.mjs), Monitor in system scope; the Chromium processes are
 *     measured on their own;
 *   - the desktop app's main + renderer, where an Electron runtime and a display exist;
 *   - the peers that are installed: htop (-d), btop (update_ms), glances (-t), each in tmux.
 * CPU % of one core from /proc/<pid>/stat (utime+stime, + waited-for children) over the window;
 * ratios to htop and btop from the same window. Prints a Markdown table and writes it to
 * BENCHMARKS.md (section "## Overhead"). Not part of `npm test`:
 *   npm run bench:overhead                            (1,000 and 2,000 processes, 1 Hz and 4 Hz, 30 s windows)
 *   npm run bench:overhead -- --quick                 (1,000 processes, 1 Hz, 8 s; prints, does not write)
 *   npm run bench:overhead -- --procs 1000 --rates 1 --seconds 15 [--no-write]
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { _electron, chromium, type BrowserServer, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { CHROMIUM_ARGS, useChromium } from '../../scripts/find-chromium.mjs';

const root = join(__dirname, '..', '..');
const CLK_TCK = 100;
const WARM_S = 5;

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? def : (process.argv[i + 1] ?? def);
}
const QUICK = process.argv.includes('--quick');
const WRITE = !QUICK && !process.argv.includes('--no-write');
const PROCS = arg('procs', QUICK ? '1000' : '1000,2000')
  .split(',')
  .map(Number);
const RATES_HZ = arg('rates', QUICK ? '1' : '1,4')
  .split(',')
  .map(Number);
const SECONDS = Number(arg('seconds', QUICK ? '8' : '30'));
if (
  PROCS.some((n) => !Number.isInteger(n) || n < 0 || n > 5000) ||
  RATES_HZ.some((hz) => hz !== 1 && hz !== 4) ||
  !(SECONDS > 0 && SECONDS <= 300)
)
  throw new Error('usage: [--quick] [--procs N[,N…] (0…5000)] [--rates 1,4] [--seconds S (0 < S ≤ 300)] [--no-write]');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** utime + stime (+ waited-for children) of a process, in clock ticks; null once it is gone. */
function cpuTicks(pid: number): number | null {
  try {
    const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  } catch {
    return null;
  }
}

function ppidOf(pid: number): number {
  try {
    const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;
  }
}

const pidsOnMachine = (): number[] =>
  readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map(Number);

/** The pid and every live descendant (a tmux pane's shell may or may not exec the monitor; Chromium forks a zygote). */
function treeOf(pid: number): number[] {
  const kids = new Map<number, number[]>();
  for (const p of pidsOnMachine()) {
    const pp = ppidOf(p);
    kids.set(pp, [...(kids.get(pp) ?? []), p]);
  }
  const out: number[] = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(kids.get(p) ?? []));
  }
  return out;
}

/** Everything started is ended here, also on Ctrl-C, so nothing outlives the bench. */
const cleanups: Array<() => Promise<void> | void> = [];
async function cleanupAll(): Promise<void> {
  while (cleanups.length) {
    try {
      await cleanups.pop()!();
    } catch {
      // best effort: the rest must still run
    }
  }
}

async function startSleepers(n: number): Promise<void> {
  if (n === 0) return;
  const sh = spawn('sh', ['-c', `i=0; while [ $i -lt ${n} ]; do sleep 86400 & i=$((i+1)); done; wait`], {
    detached: true,
    stdio: 'ignore',
  });
  cleanups.push(() => {
    try {
      process.kill(-sh.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  // Counted as the shell's children: the machine's other processes come and go meanwhile.
  const count = (): number => pidsOnMachine().filter((p) => ppidOf(p) === sh.pid).length;
  await until(() => count() >= n, 300_000, `${n} sleeping processes`);
}

interface Host {
  proc: ChildProcess;
  url: URL;
}

async function startHost(): Promise<Host> {
  const dataDir = mkdtempSync(join(tmpdir(), 'proclab-overhead-'));
  const proc = spawn(process.execPath, [join(root, 'out/main/web.js'), '--no-open'], {
    cwd: root,
    env: { ...process.env, PROCLAB_DATA_DIR: dataDir, PROCLAB_NO_OPEN: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const gone = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await gone;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const re = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/;
  await until(() => re.test(out), 30_000, `the host's URL:\n${out}`);
  return { proc, url: new URL(re.exec(out)![1]!) };
}

/**
 * What one client receives: every byte, and the tick messages among them (any event whose name
 * starts with "tick", so whole ticks and deltas both count). `reset()` at the window's start.
 */
class ByteCounter {
  bytes = 0;
  ticks = 0;
  add(text: string): void {
    this.bytes += Buffer.byteLength(text);
    if (text.startsWith('{"event":"tick')) this.ticks++;
  }
  reset(): void {
    this.bytes = 0;
    this.ticks = 0;
  }
}

/** The view commands the UI sent (each `monitor.*` command, its payloads merged in order). */
type Views = Map<string, Record<string, unknown>>;

/**
 * One plain WebSocket client with the view the real UI asked for, replayed from what the UI sent
 * (so it keeps asking for the same rows when the view's commands or fields change), in system scope.
 */
async function wsClient(host: Host, views: Views, counter: ByteCounter): Promise<void> {
  const ws = new WebSocket(`ws://${host.url.host}/ws?token=${host.url.searchParams.get('token')}`, {
    headers: { origin: host.url.origin },
  });
  cleanups.push(() => ws.close());
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  ws.on('message', (raw: Buffer) => counter.add(String(raw)));
  let id = 0;
  for (const [cmd, payload] of views) {
    const mine = ++id;
    const replied = new Promise<string>((r) => {
      const onReply = (raw: Buffer): void => {
        const text = String(raw);
        if (!text.startsWith(`{"id":${mine},`)) return;
        ws.off('message', onReply);
        r(text);
      };
      ws.on('message', onReply);
    });
    ws.send(JSON.stringify({ id: mine, cmd, payload }));
    const reply = await replied;
    if (!reply.includes('"ok":true')) throw new Error(`${cmd} was refused: ${reply.slice(0, 400)}`);
  }
}

/** Opens the Monitor in system scope at the rate; returns the view commands the UI sent. */
async function openMonitor(page: Page, url: string, intervalMs: number, counter: ByteCounter): Promise<Views> {
  const views: Views = new Map();
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => {
      try {
        const m = JSON.parse(String(f.payload)) as { cmd?: string; payload?: Record<string, unknown> };
        if (typeof m.cmd === 'string' && m.cmd.startsWith('monitor.') && m.payload) views.set(m.cmd, { ...views.get(m.cmd), ...m.payload });
      } catch {
        // not JSON: not a command
      }
    });
    ws.on('framereceived', (f) => counter.add(String(f.payload)));
  });
  await page.addInitScript(() => (globalThis as unknown as { localStorage: Storage }).localStorage.setItem('proclab.lang', 'en'));
  await page.goto(`${url}#/monitor`);
  await page.getByTestId('scope-system').click();
  await page.getByTestId('interval-select').selectOption(String(intervalMs));
  await page.getByTestId('proc-table-monitor').waitFor();
  await until(async () => (await page.locator('[data-testid^="proc-row-"]').count()) > 10, 60_000, 'the process table in system scope');
  views.set('monitor.configure', { ...views.get('monitor.configure'), scope: 'system', intervalMs, hidden: false });
  return views;
}

/** The Electron runtime binary and a display, or why the desktop app cannot be measured here. */
function electronRuntime(): { bin: string } | { skip: string } {
  let bin: string | null = null;
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const rel = readFileSync(join(dir, 'path.txt'), 'utf8');
    const p = join(process.env.ELECTRON_OVERRIDE_DIST_PATH || join(dir, 'dist'), rel);
    bin = existsSync(p) ? p : null;
  } catch {
    bin = null;
  }
  if (!bin) return { skip: 'no Electron runtime binary on this machine: `npx electron --version` fails' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return { skip: 'no display: run the bench under xvfb-run' };
  return { bin };
}

/** The desktop app (main + renderer + helpers) in system scope; returns its process tree's root. */
async function startElectron(bin: string, intervalMs: number): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'proclab-overhead-electron-'));
  const app = await _electron.launch({ executablePath: bin, args: [root], env: { ...process.env, PROCLAB_DATA_DIR: dataDir } });
  cleanups.push(async () => {
    await app.close().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  });
  const win = await app.firstWindow();
  await win.evaluate(() => (window.location.hash = '#/monitor'));
  await win.getByTestId('scope-system').click();
  await win.getByTestId('interval-select').selectOption(String(intervalMs));
  await win.getByTestId('proc-table-monitor').waitFor();
  return app.process().pid!;
}

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

const PEERS: Record<string, { pkg: string; argv: (ms: number) => string }> = {
  htop: { pkg: 'htop', argv: (ms) => `htop -d ${Math.round(ms / 100)}` },
  // Debian's btop (1.2) takes its rate only from its config file.
  btop: {
    pkg: 'btop',
    argv: (ms) => {
      const dir = mkdtempSync(join(tmpdir(), 'proclab-overhead-btop-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      mkdirSync(join(dir, 'btop'));
      writeFileSync(join(dir, 'btop', 'btop.conf'), `update_ms = ${ms}\n`);
      return `env XDG_CONFIG_HOME=${dir} btop --utf-force`;
    },
  },
  glances: { pkg: 'glances', argv: (ms) => `glances -t ${ms / 1000}` },
};

/** A peer in a detached tmux session (they need a terminal); returns the pane's pid. */
function startPeer(name: string, intervalMs: number): number {
  const session = `proclab-overhead-${name}-${process.pid}`;
  execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '200', '-y', '50', PEERS[name]!.argv(intervalMs)]);
  cleanups.push(() => void spawnSync('tmux', ['kill-session', '-t', session]));
  return Number(execFileSync('tmux', ['list-panes', '-t', session, '-F', '#{pane_pid}']).toString().trim());
}

/**
 * CPU % of one core of each group over one window. Groups are fixed at the window's start;
 * a process of a group that starts during the window counts from its birth, one that ends stops counting.
 */
async function measureWindow(groups: Record<string, () => number[]>, seconds: number): Promise<Record<string, number>> {
  const members = Object.fromEntries(Object.entries(groups).map(([k, f]) => [k, f()]));
  const c0 = new Map<number, number>();
  for (const pids of Object.values(members)) for (const p of pids) c0.set(p, cpuTicks(p) ?? NaN);
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const dt = (performance.now() - t0) / 1000;
  const out: Record<string, number> = {};
  for (const [k, pids] of Object.entries(members)) {
    const late = groups[k]!().filter((p) => !pids.includes(p));
    let ticks = 0;
    for (const p of pids) {
      const now = cpuTicks(p);
      if (now !== null && Number.isFinite(c0.get(p))) ticks += now - c0.get(p)!;
    }
    for (const p of late) ticks += cpuTicks(p) ?? 0;
    out[k] = (ticks / CLK_TCK / dt) * 100;
  }
  return out;
}

interface Row {
  procs: number;
  hz: number;
  cpu: Record<string, number>;
  ws: Traffic;
  ui: Traffic;
}

interface Traffic {
  kbPerTick: number;
  ticksPerS: number;
}

async function oneWindow(
  n: number,
  hz: number,
  server: BrowserServer,
  chromiumPid: number,
  peers: string[],
  electron: ReturnType<typeof electronRuntime>,
): Promise<Row> {
  const intervalMs = 1000 / hz;
  const mark = cleanups.length;
  try {
    // The UI first: its view is what the plain client then asks for.
    const uiHost = await startHost();
    const browser = await chromium.connect(server.wsEndpoint());
    cleanups.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const uiBytes = new ByteCounter();
    const views = await openMonitor(page, uiHost.url.href, intervalMs, uiBytes);
    const wsHost = await startHost();
    const wsBytes = new ByteCounter();
    await wsClient(wsHost, views, wsBytes);
    const groups: Record<string, () => number[]> = {
      'host (WS)': () => [wsHost.proc.pid!],
      'host (UI)': () => [uiHost.proc.pid!],
      'ProcLab UI': () => treeOf(chromiumPid),
    };
    if ('bin' in electron) {
      const epid = await startElectron(electron.bin, intervalMs);
      groups.Electron = () => treeOf(epid);
    }
    for (const p of peers) {
      const pane = startPeer(p, intervalMs);
      groups[p] = () => treeOf(pane);
    }
    await sleep(WARM_S * 1000);
    const procs = pidsOnMachine().length;
    uiBytes.reset();
    wsBytes.reset();
    const t0 = performance.now();
    const cpu = await measureWindow(groups, SECONDS);
    const dt = (performance.now() - t0) / 1000;
    // All bytes (ticks and whatever else the host sent) per tick received: a slow client gets fewer, merged ticks.
    const per = (c: ByteCounter): Traffic => ({ kbPerTick: c.bytes / Math.max(1, c.ticks) / 1024, ticksPerS: c.ticks / dt });
    return { procs, hz, cpu, ws: per(wsBytes), ui: per(uiBytes) };
  } finally {
    while (cleanups.length > mark) await cleanups.pop()!();
  }
}

const pct = (x: number | undefined): string => (x === undefined ? '—' : x.toFixed(1));
const ratio = (a: number, b: number | undefined): string => (b ? `${(a / b).toFixed(2)}×` : '—');

function tableRow(r: Row, peers: string[], electron: ReturnType<typeof electronRuntime>): string {
  const host = r.cpu['host (UI)']!;
  const whole = host + r.cpu['ProcLab UI']!;
  const cells = [
    `${r.procs}`,
    `${r.hz} Hz`,
    pct(r.cpu['host (WS)']),
    pct(host),
    pct(r.cpu['ProcLab UI']),
    pct(whole),
    'bin' in electron ? pct(r.cpu.Electron) : 'skipped',
    ...Object.keys(PEERS).map((p) => (peers.includes(p) ? pct(r.cpu[p]) : 'not installed')),
    ratio(r.cpu['host (WS)']!, r.cpu.htop),
    ratio(r.cpu['host (WS)']!, r.cpu.btop),
    ratio(whole, r.cpu.htop),
    ratio(whole, r.cpu.btop),
    `${r.ws.kbPerTick.toFixed(1)} (${r.ws.ticksPerS.toFixed(1)}/s)`,
    `${r.ui.kbPerTick.toFixed(1)} (${r.ui.ticksPerS.toFixed(1)}/s)`,
  ];
  return `| ${cells.join(' | ')} |`;
}

const HEADER = [
  '| processes | rate | host, 1 WS client % | host, UI open % | ProcLab UI (Chromium) % | host + UI % | Electron main + renderer % | htop % | btop % | glances % | host (WS) ÷ htop | host (WS) ÷ btop | (host + UI) ÷ htop | (host + UI) ÷ btop | WS client KB/tick (ticks/s received) | UI KB/tick (ticks/s) |',
  '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];

async function main(): Promise<void> {
  const began = performance.now();
  const load0 = loadavg();
  if (!existsSync(join(root, 'out/main/web.js'))) throw new Error('out/ is missing: run `npm run build` first');
  const peers = Object.keys(PEERS).filter((p) => {
    if (has(p) && has('tmux')) return true;
    console.log(`skipping ${p}: not installed (apt-get install -y ${PEERS[p]!.pkg} tmux)`);
    return false;
  });
  const electron = electronRuntime();
  if ('skip' in electron) console.log(`skipping the Electron app: ${electron.skip}`);
  const found = useChromium({ quiet: true });
  console.log(`chromium: ${found.path} (${found.source}); windows of ${SECONDS} s after ${WARM_S} s of warm-up`);
  const server = await chromium.launchServer({ executablePath: found.path, args: CHROMIUM_ARGS });
  cleanups.push(() => server.close());
  const chromiumPid = server.process().pid!;

  const rows: string[] = [];
  for (const n of PROCS) {
    const mark = cleanups.length;
    try {
      await startSleepers(n);
      for (const hz of RATES_HZ) {
        const row = tableRow(await oneWindow(n, hz, server, chromiumPid, peers, electron), peers, electron);
        console.log(row);
        rows.push(row);
      }
    } finally {
      while (cleanups.length > mark) await cleanups.pop()!();
    }
  }
  const tookS = (performance.now() - began) / 1000;
  const load1 = loadavg();
  const machine = `${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model.trim() ?? '?'}, ${cpus().length} vCPU, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, ${found.source} Chromium`;
  // Only the load before the bench says whether others shared the machine: by the end it counts
  // the bench's own monitors, hosts and Chromium as well.
  const loadNote =
    load0[0]! > cpus().length / 2
      ? `**development run**: load average ${load0[0]!.toFixed(1)} before the bench (the machine was shared; not final figures), ${load1[0]!.toFixed(1)} at its end`
      : `load average ${load0[0]!.toFixed(1)} before the bench (a quiet machine), ${load1[0]!.toFixed(1)} at its end (the bench's own monitors, hosts and Chromium)`;
  console.log(`\n${HEADER.join('\n')}\n${rows.join('\n')}\n\n${machine}; ${loadNote}; the bench took ${Math.round(tookS)} s`);
  if (WRITE) writeSection(rows, machine, loadNote, tookS, 'skip' in electron ? electron.skip : null);
}

const BEGIN = '<!-- bench:overhead begin (written by the bench; notes go after the end mark) -->';
const END = '<!-- bench:overhead end -->';

function writeSection(rows: string[], machine: string, loadNote: string, tookS: number, electronSkip: string | null): void {
  const generated = [
    BEGIN,
    '**What:** `npm run bench:overhead` (`bench/overhead/run.ts`), everything below measured in one window per row:',
    'the browser-mode host (`out/main/web.js`) with one plain WebSocket client in system scope ("host, 1 WS client"); a',
    'second browser-mode host with the real UI open in headless Chromium, Monitor in system scope ("host, UI open"), the',
    'Chromium processes counted on their own ("ProcLab UI"); the desktop app\'s main + renderer where an Electron runtime',
    'exists; htop (`-d 10` / `-d 2`), btop (`update_ms` 1000 / 250) and glances (`-t 1` / `-t 0.25`) in tmux, all at the',
    `row's rate, N extra \`sleep\` processes on the machine. CPU % of one core from \`/proc/<pid>/stat\` (utime + stime +`,
    `waited-for children) over ${SECONDS} s after ${WARM_S} s of warm-up. KB/tick: all bytes a client received over the window ÷`,
    'the tick messages it received (events named `tick…`, whole or deltas), with how many ticks per second arrived (a slow',
    "client gets fewer, merged ticks); the plain client asks for the view the UI asked for (the UI's `monitor.*` commands, replayed).",
    '',
    `**Machine:** ${machine}; ${loadNote}. The whole bench took ${Math.round(tookS)} s.${electronSkip ? ` Electron: skipped (${electronSkip}).` : ''}`,
    '',
    ...HEADER,
    ...rows,
    END,
  ].join('\n');
  const file = join(root, 'BENCHMARKS.md');
  const text = readFileSync(file, 'utf8');
  const b = text.indexOf(BEGIN);
  const e = text.indexOf(END);
  let updated: string;
  if (b >= 0 && e > b) updated = `${text.slice(0, b)}${generated}${text.slice(e + END.length)}`;
  else {
    // First write: the section becomes the generated block; hand-written notes go after END.
    const start = text.indexOf('## Overhead');
    const next = start < 0 ? -1 : text.indexOf('\n## ', start + 1);
    const section = `## Overhead\n\n${generated}\n`;
    updated =
      start < 0 ? `${text.trimEnd()}\n\n${section}` : `${text.slice(0, start)}${section}${next < 0 ? '' : `\n${text.slice(next + 1)}`}`;
  }
  writeFileSync(file, updated);
  console.log('written to BENCHMARKS.md (## Overhead)');
}

process.once('SIGINT', () => void cleanupAll().then(() => process.exit(130)));
main()
  .catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  })
  .finally(() => cleanupAll());
