/**
 * Soak: does anything grow while ProcLab runs for a long time? Browser mode (the built
 * out/main/web.js, in its own process), one WebSocket client — the real UI in Chromium — in
 * system scope at 250 ms, 1,000 extra sleeping processes on the machine, and one short run
 * started every 30 s. Host RSS, host heap (after a GC), renderer JS heap (after a GC, over CDP)
 * and the host's open descriptors are read at the start, the middle and the end, and checked
 * against bounds; exit 1 if one is exceeded. Not part of `npm test`:
 *   npm run bench:soak               (30 minutes)
 *   npm run bench:soak -- --minutes 3
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, useChromium } from '../../scripts/find-chromium.mjs';

const root = join(__dirname, '..', '..');
const MiB = 1024 * 1024;
const EXTRA_PROCS = 1000;
const RUN_EVERY_MS = 30_000;
const WARMUP_MS = 20_000;

/** How much each figure may grow from the start to the end of the soak. */
const BOUNDS = {
  hostRss: 64 * MiB,
  hostHeap: 16 * MiB,
  rendererHeap: 32 * MiB,
  /**
   * The host's own descriptors (sockets, pipes, files): not those it keeps on /proc/<pid>/… files,
   * which follow the processes and threads on the machine (stat and statm per process, a thread's
   * stat while it is watched), and are counted apart.
   */
  ownFds: 16,
  /** Kept /proc descriptors whose process is gone at a snapshot (a leak would make these grow). */
  staleProcFds: 64,
};

interface Snapshot {
  at: string;
  elapsedS: number;
  hostRss: number;
  hostHeap: number;
  rendererHeap: number;
  fds: number;
  /** Of those, kept descriptors on /proc/<pid>/… files. */
  procFds: number;
  /** Kept /proc descriptors whose pid no longer exists. */
  staleProcFds: number;
  /** Processes on the machine: in system scope the host keeps one stat descriptor per process. */
  procs: number;
  domNodes: number;
}

function minutesArg(): number {
  const i = process.argv.indexOf('--minutes');
  if (i < 0) return 30;
  const n = Number(process.argv[i + 1]);
  if (!Number.isFinite(n) || n <= 0 || n > 24 * 60) throw new Error(`bad --minutes "${process.argv[i + 1]}": expected 0 < N ≤ 1440`);
  return n;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function ppidOf(pid: string): number {
  try {
    const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;
  }
}

/** `sh` in its own process group with N `sleep` children: ended as a group at the end. */
async function startSleepers(n: number): Promise<ChildProcess> {
  const sh = spawn('sh', ['-c', `i=0; while [ $i -lt ${n} ]; do sleep 86400 & i=$((i+1)); done; wait`], {
    detached: true,
    stdio: 'ignore',
  });
  const count = (): number => readdirSync('/proc').filter((p) => /^\d+$/.test(p) && ppidOf(p) === sh.pid).length;
  await until(() => count() >= n, 120_000, `${n} sleeping processes`);
  return sh;
}

interface Host {
  proc: ChildProcess;
  url: string;
  dataDir: string;
  mem: () => Promise<{ rss: number; heapUsed: number }>;
  /** What the host printed (head and recent tail). */
  log: () => string;
}

async function startHost(): Promise<Host> {
  const dataDir = mkdtempSync(join(tmpdir(), 'proclab-soak-'));
  const proc = spawn(
    process.execPath,
    ['--expose-gc', '--require', join(__dirname, 'host-probe.cjs'), join(root, 'out/main/web.js'), '--no-open'],
    { cwd: root, env: { ...process.env, PROCLAB_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  // Keep the head (the URL) and the recent tail: a failed soak prints what the host said last.
  const keep = (d: Buffer): void => {
    out += d;
    if (out.length > 1_000_000) out = out.slice(0, 4096) + out.slice(-200_000);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  await until(() => /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.test(out), 30_000, `the host's URL:\n${out}`);
  const url = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out)![1]!;
  const mem = async (): Promise<{ rss: number; heapUsed: number }> => {
    const mark = out.length;
    proc.kill('SIGUSR2');
    await until(() => out.indexOf('SOAK-MEM ', mark) >= 0 && out.indexOf('\n', out.indexOf('SOAK-MEM ', mark)) > 0, 10_000, 'host memory');
    const start = out.indexOf('SOAK-MEM ', mark) + 9;
    const m = JSON.parse(out.slice(start, out.indexOf('\n', start))) as { heapUsed: number };
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))![1]);
    return { rss: rssKb * 1024, heapUsed: m.heapUsed };
  };
  return { proc, url, dataDir, mem, log: () => out };
}

/** The host's descriptors: all, those on /proc/<pid>/… (kept readers), and of these the ones whose pid is gone. */
function fdCounts(pid: number): { fds: number; procFds: number; staleProcFds: number } {
  let fds = 0;
  let procFds = 0;
  let staleProcFds = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    fds++;
    let target = '';
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue;
    }
    const m = /^\/proc\/(\d+)\//.exec(target);
    if (!m) continue;
    procFds++;
    if (!existsSync(`/proc/${m[1]}`)) staleProcFds++;
  }
  return { fds, procFds, staleProcFds };
}

async function rendererHeap(cdp: CDPSession): Promise<{ heap: number; nodes: number }> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  const get = (n: string): number => metrics.find((m) => m.name === n)?.value ?? NaN;
  return { heap: get('JSHeapUsedSize'), nodes: get('Nodes') };
}

async function snapshot(host: Host, cdp: CDPSession, at: string, t0: number): Promise<Snapshot> {
  const m = await host.mem();
  const r = await rendererHeap(cdp);
  return {
    at,
    elapsedS: Math.round((Date.now() - t0) / 1000),
    hostRss: m.rss,
    hostHeap: m.heapUsed,
    rendererHeap: r.heap,
    ...fdCounts(host.proc.pid!),
    procs: readdirSync('/proc').filter((p) => /^\d+$/.test(p)).length,
    domNodes: r.nodes,
  };
}

async function startRun(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const p = (
      globalThis as unknown as {
        proclab: { startRun(x: { scenarioId: string; runtime: string; params: Record<string, number> }): Promise<{ id: string }> };
      }
    ).proclab;
    return (await p.startRun({ scenarioId: 'process-basics', runtime: 'python', params: { hold_ms: 1000 } })).id;
  });
}

const mib = (b: number): string => (b / MiB).toFixed(1);

async function main(): Promise<void> {
  const minutes = minutesArg();
  if (!existsSync(join(root, 'out/main/web.js'))) throw new Error('out/ is missing: run `npm run build` first');
  const found = useChromium({ quiet: true });
  const load0 = loadavg()[0]!.toFixed(1);
  console.log(`soak: ${minutes} min; ${found.path} (${found.source})`);

  let sleepers: ChildProcess | null = null;
  let host: Host | null = null;
  let browser: Browser | null = null;
  const cleanup = async (): Promise<void> => {
    await browser?.close().catch(() => {});
    if (host && host.proc.exitCode === null) {
      const h = host;
      const gone = new Promise((r) => h.proc.once('exit', r));
      h.proc.kill('SIGTERM');
      await gone;
    }
    try {
      if (sleepers) process.kill(-sleepers.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    if (host) rmSync(host.dataDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    sleepers = await startSleepers(EXTRA_PROCS);
    host = await startHost();
    browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript(() => (globalThis as unknown as { localStorage: Storage }).localStorage.setItem('proclab.lang', 'en'));
    await page.goto(`${host.url}#/monitor`);
    await page.getByTestId('scope-system').click();
    await page.getByTestId('interval-select').selectOption('250');
    await page.getByTestId('proc-table-monitor').waitFor();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');

    const t0 = Date.now();
    const endAt = t0 + minutes * 60_000;
    const runIds: string[] = [];
    let nextRun = t0;
    let midTaken = false;
    await sleep(Math.min(WARMUP_MS, (minutes * 60_000) / 4));
    const snaps: Snapshot[] = [await snapshot(host, cdp, 'start', t0)];
    console.log(JSON.stringify(snaps[0]));
    while (Date.now() < endAt) {
      if (Date.now() >= nextRun) {
        runIds.push(await startRun(page));
        nextRun += RUN_EVERY_MS;
      }
      if (!midTaken && Date.now() >= t0 + (endAt - t0) / 2) {
        midTaken = true;
        snaps.push(await snapshot(host, cdp, 'middle', t0));
        console.log(JSON.stringify(snaps.at(-1)));
      }
      await sleep(Math.max(100, Math.min(nextRun, endAt) - Date.now()));
    }
    await sleep(5000); // the last run ends
    snaps.push(await snapshot(host, cdp, 'end', t0));
    console.log(JSON.stringify(snaps.at(-1)));
    const runs = (await page.evaluate(() =>
      (globalThis as unknown as { proclab: { listRuns(): Promise<Array<{ id: string; status: string }>> } }).proclab.listRuns(),
    )) as Array<{ id: string; status: string }>;
    const finished = runs.filter((r) => runIds.includes(r.id) && r.status === 'finished').length;
    const rows = await page.locator('[data-testid^="proc-row-"]').count();

    const [s, , e] = [snaps[0]!, snaps[1], snaps.at(-1)!];
    const growth = {
      hostRss: e.hostRss - s.hostRss,
      hostHeap: e.hostHeap - s.hostHeap,
      rendererHeap: e.rendererHeap - s.rendererHeap,
      ownFds: e.fds - e.procFds - (s.fds - s.procFds),
      staleProcFds: Math.max(...snaps.map((x) => x.staleProcFds)),
    };
    const over = (Object.keys(BOUNDS) as Array<keyof typeof BOUNDS>).filter((k) => growth[k] > BOUNDS[k]);
    console.log(
      `\n| moment | elapsed | host RSS MiB | host heap MiB (after GC) | renderer JS heap MiB (after GC) | host open fds | of them kept /proc fds (stale) | host's own fds | processes on the machine | DOM nodes |`,
    );
    console.log(`|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|`);
    for (const x of snaps)
      console.log(
        `| ${x.at} | ${x.elapsedS} s | ${mib(x.hostRss)} | ${mib(x.hostHeap)} | ${mib(x.rendererHeap)} | ${x.fds} | ${x.procFds} (${x.staleProcFds}) | ${x.fds - x.procFds} | ${x.procs} | ${x.domNodes} |`,
      );
    console.log(
      `| growth start → end (bound) | | ${mib(growth.hostRss)} (≤ ${mib(BOUNDS.hostRss)}) | ${mib(growth.hostHeap)} (≤ ${mib(BOUNDS.hostHeap)}) | ${mib(growth.rendererHeap)} (≤ ${mib(BOUNDS.rendererHeap)}) | | max stale ${growth.staleProcFds} (≤ ${BOUNDS.staleProcFds}) | ${growth.ownFds} (≤ ${BOUNDS.ownFds}) | | |`,
    );
    console.log(
      `\n${runIds.length} runs started, ${finished} finished; ${rows} table rows rendered (virtualized) of ~${EXTRA_PROCS}+ processes; ` +
        `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GB; load average before/after ${load0} / ${loadavg()[0]!.toFixed(1)}; ${new Date().toISOString().slice(0, 10)}`,
    );
    if (finished !== runIds.length) over.push('runs' as never);
    if (over.length) {
      console.log(`soak FAILED: ${over.join(', ')} beyond bound`);
      process.exitCode = 1;
    } else console.log('soak passed: every figure within its bound');
  } catch (e) {
    // Say whether the host ended or only the client's connection did, with the host's last words.
    if (host) {
      const { exitCode, signalCode } = host.proc;
      console.error(
        `host ${exitCode === null && signalCode === null ? 'still running' : `ended: code ${exitCode} signal ${signalCode}`}; its last output:`,
      );
      console.error(host.log().slice(-4000));
    }
    throw e;
  } finally {
    await cleanup();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
