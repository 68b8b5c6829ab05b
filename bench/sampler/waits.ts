// Cost of one engine tick with and without wait reasons, for one run of N blocked threads
// (half in time.sleep, half on a Lock nobody releases), N = 50, 200, 1000 by default.
// Run: node --import tsx bench/sampler/waits.ts [sizes…]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../src/main/core/engine/engine';

const ROUNDS = 30;
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const SIZES = sizes.length ? sizes : [50, 200, 1000];
const PY = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

const PROGRAM = `
import sys, threading, time
n = int(sys.argv[1])
lock = threading.Lock(); lock.acquire()
def sleeper(): time.sleep(600)
def locked(): lock.acquire()
for i in range(n - 1):
    threading.Thread(target=sleeper if i % 2 else locked, daemon=True).start()
print("ready", flush=True)
time.sleep(600)
`;

interface Cost {
  cpu: number;
  wall: number;
}
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
async function measure(fn: () => Promise<unknown>): Promise<Cost> {
  for (let i = 0; i < 5; i++) await fn();
  const cpus: number[] = [];
  const walls: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const c0 = cpuMs();
    const w0 = performance.now();
    await fn();
    cpus.push(cpuMs() - c0);
    walls.push(performance.now() - w0);
  }
  return { cpu: median(cpus), wall: median(walls) };
}

async function one(n: number, waitReasons: boolean): Promise<{ cost: Cost; threads: number; withReason: number }> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-bench-waits-'));
  const script = path.join(stateDir, 'threads.py');
  fs.writeFileSync(script, PROGRAM);
  const engine = new Engine({ stateDir, intervalMs: 5000, waitReasons });
  const root = await engine.launch({ runId: `waits${n}`, argv: [PY, script, String(n)], cwd: stateDir });
  let threads = 0;
  let withReason = 0;
  for (let i = 0; i < 300 && threads < n; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const t = await engine.tickNow();
    threads = t.threads[root.pid]?.length ?? 0;
  }
  await new Promise((r) => setTimeout(r, 300)); // every thread blocked by now
  const cost = await measure(async () => {
    const t = await engine.tickNow();
    withReason = (t.threads[root.pid] ?? []).filter((r) => r.wait).length;
  });
  await engine.shutdown();
  fs.rmSync(stateDir, { recursive: true, force: true });
  return { cost, threads, withReason };
}

async function main(): Promise<void> {
  const machine = `${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${os.platform()} ${os.release()}, Node ${process.version}`;
  console.log(`# Wait-reason bench — ${new Date().toISOString().slice(0, 10)} — ${machine} — load ${os.loadavg()[0]!.toFixed(1)}`);
  console.log(`(median of ${ROUNDS} ticks after 5 warm-up; CPU = user+sys of this process)\n`);
  console.log(
    '| threads | tick without wait reasons CPU / wall ms | with wait reasons CPU / wall ms | extra CPU per tick | extra µs per thread | threads with a reason |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|');
  const f = (c: Cost) => `${c.cpu.toFixed(2)} / ${c.wall.toFixed(2)}`;
  for (const n of SIZES) {
    const off = await one(n, false);
    const on = await one(n, true);
    const extra = on.cost.cpu - off.cost.cpu;
    console.log(
      `| ${on.threads} | ${f(off.cost)} | ${f(on.cost)} | ${extra.toFixed(2)} ms (${((on.cost.cpu / off.cost.cpu) * 100 - 100).toFixed(0)} %) | ${((extra * 1000) / on.threads).toFixed(1)} | ${on.withReason} (off: ${off.withReason}) |`,
    );
  }
}

void main();
