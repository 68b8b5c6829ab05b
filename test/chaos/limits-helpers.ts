import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { detectCgroups, parseProcCgroup } from '../../src/main/core/supervisor/cgroup';
import { PY } from '../integration/engine-helpers';
import { waitFor } from '../helpers/wait-for';

/**
 * A run's peak process count and memory as the kernel sees them, measured by a separate process
 * that polls the run's cgroups every few milliseconds: the engine under test shares this test's
 * event loop, so its own figures (and a timer here) are only as fresh as its ticks.
 */
const POLLER = String.raw`
import glob, json, os, signal, sys, time
v2, mem, pids, run_id = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
# hitAt: when the kernel first refused a fork (pids.events max) or OOM-killed; lastAt: the last
# time the run had a process (epoch ms, this poller's clock).
peak = {"procs": 0, "mem": 0, "hitAt": 0, "lastAt": 0}
def hits(d, name, key):
    try:
        with open(os.path.join(d, name)) as f:
            for line in f:
                k, v = line.split()[:2]
                if k == key and int(v) > 0: return True
    except (OSError, ValueError):
        pass
    return False
def done(*_):
    print(json.dumps(peak), flush=True)
    os._exit(0)
signal.signal(signal.SIGTERM, done)
print("ready", flush=True)
def find(base):
    if not base: return None
    hits = glob.glob(os.path.join(base, "proclab.*." + run_id))
    return hits[0] if hits else None
d2 = dm = dp = None
while True:
    d2 = d2 or find(v2)
    dm = dm or find(mem)
    dp = dp or find(pids)
    now = time.time() * 1000
    if not peak["hitAt"] and d2 and (hits(dp or d2, "pids.events", "max") or hits(d2, "memory.events", "oom_kill") or (dm and hits(dm, "memory.oom_control", "oom_kill"))):
        peak["hitAt"] = now
    try:
        if d2:
            with open(os.path.join(d2, "cgroup.procs")) as f:
                n = sum(1 for _ in f)
            peak["procs"] = max(peak["procs"], n)
            if n: peak["lastAt"] = now
            cur = os.path.join(d2, "memory.current")
            if os.path.exists(cur):
                with open(cur) as f: peak["mem"] = max(peak["mem"], int(f.read()))
        if dm:
            with open(os.path.join(dm, "memory.usage_in_bytes")) as f:
                peak["mem"] = max(peak["mem"], int(f.read()))
    except (FileNotFoundError, ProcessLookupError, ValueError, OSError):
        pass
    time.sleep(0.005)
`;

export interface Peaks {
  procs: number;
  mem: number;
  /** When the kernel first refused a fork or OOM-killed in the run (epoch ms; 0: never). */
  hitAt: number;
  /** The last time the run's cgroup held a process (epoch ms; 0: never seen). */
  lastAt: number;
}

export interface PeakWatch {
  stop(): Promise<Peaks>;
}

/** Starts polling the cgroups of run `runId` (made by an engine in this process); resolves once polling. */
export async function watchPeaks(runId: string): Promise<PeakWatch> {
  const layout = detectCgroups();
  const child: ChildProcess = spawn(PY, ['-c', POLLER, layout.v2Base ?? '', layout.v1MemBase ?? '', layout.v1PidsBase ?? '', runId], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`peak poller exited (${child.exitCode}) before it was ready`);
      return out.includes('ready');
    },
    10_000,
    { what: 'the peak poller to start', intervalMs: 10 },
  );
  return {
    stop: async () => {
      const closed = new Promise((r) => child.once('close', r));
      child.kill('SIGTERM');
      await closed;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) throw new Error(`peak poller said nothing: ${out}`);
      return JSON.parse(line) as Peaks;
    },
  };
}

/**
 * Puts this test process (and so every run its engine starts, whose cgroups nest under it) into
 * a v1 pids cgroup capped at `max` tasks, so a fork bomb that the code under test fails to hold
 * cannot take the machine's pids. Returns how to undo it, or a reason why it cannot.
 */
export function pidsGuard(max: number): { undo(): void } | string {
  const mount = '/sys/fs/cgroup/pids';
  if (!fs.existsSync(path.join(mount, 'cgroup.procs'))) return 'no v1 pids hierarchy to guard the fork bomb with';
  const mine = parseProcCgroup(fs.readFileSync('/proc/self/cgroup', 'utf8')).v1.get('pids');
  if (mine === undefined) return 'this process is in no v1 pids cgroup';
  const home = path.join(mount, mine);
  const guard = path.join(home, `limits-guard-${process.pid}`);
  try {
    fs.mkdirSync(guard);
    fs.writeFileSync(path.join(guard, 'pids.max'), String(max));
    fs.writeFileSync(path.join(guard, 'cgroup.procs'), String(process.pid));
  } catch (e) {
    return `cannot make a guard pids cgroup: ${(e as Error).message}`;
  }
  return {
    undo: () => {
      fs.writeFileSync(path.join(home, 'cgroup.procs'), String(process.pid));
      const end = Date.now() + 5000;
      for (;;) {
        try {
          fs.rmdirSync(guard);
          return;
        } catch (e) {
          if (Date.now() > end) throw e;
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
        }
      }
    },
  };
}
