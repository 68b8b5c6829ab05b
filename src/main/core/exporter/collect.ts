import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CPU_MODES,
  isWholeDisk,
  listPids,
  parseCpuModes,
  parseDiskstats,
  parseMemDetail,
  parseNetDev,
  parsePressure,
  procConstants,
  readProcIo,
  readStatOnce,
  readText,
  type StatFields,
} from '../procfs';
import { LiveJournal } from '../supervisor/journal';
import { GroupCounters } from './counters';
import { renderExposition, type MetricFamily, type Sample } from './exposition';
import { procKey } from '../../../shared/proc-key';
import { STATE_OF_LETTER } from '../../../shared/proc-state';

/** Beyond this many process names, new names share the group "other": label cardinality stays bounded. */
export const MAX_GROUPS = 256;
export const OTHER_GROUP = 'other';

/**
 * Each process's group: its name while the groups (those already counted and those this scrape
 * adds) stay within `max`, else "other". Counted as names are added, so a burst of new names
 * before one scrape cannot pass the cap together.
 */
export function chooseGroups(comms: readonly string[], known: { has(g: string): boolean; size: number }, max = MAX_GROUPS): string[] {
  const added = new Set<string>();
  return comms.map((comm) => {
    const name = comm || '?';
    if (known.has(name) || added.has(name)) return name;
    if (known.size + added.size >= max) return OTHER_GROUP;
    added.add(name);
    return name;
  });
}
const STATES = ['running', 'sleeping', 'disk-wait', 'stopped', 'zombie', 'idle', 'other'];

interface ProcFacts {
  key: string;
  st: StatFields;
  io: { read: number; write: number } | null;
}

const family = (name: string, type: MetricFamily['type'], help: string, samples: Sample[]): MetricFamily => ({ name, type, help, samples });

/**
 * Everything `/metrics` says, read straight from /proc at scrape time (the scraper sets the pace,
 * not a ticking engine): machine CPU per core and mode, memory, swap, load, PSI, disks and
 * interfaces; per process *group* (by name, like process-exporter) CPU, memory, threads, states
 * and I/O; per live ProcLab run (from the instances' leftover journals in the data folder); and
 * the exporter's own scrape duration.
 */
export class MetricsCollector {
  private readonly groupCpu = new GroupCounters(2);
  private readonly groupIo = new GroupCounters(2);
  private readonly runCpu = new GroupCounters(2);
  private scrapes = 0;
  private readonly clkTck: number;
  private readonly pageSize: number;
  private readonly bootS: number;

  constructor(private readonly opts: { dataDir?: string } = {}) {
    const c = procConstants();
    this.clkTck = c.clkTck;
    this.pageSize = c.pageSize;
    this.bootS = c.bootMs / 1000;
  }

  /** One scrape: the exposition text. */
  scrape(): string {
    const t0 = performance.now();
    const families = [...this.machine(), ...this.processes()];
    this.scrapes++;
    families.push(
      family('proclab_exporter_scrape_duration_seconds', 'gauge', 'How long collecting this scrape took.', [
        { value: (performance.now() - t0) / 1000 },
      ]),
      family('proclab_exporter_scrapes_total', 'counter', 'Scrapes served since the exporter started.', [{ value: this.scrapes }]),
    );
    return renderExposition(families);
  }

  private machine(): MetricFamily[] {
    const out: MetricFamily[] = [];
    const stat = readText('/proc/stat');
    if (stat) {
      const modes = parseCpuModes(stat);
      const samples: Sample[] = [];
      modes.cores.forEach((c, i) => {
        for (const m of CPU_MODES) samples.push({ labels: { cpu: String(i), mode: m }, value: c[m] / this.clkTck });
      });
      out.push(family('proclab_cpu_seconds_total', 'counter', 'CPU time per core and mode (/proc/stat).', samples));
    }
    const memText = readText('/proc/meminfo');
    if (memText) {
      const m = parseMemDetail(memText);
      const g = (name: string, help: string, v: number) => out.push(family(name, 'gauge', help, [{ value: v }]));
      g('proclab_memory_total_bytes', 'Physical memory (MemTotal).', m.total);
      g('proclab_memory_available_bytes', 'Memory available for new work without swapping (MemAvailable).', m.available);
      g('proclab_memory_used_bytes', 'Memory held by programs: total - free - buffers - cached.', m.used);
      g('proclab_memory_free_bytes', 'Unused memory (MemFree).', m.free);
      g('proclab_memory_buffers_bytes', 'Block device buffers (Buffers).', m.buffers);
      g('proclab_memory_cached_bytes', 'Page cache and reclaimable slab, minus shared memory.', m.cached);
      g('proclab_swap_total_bytes', 'Swap space (SwapTotal).', m.swapTotal);
      g('proclab_swap_used_bytes', 'Swap in use (SwapTotal - SwapFree).', m.swapUsed);
    }
    const [l1, l5, l15] = os.loadavg();
    out.push(
      family('proclab_load1', 'gauge', '1-minute load average.', [{ value: l1 ?? 0 }]),
      family('proclab_load5', 'gauge', '5-minute load average.', [{ value: l5 ?? 0 }]),
      family('proclab_load15', 'gauge', '15-minute load average.', [{ value: l15 ?? 0 }]),
      family('proclab_boot_time_seconds', 'gauge', 'When the machine booted, seconds since the epoch.', [{ value: this.bootS }]),
    );
    const psi: Sample[] = [];
    for (const res of ['cpu', 'memory', 'io']) {
      const p = parsePressure(readText(`/proc/pressure/${res}`) ?? '');
      if (!p) continue;
      psi.push({ labels: { resource: res, kind: 'some' }, value: p.some.totalUs / 1e6 });
      if (p.full) psi.push({ labels: { resource: res, kind: 'full' }, value: p.full.totalUs / 1e6 });
    }
    if (psi.length)
      out.push(
        family(
          'proclab_pressure_stalled_seconds_total',
          'counter',
          'Time some (or, for kind="full", all non-idle) tasks were stalled on the resource (PSI, /proc/pressure).',
          psi,
        ),
      );
    const disks = parseDiskstats(readText('/proc/diskstats') ?? '').filter((d) => isWholeDisk(d.device));
    if (disks.length)
      out.push(
        family(
          'proclab_disk_read_bytes_total',
          'counter',
          'Bytes read per whole disk (/proc/diskstats).',
          disks.map((d) => ({ labels: { device: d.device }, value: d.readBytes })),
        ),
        family(
          'proclab_disk_written_bytes_total',
          'counter',
          'Bytes written per whole disk (/proc/diskstats).',
          disks.map((d) => ({ labels: { device: d.device }, value: d.writeBytes })),
        ),
      );
    const nets = parseNetDev(readText('/proc/net/dev') ?? '');
    if (nets.length)
      out.push(
        family(
          'proclab_network_receive_bytes_total',
          'counter',
          'Bytes received per interface (/proc/net/dev).',
          nets.map((n) => ({ labels: { device: n.iface }, value: n.rxBytes })),
        ),
        family(
          'proclab_network_transmit_bytes_total',
          'counter',
          'Bytes sent per interface (/proc/net/dev).',
          nets.map((n) => ({ labels: { device: n.iface }, value: n.txBytes })),
        ),
      );
    return out;
  }

  private processes(): MetricFamily[] {
    const procs: ProcFacts[] = [];
    for (const pid of listPids()) {
      const st = readStatOnce(pid);
      if (!st) continue;
      const io = st.stateChar === 'Z' ? null : readProcIo(pid);
      procs.push({ key: procKey(pid, st.startTime), st, io: io && { read: io.readBytes, write: io.writeBytes } });
    }
    const groupOf = new Map<ProcFacts, string>();
    const names = chooseGroups(
      procs.map((p) => p.st.comm),
      this.groupCpu,
    );
    procs.forEach((p, i) => groupOf.set(p, names[i]!));
    const tck = this.clkTck;
    this.groupCpu.update(procs.map((p) => ({ key: p.key, group: groupOf.get(p)!, values: [p.st.utime / tck, p.st.stime / tck] })));
    this.groupIo.update(procs.filter((p) => p.io).map((p) => ({ key: p.key, group: groupOf.get(p)!, values: [p.io!.read, p.io!.write] })));

    const gauges = new Map<string, { procs: number; threads: number; rss: number; states: Map<string, number> }>();
    for (const p of procs) {
      const g = groupOf.get(p)!;
      let a = gauges.get(g);
      if (!a) gauges.set(g, (a = { procs: 0, threads: 0, rss: 0, states: new Map() }));
      a.procs++;
      a.threads += p.st.numThreads;
      a.rss += p.st.rssPages * this.pageSize;
      const s = (STATE_OF_LETTER as Readonly<Record<string, string>>)[p.st.stateChar] ?? 'other';
      a.states.set(s, (a.states.get(s) ?? 0) + 1);
    }
    // Groups whose processes all ended keep their counters (monotonic) and read 0 in the gauges.
    const groups = this.groupCpu.groups().sort();
    const lab = (group: string, extra: Record<string, string> = {}) => ({ group, ...extra });
    const cpu: Sample[] = [];
    const io: Sample[] = [];
    const written: Sample[] = [];
    const count: Sample[] = [];
    const threads: Sample[] = [];
    const rss: Sample[] = [];
    const states: Sample[] = [];
    for (const g of groups) {
      const [u, s] = this.groupCpu.get(g) as [number, number];
      cpu.push({ labels: lab(g, { mode: 'user' }), value: u }, { labels: lab(g, { mode: 'system' }), value: s });
      const [r, w] = this.groupIo.get(g) as [number, number];
      io.push({ labels: lab(g), value: r });
      written.push({ labels: lab(g), value: w });
      const a = gauges.get(g);
      count.push({ labels: lab(g), value: a?.procs ?? 0 });
      threads.push({ labels: lab(g), value: a?.threads ?? 0 });
      rss.push({ labels: lab(g), value: a?.rss ?? 0 });
      for (const st of STATES) states.push({ labels: lab(g, { state: st }), value: a?.states.get(st) ?? 0 });
    }
    return [
      family('proclab_group_cpu_seconds_total', 'counter', 'CPU time of the processes of a group (by process name), user and system.', cpu),
      family(
        'proclab_group_read_bytes_total',
        'counter',
        'Bytes the processes of a group made storage read (/proc/<pid>/io read_bytes).',
        io,
      ),
      family(
        'proclab_group_written_bytes_total',
        'counter',
        'Bytes the processes of a group sent to storage (/proc/<pid>/io write_bytes).',
        written,
      ),
      family('proclab_group_processes', 'gauge', 'Processes in a group now.', count),
      family('proclab_group_threads', 'gauge', 'Threads of the processes in a group.', threads),
      family('proclab_group_resident_memory_bytes', 'gauge', 'Resident memory (RSS) of the processes in a group.', rss),
      family('proclab_group_state_processes', 'gauge', 'Processes of a group per scheduling state (zombies included).', states),
      ...this.runs(procs),
    ];
  }

  /** Live runs of every ProcLab instance using the data folder: their journals list each run's live processes. */
  private runs(procs: ProcFacts[]): MetricFamily[] {
    if (!this.opts.dataDir) return [];
    const byKey = new Map(procs.map((p) => [p.key, p]));
    const members = new Map<string, ProcFacts[]>();
    for (const j of new LiveJournal(path.join(this.opts.dataDir, 'state')).readAll())
      for (const e of j.live) {
        const p = byKey.get(procKey(e.pid, e.startTime));
        if (!p) continue; // ended since the journal was written (or the pid was reused)
        const list = members.get(e.runId) ?? [];
        list.push(p);
        members.set(e.runId, list);
      }
    const tck = this.clkTck;
    this.runCpu.update(
      [...members].flatMap(([run, ps]) => ps.map((p) => ({ key: p.key, group: run, values: [p.st.utime / tck, p.st.stime / tck] }))),
    );
    const runIds = [...members.keys()].sort();
    const per = (f: (ps: ProcFacts[]) => number): Sample[] => runIds.map((run) => ({ labels: { run }, value: f(members.get(run)!) }));
    return [
      family(
        'proclab_run_cpu_seconds_total',
        'counter',
        'CPU time of a live ProcLab run, user and system.',
        runIds.flatMap((run) => {
          const [u, s] = this.runCpu.get(run) as [number, number];
          return [
            { labels: { run, mode: 'user' }, value: u },
            { labels: { run, mode: 'system' }, value: s },
          ];
        }),
      ),
      family(
        'proclab_run_processes',
        'gauge',
        'Live processes of a ProcLab run.',
        per((ps) => ps.length),
      ),
      family(
        'proclab_run_threads',
        'gauge',
        'Threads of a live ProcLab run.',
        per((ps) => ps.reduce((a, p) => a + p.st.numThreads, 0)),
      ),
      family(
        'proclab_run_resident_memory_bytes',
        'gauge',
        'Resident memory (RSS) of a live ProcLab run.',
        per((ps) => ps.reduce((a, p) => a + p.st.rssPages * this.pageSize, 0)),
      ),
    ];
  }
}
