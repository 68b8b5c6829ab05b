// Cost of one engine tick for N tracked sleeping processes, against three ways of getting the
// same facts: (a) readFileSync + parse of each /proc/<pid>/stat, (b) one `ps -eo …` parsed,
// (c) one pidusage call per pid (and, for reference, (d) one batched pidusage call).
// The system-scope tick (every process on the machine) is also set against (f), the floor: every
// process's /proc/<pid>/stat kept open and re-read from offset 0, nothing else (no parse, no rows).
// Run: node --import tsx bench/sampler/run.ts [sizes…]   (default 50 200 1000 2000)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pidusage from 'pidusage';
import { Engine } from '../../src/main/core/engine/engine';
import { parseStat } from '../../src/main/core/procfs';

const ROUNDS = 20;
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const SIZES = sizes.length ? sizes : [50, 200, 1000, 2000];

/** CPU ms of this process plus its waited-for children (ps runs as a child: its cost counts). */
function cpuMs(): number {
  const u = process.cpuUsage();
  const stat = parseStatSelf();
  return (u.user + u.system) / 1000 + stat;
}
const clk = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
function parseStatSelf(): number {
  const f = fs.readFileSync('/proc/self/stat', 'utf8');
  const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
  // cutime, cstime: fields 16, 17 (rest index 13, 14), in clock ticks.
  return ((Number(rest[13]) + Number(rest[14])) * 1000) / clk;
}

interface Cost {
  cpu: number;
  wall: number;
}
/**
 * Median of per-round costs: this shared 2-vCPU machine has bursts of load from other work, and a
 * median shrugs them off. Children's CPU (ps) is only counted in 10 ms clock ticks, so for a
 * method that runs a child the mean over all rounds is used instead.
 */
async function measure(fn: () => unknown | Promise<unknown>, rounds = ROUNDS, usesChild = false): Promise<Cost> {
  for (let i = 0; i < 5; i++) await fn(); // warm: descriptors opened, code paths compiled
  const cpus: number[] = [];
  const walls: number[] = [];
  const c00 = cpuMs();
  const w00 = performance.now();
  for (let i = 0; i < rounds; i++) {
    const c0 = cpuMs();
    const w0 = performance.now();
    await fn();
    cpus.push(cpuMs() - c0);
    walls.push(performance.now() - w0);
  }
  if (usesChild) return { cpu: (cpuMs() - c00) / rounds, wall: (performance.now() - w00) / rounds };
  return { cpu: median(cpus), wall: median(walls) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function readDirect(pids: number[]): number {
  let n = 0;
  for (const pid of pids) {
    try {
      if (parseStat(fs.readFileSync(`/proc/${pid}/stat`, 'latin1'))) n++;
    } catch {
      /* gone */
    }
  }
  return n;
}

/**
 * The floor of any /proc monitor: one read per process of a stat file opened once (what the
 * engine's kept descriptors cost in the kernel), with no parse and nothing built from it.
 */
class KeptStatReads {
  private readonly fds: number[] = [];
  private readonly buf = Buffer.alloc(4096);
  constructor(pids: number[]) {
    for (const pid of pids) {
      try {
        this.fds.push(fs.openSync(`/proc/${pid}/stat`, 'r'));
      } catch {
        /* gone */
      }
    }
  }
  get size(): number {
    return this.fds.length;
  }
  readAll(): number {
    let bytes = 0;
    for (const fd of this.fds) {
      try {
        bytes += fs.readSync(fd, this.buf, 0, this.buf.length, 0);
      } catch {
        /* exited since: the read fails (ESRCH), as the engine's does */
      }
    }
    return bytes;
  }
  close(): void {
    for (const fd of this.fds) fs.closeSync(fd);
  }
}

function psParsed(): number {
  const out = execFileSync('ps', ['-eo', 'pid,ppid,stat,pcpu,rss,nlwp'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  let n = 0;
  for (const line of out.split('\n').slice(1)) {
    const [pid, ppid, stat, pcpu, rss, nlwp] = line.trim().split(/\s+/);
    if (pid && ppid && stat && pcpu && rss && nlwp) n++;
  }
  return n;
}

async function one(n: number) {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-bench-'));
  const engine = new Engine({ stateDir, intervalMs: 1000 });
  // One run whose shell starts n sleepers: the tick has to discover and follow all of them.
  await engine.launch({
    runId: `bench${n}`,
    argv: ['sh', '-c', `i=0; while [ $i -lt ${n} ]; do sleep 600 & i=$((i+1)); done; wait`],
    cwd: stateDir,
    limits: { maxProcs: n + 100, maxMemBytes: 64 * 1024 ** 3 },
  });
  let pids: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = await engine.tickNow();
    pids = t.processes.filter((p) => p.runId && !p.exited).map((p) => p.pid);
    if (pids.length >= n + 1) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (pids.length < n + 1) throw new Error(`only ${pids.length} of ${n + 1} processes tracked`);
  await new Promise((r) => setTimeout(r, 300)); // let the sleepers settle (state S)
  const tick = await measure(() => engine.tickNow());
  const direct = await measure(() => readDirect(pids));
  const ps = await measure(() => psParsed(), 10, true);
  const perPid = await measure(() => Promise.all(pids.map((p) => pidusage(p).catch(() => null))), 10);
  const batched = await measure(() => pidusage(pids).catch(() => null), 10);
  // System scope: every process on the machine (first tick reads each cmdline/user once: warm it).
  engine.configure({ scope: 'system' });
  await engine.tickNow();
  const system = await measure(() => engine.tickNow());
  const livePids = (await engine.tickNow()).processes.filter((p) => !p.exited).map((p) => p.pid);
  const all = livePids.length;
  // The same processes the system-scope tick just read, so the ratio compares like with like.
  const kept = new KeptStatReads(livePids);
  const floor = await measure(() => kept.readAll());
  const floorProcs = kept.size;
  kept.close();
  pidusage.clear();
  await engine.shutdown();
  fs.rmSync(stateDir, { recursive: true, force: true });
  return { n, tracked: pids.length, tick, direct, ps, perPid, batched, system, all, floor, floorProcs };
}

async function main(): Promise<void> {
  const machine = `${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${os.platform()} ${os.release()}, Node ${process.version}`;
  const others = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).length;
  console.log(`# Sampler bench — ${new Date().toISOString().slice(0, 10)} — ${machine}`);
  console.log(
    `(${others} processes on the machine before spawning; median of ${ROUNDS} rounds for the ticks and (a), of 10 for (c)–(d), mean of 10 for (b); CPU = user+sys of this process + waited-for children)\n`,
  );
  const f = (c: Cost) => `${c.cpu.toFixed(2)} / ${c.wall.toFixed(2)}`;
  const r = (x: number) => `${x.toFixed(2)}×`;
  console.log(
    '| tracked | tick CPU / wall ms | (a) direct read | (b) ps -eo | (c) pidusage per pid | (d) pidusage batched | tick ÷ (a) | (b) ÷ tick | (c) ÷ tick | system-scope tick (processes) | (b) ÷ system tick | (f) floor: kept-fd stat re-reads (processes) | system tick ÷ (f) |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const n of SIZES) {
    const x = await one(n);
    console.log(
      `| ${x.tracked} | ${f(x.tick)} | ${f(x.direct)} | ${f(x.ps)} | ${f(x.perPid)} | ${f(x.batched)} | ${r(x.tick.cpu / x.direct.cpu)} | ${r(x.ps.cpu / x.tick.cpu)} | ${r(x.perPid.cpu / x.tick.cpu)} | ${f(x.system)} (${x.all}) | ${r(x.ps.cpu / x.system.cpu)} | ${f(x.floor)} (${x.floorProcs}) | ${r(x.system.cpu / x.floor.cpu)} |`,
    );
  }
}

void main();
