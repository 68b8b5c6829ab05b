// What a run's fast start (run samples every 50 ms for its first 2.5 s) and per-thread schedstat
// shares cost the engine: (a) the engine's CPU over a whole short run (a 1.5 s Python program with
// 8 busy threads) with the fast start on and off, and the samples each gets; (b) one tick of one
// process with N threads with schedstat shares on and off.
// Run: node --import tsx bench/sampler/short-run.ts [rounds]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine, RUN_SAMPLE_MS } from '../../src/main/core/engine/engine';

const ROUNDS = Number(process.argv[2]) > 0 ? Number(process.argv[2]) : 7;
const PY = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
const SHORT = `
import threading, time
def spin():
    end = time.time() + 1.5
    while time.time() < end: pass
ts = [threading.Thread(target=spin) for _ in range(8)]
for t in ts: t.start()
for t in ts: t.join()
`;
const SLEEPERS = `
import sys, threading, time
for _ in range(int(sys.argv[1]) - 1): threading.Thread(target=time.sleep, args=(600,), daemon=True).start()
print("ready", flush=True)
time.sleep(600)
`;

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function shortRun(fast: boolean): Promise<{ cpu: number; samples: number; wall: number }> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-bench-short-'));
  const engine = new Engine({ stateDir, intervalMs: 1000, ...(!fast && { runStartSampleMs: RUN_SAMPLE_MS }) });
  await engine.start();
  let samples = 0;
  let done!: () => void;
  const ended = new Promise<void>((r) => (done = r));
  engine.on('run-sample', () => samples++);
  engine.on('run-exit', () => done());
  const c0 = cpuMs();
  const w0 = performance.now();
  await engine.launch({ runId: 'short', argv: [PY, '-c', SHORT], cwd: stateDir });
  await ended;
  const out = { cpu: cpuMs() - c0, samples, wall: performance.now() - w0 };
  await engine.shutdown();
  fs.rmSync(stateDir, { recursive: true, force: true });
  return out;
}

async function tickCost(n: number, schedShares: boolean): Promise<number> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-bench-sched-'));
  const script = path.join(stateDir, 'sleepers.py');
  fs.writeFileSync(script, SLEEPERS);
  const engine = new Engine({ stateDir, intervalMs: 5000, schedShares });
  const root = await engine.launch({ runId: `s${n}`, argv: [PY, script, String(n)], cwd: stateDir });
  for (let i = 0; i < 300; i++) {
    await new Promise((r) => setTimeout(r, 100));
    if (((await engine.tickNow()).threads[root.pid]?.length ?? 0) >= n) break;
  }
  for (let i = 0; i < 5; i++) await engine.tickNow();
  const cpus: number[] = [];
  for (let i = 0; i < 30; i++) {
    const c0 = cpuMs();
    await engine.tickNow();
    cpus.push(cpuMs() - c0);
  }
  await engine.shutdown();
  fs.rmSync(stateDir, { recursive: true, force: true });
  return median(cpus);
}

async function main(): Promise<void> {
  const machine = `${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${os.platform()} ${os.release()}, Node ${process.version}`;
  console.log(`# Short-run bench — ${new Date().toISOString().slice(0, 10)} — ${machine} — load ${os.loadavg()[0]!.toFixed(1)}\n`);
  const on: Array<Awaited<ReturnType<typeof shortRun>>> = [];
  const off: typeof on = [];
  // Alternated, so the machine's load swings fall on both alike.
  for (let i = 0; i < ROUNDS; i++) {
    off.push(await shortRun(false));
    on.push(await shortRun(true));
  }
  const row = (name: string, xs: typeof on) =>
    `| ${name} | ${median(xs.map((x) => x.samples))} | ${median(xs.map((x) => x.cpu)).toFixed(1)} | ${median(xs.map((x) => x.wall)).toFixed(0)} |`;
  console.log(`A 1.5 s program with 8 busy threads, median of ${ROUNDS} runs each:\n`);
  console.log('| run samples | samples per run | engine CPU per run, ms | run wall, ms |');
  console.log('|---|---:|---:|---:|');
  console.log(row(`every ${RUN_SAMPLE_MS} ms`, off));
  console.log(row('every 50 ms for the first 2.5 s', on));
  console.log('\nOne tick, one process with N sleeping threads, median of 30 ticks:\n');
  console.log('| threads | tick CPU without schedstat, ms | with schedstat shares, ms | extra µs per thread |');
  console.log('|---:|---:|---:|---:|');
  for (const n of [50, 200, 1000]) {
    const a = await tickCost(n, false);
    const b = await tickCost(n, true);
    console.log(`| ${n} | ${a.toFixed(2)} | ${b.toFixed(2)} | ${(((b - a) * 1000) / n).toFixed(1)} |`);
  }
}

void main();
