/**
 * Overhead: what ProcLab's browser-mode host costs while a client watches the whole machine,
 * next to the classic monitors, with N extra sleeping processes on the machine. For each N and
 * rate: the host (built out/main/web.js, its own process) with one WebSocket client in system
 * scope, plus a second client in runs scope (bytes per tick per client for each view), and the
 * peers that are installed (htop, btop, glances, each in its own tmux session at the same rate).
 * CPU % of one core from /proc/<pid>/stat over the same window; ratios to htop and btop.
 * Results are printed and written to BENCHMARKS.md (section "Overhead"). Not part of `npm test`:
 *   npm run bench:overhead                          (1,000 and 2,000 processes, 1 Hz and 4 Hz, 30 s each)
 *   npm run bench:overhead -- --procs 1000 --seconds 15
 * Not measured here yet: the real UI in Chromium and the Electron app's processes.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

const root = join(__dirname, '..', '..');
const CLK_TCK = 100;

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? def : (process.argv[i + 1] ?? def);
}
const PROCS = arg('procs', '1000,2000').split(',').map(Number);
const SECONDS = Number(arg('seconds', '30'));
const RATES_MS = [1000, 250];
if (PROCS.some((n) => !Number.isInteger(n) || n < 0 || n > 5000) || !(SECONDS > 0 && SECONDS <= 300))
  throw new Error('usage: --procs N[,N…] (0…5000) --seconds S (0 < S ≤ 300)');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** utime + stime (+ waited-for children) of a process, in clock ticks. */
function cpuTicks(pid: number): number {
  try {
    const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  } catch {
    return NaN;
  }
}

const procCount = (): number => readdirSync('/proc').filter((p) => /^\d+$/.test(p)).length;

async function startSleepers(n: number): Promise<ChildProcess | null> {
  if (n === 0) return null;
  const sh = spawn('sh', ['-c', `i=0; while [ $i -lt ${n} ]; do sleep 86400 & i=$((i+1)); done; wait`], {
    detached: true,
    stdio: 'ignore',
  });
  try {
    // Forking 2,000 processes on a loaded 2-core machine can take minutes.
    // Counted as the shell's children: the machine's other processes come and go meanwhile.
    const count = (): number => readdirSync('/proc').filter((p) => /^\d+$/.test(p) && ppidOf(Number(p)) === sh.pid).length;
    await until(() => count() >= n, 600_000, `${n} sleeping processes`);
  } catch (e) {
    endGroup(sh);
    throw e;
  }
  return sh;
}

function endGroup(p: ChildProcess | null): void {
  if (p?.pid) {
    try {
      process.kill(-p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** CPU % of one core of `pids` over `seconds`, after `warmS` of warm-up. */
async function measure(pids: () => number[], seconds: number, warmS = 3): Promise<number> {
  await sleep(warmS * 1000);
  const sum = (): number => pids().reduce((a, p) => a + cpuTicks(p), 0);
  const t0 = performance.now();
  const c0 = sum();
  await sleep(seconds * 1000);
  return ((sum() - c0) / CLK_TCK / ((performance.now() - t0) / 1000)) * 100;
}

interface HostResult {
  cpu: number;
  systemBytesPerTick: number;
  runsBytesPerTick: number;
}

async function proclabHost(intervalMs: number): Promise<HostResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'proclab-overhead-'));
  const proc = spawn(process.execPath, [join(root, 'out/main/web.js'), '--no-open'], {
    cwd: root,
    env: { ...process.env, PROCLAB_DATA_DIR: dataDir, PROCLAB_NO_OPEN: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  try {
    await until(() => /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.test(out), 30_000, `the host's URL:\n${out}`);
    const url = new URL(/(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out)![1]!);
    const open = async (scope: 'system' | 'runs'): Promise<{ ws: WebSocket; bytes: () => { ticks: number; bytes: number } }> => {
      const ws = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`, { headers: { origin: url.origin } });
      await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
      let ticks = 0;
      let bytes = 0;
      ws.on('message', (raw) => {
        const text = String(raw);
        if (text.startsWith('{"event":"tick"')) {
          ticks++;
          bytes += Buffer.byteLength(text);
        }
      });
      ws.send(JSON.stringify({ id: 1, cmd: 'monitor.configure', payload: { scope, intervalMs } }));
      return { ws, bytes: () => ({ ticks, bytes }) };
    };
    const sys = await open('system');
    const runs = await open('runs');
    const cpu = await measure(() => [proc.pid!], SECONDS);
    const s = sys.bytes();
    const r = runs.bytes();
    sys.ws.close();
    runs.ws.close();
    return { cpu, systemBytesPerTick: s.bytes / Math.max(1, s.ticks), runsBytesPerTick: r.bytes / Math.max(1, r.ticks) };
  } finally {
    proc.kill('SIGTERM');
    await new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once('exit', r)));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

const PEERS: Record<string, { pkg: string; argv: (ms: number) => string }> = {
  htop: { pkg: 'htop', argv: (ms) => `htop -d ${Math.round(ms / 100)}` },
  // Debian's btop (1.2) takes its rate only from its config file.
  btop: {
    pkg: 'btop',
    argv: (ms) => {
      const dir = mkdtempSync(join(tmpdir(), 'proclab-overhead-btop-'));
      mkdirSync(join(dir, 'btop'));
      writeFileSync(join(dir, 'btop', 'btop.conf'), `update_ms = ${ms}\n`);
      return `env XDG_CONFIG_HOME=${dir} btop --utf-force`;
    },
  },
  glances: { pkg: 'glances', argv: (ms) => `glances -t ${ms / 1000}` },
};

function ppidOf(pid: number): number {
  try {
    const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;
  }
}

/** The pid and every live descendant (a pane's shell may or may not exec the monitor). */
function treeOf(pid: number): number[] {
  const kids = new Map<number, number[]>();
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    const pp = ppidOf(Number(p));
    kids.set(pp, [...(kids.get(pp) ?? []), Number(p)]);
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

/** A peer in a detached tmux session (they need a terminal); CPU of the pane's process tree. */
async function peer(name: string, intervalMs: number): Promise<number> {
  const session = `proclab-overhead-${name}-${process.pid}`;
  execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '200', '-y', '50', PEERS[name]!.argv(intervalMs)]);
  try {
    const panePid = Number(execFileSync('tmux', ['list-panes', '-t', session, '-F', '#{pane_pid}']).toString().trim());
    await sleep(1000);
    const tree = treeOf(panePid);
    return await measure(() => tree, SECONDS);
  } finally {
    spawnSync('tmux', ['kill-session', '-t', session]);
  }
}

async function main(): Promise<void> {
  const peers = Object.keys(PEERS).filter((p) => {
    if (has(p) && has('tmux')) return true;
    console.log(`skipping ${p}: not installed (apt-get install -y ${PEERS[p]!.pkg} tmux)`);
    return false;
  });
  const rows: string[] = [];
  for (const n of PROCS) {
    const sleepers = await startSleepers(n);
    try {
      for (const ms of RATES_MS) {
        const procs = procCount();
        const host = await proclabHost(ms);
        const peerCpu: Record<string, number> = {};
        for (const p of peers) peerCpu[p] = await peer(p, ms);
        const ratio = (p: string): string => (peerCpu[p] ? (host.cpu / peerCpu[p]!).toFixed(2) : '—');
        const row = [
          `${procs}`,
          `${1000 / ms} Hz`,
          host.cpu.toFixed(1),
          (host.systemBytesPerTick / 1024).toFixed(1),
          (host.runsBytesPerTick / 1024).toFixed(2),
          ...Object.keys(PEERS).map((p) => (p in peerCpu ? peerCpu[p]!.toFixed(1) : 'not installed')),
          ratio('htop'),
          ratio('btop'),
        ];
        console.log(row.join(' | '));
        rows.push(`| ${row.join(' | ')} |`);
      }
    } finally {
      endGroup(sleepers);
    }
    // After each N, so a later failure keeps what was measured.
    writeSection(rows);
  }
}

function writeSection(rows: string[]): void {
  const section = [
    '## Overhead',
    '',
    '**What:** `npm run bench:overhead` (`bench/overhead/run.ts`): the browser-mode host (`out/main/web.js`) with one',
    'WebSocket client in system scope and one in runs scope, N extra `sleep` processes on the machine; htop, btop and',
    'glances in tmux at the same rate where installed. CPU % of one core from `/proc/<pid>/stat` (utime+stime+children)',
    `over ${SECONDS} s after 3 s of warm-up. KB/tick: the mean size of one client's tick message for each view.`,
    'Not measured yet: the UI in Chromium and the Electron app (the issue asks for both).',
    '',
    `**Machine:** ${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model ?? '?'}, ${cpus().length} vCPU, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}; load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} at the end (shared with other work: figures are noisy).`,
    '',
    '| processes | rate | host CPU % | system-scope client KB/tick | runs-scope client KB/tick | htop % | btop % | glances % | host ÷ htop | host ÷ btop |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  const file = join(root, 'BENCHMARKS.md');
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf('## Overhead');
  const next = start < 0 ? -1 : text.indexOf('\n## ', start + 1);
  const updated =
    start < 0 ? `${text.trimEnd()}\n\n${section}` : `${text.slice(0, start)}${section}${next < 0 ? '' : text.slice(next + 1)}`;
  writeFileSync(file, updated);
  console.log('written to BENCHMARKS.md (## Overhead)');
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
