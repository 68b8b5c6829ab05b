import fs from 'node:fs';
import path from 'node:path';
import type { MemorySource } from '../../../shared/model';

/**
 * Run containment through cgroups: the one place that knows where cgroups are mounted, which
 * ones this process is in and what each file means. A run gets its own cgroup (v2, for
 * membership and `cgroup.kill`) and, where the v2 tree has no memory or pids controller for it,
 * a v1 memory and a v1 pids cgroup beside it (memory as the kernel counts it; the kernel-held
 * limits). The launcher joins them all before exec'ing the program, so every descendant —
 * setsid, double fork, new group — stays inside.
 *
 * Directory names carry the owning instance (pid + start time) so that a later start can find
 * a dead instance's runs without any journal: `proclab.<pid>.<startTime>.<runId>`.
 */

export interface Instance {
  pid: number;
  startTime: number;
}

export interface CgroupLayout {
  /** Parent folder of the runs' v2 cgroups (this process's own v2 cgroup). */
  v2Base: string | null;
  /** Parent folder of the runs' v1 memory cgroups, when v2 has no memory controller for them. */
  v1MemBase: string | null;
  /** Parent folder of the runs' v1 pids cgroups, when v2 has no pids controller for them. */
  v1PidsBase?: string | null;
}

/** The kernel-held limits one run's cgroups were given, and the kernel's counters of hitting them. */
export interface KernelLimits {
  /** pids.max as written (tasks: processes and threads), or null when the kernel does not hold it. */
  pidsMax: number | null;
  /** The memory limit as written, or null when the kernel does not hold it. */
  memMax: number | null;
}

/** How often the kernel refused a fork at pids.max, and how many OOM kills the memory limit caused. */
export interface LimitHits {
  pids: number;
  oom: number;
}

const PREFIX = 'proclab.';

/** cgroup mount points from /proc/self/mountinfo: the v2 one, and v1 ones by controller. */
export function parseMountinfo(text: string): { v2: string | null; v1: Map<string, string> } {
  let v2: string | null = null;
  const v1 = new Map<string, string>();
  for (const line of text.split('\n')) {
    // "<id> <parent> <maj:min> <root> <mount point> <opts> [optional...] - <fstype> <source> <super opts>"
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    const left = line.slice(0, sep).split(' ');
    const [fstype, , superOpts] = line.slice(sep + 3).split(' ');
    const mountPoint = unescapeMount(left[4] ?? '');
    if (left[3] !== '/') continue; // a bind of a sub-tree: paths from /proc/self/cgroup would not line up
    if (fstype === 'cgroup2') v2 ??= mountPoint;
    else if (fstype === 'cgroup') for (const opt of (superOpts ?? '').split(',')) if (!v1.has(opt)) v1.set(opt, mountPoint);
  }
  return { v2, v1 };
}

const unescapeMount = (s: string): string => s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));

/** /proc/<pid>/cgroup: the v2 path ("0::/x") and the v1 path per controller. */
export function parseProcCgroup(text: string): { v2: string | null; v1: Map<string, string> } {
  let v2: string | null = null;
  const v1 = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line);
    if (!m) continue;
    const [, hier, ctrls, p] = m as unknown as [string, string, string, string];
    if (hier === '0' && ctrls === '') v2 = p;
    else for (const c of ctrls.split(',')) if (c) v1.set(c, p);
  }
  return { v2, v1 };
}

function tryMkdirProbe(base: string): boolean {
  const probe = path.join(base, `${PREFIX}probe-${process.pid}`);
  try {
    fs.mkdirSync(probe);
    fs.rmdirSync(probe);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where this machine lets ProcLab make cgroups: under its own v2 cgroup if it may create
 * children there (root, or a delegated tree), and under its own v1 memory cgroup for memory
 * when the v2 tree has no memory controller to give. Read once; `PROCLAB_CGROUP=off` turns it
 * off (to exercise the fallback).
 */
export function detectCgroups(): CgroupLayout {
  const none: CgroupLayout = { v2Base: null, v1MemBase: null, v1PidsBase: null };
  if (process.platform !== 'linux' || process.env.PROCLAB_CGROUP === 'off') return none;
  let mounts: ReturnType<typeof parseMountinfo>;
  let mine: ReturnType<typeof parseProcCgroup>;
  try {
    mounts = parseMountinfo(fs.readFileSync('/proc/self/mountinfo', 'utf8'));
    mine = parseProcCgroup(fs.readFileSync('/proc/self/cgroup', 'utf8'));
  } catch {
    return none;
  }
  let v2Base: string | null = null;
  if (mounts.v2 && mine.v2 !== null) {
    const base = path.join(mounts.v2, mine.v2);
    if (fs.existsSync(path.join(base, 'cgroup.procs')) && tryMkdirProbe(base)) v2Base = base;
  }
  if (!v2Base) return none; // without v2 membership there is no containment to build on
  const subtree = (readText(path.join(v2Base, 'cgroup.subtree_control')) ?? '').split(/\s+/);
  const v1Base = (ctrl: string, probeFile: string): string | null => {
    const mount = mounts.v1.get(ctrl);
    const at = mine.v1.get(ctrl);
    if (subtree.includes(ctrl) || !mount || at === undefined) return null;
    const base = path.join(mount, at);
    return fs.existsSync(path.join(base, probeFile)) && tryMkdirProbe(base) ? base : null;
  };
  // The root of a v1 pids hierarchy has no pids.max of its own, but its children do.
  return { v2Base, v1MemBase: v1Base('memory', 'memory.usage_in_bytes'), v1PidsBase: v1Base('pids', 'cgroup.procs') };
}

function rmdirGone(dir: string): boolean {
  try {
    fs.rmdirSync(dir);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

function writeText(file: string, text: string): boolean {
  try {
    fs.writeFileSync(file, text);
    return true;
  } catch {
    return false;
  }
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export const runCgroupName = (inst: Instance, runId: string): string => `${PREFIX}${inst.pid}.${inst.startTime}.${runId}`;

/** `proclab.<pid>.<start>.<runId>` → its parts, or null for anything else. */
export function parseRunCgroupName(name: string): { owner: Instance; runId: string } | null {
  const m = /^proclab\.(\d+)\.(\d+)\.([A-Za-z0-9_-]{1,64})$/.exec(name);
  return m ? { owner: { pid: Number(m[1]), startTime: Number(m[2]) }, runId: m[3] as string } : null;
}

/** One run's cgroup(s). */
export class RunCgroup {
  /** What the kernel holds for this run (set by `applyLimits`). */
  kernel: KernelLimits = { pidsMax: null, memMax: null };

  constructor(
    readonly dir: string,
    /** The v1 memory cgroup beside it, if memory is counted there. */
    readonly memDir: string | null,
    /** The v1 pids cgroup beside it, if the v2 tree has no pids controller. */
    readonly pidsDir: string | null = null,
  ) {}

  private get v1Dirs(): string[] {
    return [this.memDir, this.pidsDir].filter((d): d is string => d !== null);
  }

  /** The cgroup.procs files the launcher writes its own pid to before exec. */
  procsFiles(): string[] {
    return [this.dir, ...this.v1Dirs].map((d) => path.join(d, 'cgroup.procs'));
  }

  /** The file whose `1` kills everything inside (v2). */
  get killFile(): string {
    return path.join(this.dir, 'cgroup.kill');
  }

  /** Where pids.max / pids.events live for this run: the v2 cgroup if its controller is on, else the v1 one. */
  private get pidsCtl(): string | null {
    if (fs.existsSync(path.join(this.dir, 'pids.max'))) return this.dir;
    return this.pidsDir;
  }

  /**
   * Hands the limits to the kernel where it can hold them: `pids.max` (it counts tasks, so
   * threads too) and the memory limit (v2 memory.max; v1 limit_in_bytes, and memsw at the same
   * value where swap accounting exists, so swapping out does not stretch it). A limit that cannot
   * be written stays the sampler's to enforce (`kernel` says which).
   */
  applyLimits(pidsMax: number, memMax: number): KernelLimits {
    const pidsCtl = this.pidsCtl;
    if (pidsCtl && writeText(path.join(pidsCtl, 'pids.max'), String(pidsMax))) this.kernel.pidsMax = pidsMax;
    if (fs.existsSync(path.join(this.dir, 'memory.max'))) {
      if (writeText(path.join(this.dir, 'memory.max'), String(memMax))) {
        writeText(path.join(this.dir, 'memory.swap.max'), '0');
        this.kernel.memMax = memMax;
      }
    } else if (this.memDir && writeText(path.join(this.memDir, 'memory.limit_in_bytes'), String(memMax))) {
      const memsw = path.join(this.memDir, 'memory.memsw.limit_in_bytes');
      if (fs.existsSync(memsw)) writeText(memsw, String(memMax));
      this.kernel.memMax = memMax;
    }
    return this.kernel;
  }

  /** Changes pids.max of a running run (room for its threads); false if it could not. */
  setPidsMax(n: number): boolean {
    const ctl = this.pidsCtl;
    if (!ctl || this.kernel.pidsMax === null || !writeText(path.join(ctl, 'pids.max'), String(n))) return false;
    this.kernel.pidsMax = n;
    return true;
  }

  /** Tasks (processes and threads) the kernel counts against pids.max now, or null. */
  tasks(): number | null {
    const ctl = this.pidsCtl;
    const v = ctl ? readText(path.join(ctl, 'pids.current')) : null;
    return v === null ? null : Number(v);
  }

  /** The kernel's counts of refused forks (pids.events `max`) and OOM kills (memory.events / v1 oom_control). */
  limitHits(): LimitHits {
    const ctl = this.pidsCtl;
    const pids = ctl ? statField(readText(path.join(ctl, 'pids.events')) ?? '', 'max') : 0;
    let oom = 0;
    const v2 = readText(path.join(this.dir, 'memory.events'));
    if (v2 !== null) oom = statField(v2, 'oom_kill');
    else if (this.memDir) oom = statField(readText(path.join(this.memDir, 'memory.oom_control')) ?? '', 'oom_kill');
    return { pids, oom };
  }

  get memorySource(): MemorySource | null {
    if (fs.existsSync(path.join(this.dir, 'memory.current'))) return 'cgroup-v2';
    return this.memDir ? 'cgroup-v1' : null;
  }

  /** Every process in the run now, wherever it moved in the tree. */
  pids(): number[] {
    return parsePids(readText(path.join(this.dir, 'cgroup.procs')) ?? '');
  }

  /** False once the last process left (zombies do not count: they have exited). */
  populated(): boolean {
    const events = readText(path.join(this.dir, 'cgroup.events'));
    if (events === null) return false;
    return /^populated 1$/m.test(events);
  }

  /**
   * The run's memory as the kernel charges it, in bytes, or null if not available. v1's usage
   * includes page cache the kernel can drop at once; its inactive file pages are taken off, as
   * `docker stats` does, so reading a big file is not "memory".
   */
  memoryBytes(): number | null {
    const cur = readText(path.join(this.dir, 'memory.current'));
    if (cur !== null) {
      const stat = readText(path.join(this.dir, 'memory.stat')) ?? '';
      return Math.max(0, Number(cur) - statField(stat, 'inactive_file'));
    }
    if (!this.memDir) return null;
    const usage = readText(path.join(this.memDir, 'memory.usage_in_bytes'));
    if (usage === null) return null;
    const stat = readText(path.join(this.memDir, 'memory.stat')) ?? '';
    return Math.max(0, Number(usage) - statField(stat, 'total_inactive_file'));
  }

  /**
   * Freezes (true) or thaws (false) everything inside (v2 cgroup.freeze); false where the kernel
   * lacks it. Signals sent meanwhile wait and are met at the thaw, before any process runs on.
   */
  freeze(on: boolean): boolean {
    return writeText(path.join(this.dir, 'cgroup.freeze'), on ? '1' : '0');
  }

  /** True once every process inside is frozen (the kernel freezes them one by one after `freeze(true)`). */
  frozen(): boolean {
    return /^frozen 1$/m.test(readText(path.join(this.dir, 'cgroup.events')) ?? '');
  }

  /** SIGKILL to every process inside at once (v2 cgroup.kill); false where the kernel lacks it. */
  kill(): boolean {
    try {
      fs.writeFileSync(path.join(this.dir, 'cgroup.kill'), '1');
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Removes the (empty) cgroups; true when nothing is left. The v1 ones first: a v1 cgroup can
   * stay busy a moment after its last task has gone, and while one is left the v2 one stays,
   * so that leftover cleanup (which finds runs by their v2 name) still finds them all.
   */
  remove(): boolean {
    let ok = true;
    for (const d of this.v1Dirs) ok = rmdirGone(d) && ok;
    return ok && rmdirGone(this.dir);
  }

  /** remove(), and again a few times over the next seconds while a cgroup is still busy. */
  removeSoon(tries = 20, everyMs = 100): void {
    if (this.remove() || tries <= 0) return;
    setTimeout(() => this.removeSoon(tries - 1, everyMs), everyMs).unref();
  }
}

export const parsePids = (text: string): number[] =>
  text
    .split('\n')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);

function statField(stat: string, key: string): number {
  const m = new RegExp(`^${key} (\\d+)$`, 'm').exec(stat);
  return m ? Number(m[1]) : 0;
}

/** Makes and removes runs' cgroups for one ProcLab instance, and finds dead instances' ones. */
export class Cgroups {
  constructor(
    readonly layout: CgroupLayout,
    readonly self: Instance,
  ) {}

  get available(): boolean {
    return this.layout.v2Base !== null;
  }

  /** How a run's cgroup counts memory here, or null when it cannot (no memory controller for it). */
  memorySource(): MemorySource | null {
    const { v2Base, v1MemBase } = this.layout;
    if (!v2Base) return null;
    if (v1MemBase) return 'cgroup-v1';
    return (readText(path.join(v2Base, 'cgroup.subtree_control')) ?? '').split(/\s+/).includes('memory') ? 'cgroup-v2' : null;
  }

  /** A fresh cgroup for a run, or null where cgroups are not available (or creation failed). */
  create(runId: string): RunCgroup | null {
    const { v2Base, v1MemBase, v1PidsBase } = this.layout;
    if (!v2Base) return null;
    const name = runCgroupName(this.self, runId);
    const dir = path.join(v2Base, name);
    try {
      fs.mkdirSync(dir);
    } catch {
      return null;
    }
    const beside = (base: string | null | undefined): string | null => {
      if (!base) return null;
      try {
        fs.mkdirSync(path.join(base, name));
        return path.join(base, name);
      } catch {
        return null;
      }
    };
    return new RunCgroup(dir, beside(v1MemBase), beside(v1PidsBase));
  }

  /** Run cgroups of other instances (dead or alive: the caller checks), with their owner. */
  foreignRuns(): Array<{ owner: Instance; runId: string; cg: RunCgroup }> {
    const { v2Base, v1MemBase, v1PidsBase } = this.layout;
    if (!v2Base) return [];
    const list = (base: string | null | undefined): string[] => {
      try {
        return base ? fs.readdirSync(base).filter((n) => n.startsWith(PREFIX)) : [];
      } catch {
        return [];
      }
    };
    // v1 ones whose v2 cgroup is gone too (left by an older version that removed the v2 one first).
    const names = [...new Set([...list(v2Base), ...list(v1MemBase), ...list(v1PidsBase)])];
    const out: Array<{ owner: Instance; runId: string; cg: RunCgroup }> = [];
    for (const n of names) {
      const parsed = parseRunCgroupName(n);
      if (!parsed) continue;
      if (parsed.owner.pid === this.self.pid && parsed.owner.startTime === this.self.startTime) continue;
      const beside = (base: string | null | undefined): string | null =>
        base && fs.existsSync(path.join(base, n)) ? path.join(base, n) : null;
      out.push({ ...parsed, cg: new RunCgroup(path.join(v2Base, n), beside(v1MemBase), beside(v1PidsBase)) });
    }
    return out;
  }
}
