import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  classifyFdTarget,
  cpuModeShares,
  decodeAddr,
  isWholeDisk,
  mainCgroup,
  parseCgroup,
  parseCpuModes,
  parseDiskstats,
  parseLimits,
  parseMemDetail,
  parseNetDev,
  parseNetSockets,
  parsePressure,
  parseProcIo,
  parseSsTcpInfo,
  parseStat,
  parseStatm,
  parseUptime,
} from '../../../../src/main/core/procfs';
import { RowDetails } from '../../../../src/main/core/sampler/row-details';
import type { ProcRow } from '../../../../src/shared/model';
import { RateTracker } from '../../../../src/main/core/sampler/rates';

// Real files captured from a Linux 6.x machine (addresses and ids only changed where noted).
const fx = (name: string): string => fs.readFileSync(path.join(__dirname, '..', '..', '..', 'fixtures', 'procfs', name), 'utf8');

describe('/proc/<pid>/stat priority and nice', () => {
  it('reads fields 18 and 19, negative nice included', () => {
    const tail =
      '1 1 0 -1 4194560 500 0 0 0 75 25 0 0 15 -5 9 0 33875 3133440 382 0 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0';
    const s = parseStat(`42 (x) S 1 ${tail}\n`)!;
    expect(s.priority).toBe(15);
    expect(s.nice).toBe(-5);
    expect(s.numThreads).toBe(9);
    expect(s.vsizeBytes).toBe(3133440);
  });
});

describe('VIRT and SHR (htop): /proc/<pid>/stat vsize and /proc/<pid>/statm shared', () => {
  it('parses statm in pages, refusing anything else', () => {
    expect(parseStatm('2345 382 301 5 0 120 0\n')).toEqual({ size: 2345, resident: 382, shared: 301 });
    expect(parseStatm('')).toBeNull();
    expect(parseStatm('a b c')).toBeNull();
    expect(parseStatm('1 -2 3')).toBeNull();
  });
  it.runIf(process.platform === 'linux')('gives every row VIRT and the rows asked for SHR, in bytes', () => {
    const st = parseStat(fs.readFileSync(`/proc/${process.pid}/stat`, 'latin1'))!;
    const row = (): ProcRow => ({ pid: process.pid, startTime: st.startTime }) as ProcRow;
    const asked = row();
    const notAsked = row();
    const details = new RowDetails();
    details.enrich(
      [asked],
      () => st,
      () => true,
      Date.now(),
    );
    details.enrich(
      [notAsked],
      () => st,
      () => false,
      Date.now(),
    );
    expect(asked.virt).toBe(st.vsizeBytes);
    expect(asked.virt!).toBeGreaterThan(asked.shr!);
    expect(asked.shr!).toBeGreaterThan(0);
    expect(asked.shr! % 4096).toBe(0);
    expect(notAsked.virt).toBe(st.vsizeBytes);
    expect(notAsked.shr).toBeUndefined();
  });
});

describe('parseProcIo', () => {
  it('reads the byte counters', () => {
    expect(parseProcIo(fx('io.txt'))).toEqual({
      rchar: 52432896,
      wchar: 52428800,
      readBytes: 4096,
      writeBytes: 52428800,
      cancelledWriteBytes: 0,
    });
  });
  it('is null for something else', () => {
    expect(parseProcIo('Name: x\n')).toBeNull();
  });
});

describe('parseDiskstats', () => {
  it('reads sectors as 512-byte units and keeps whole disks only when filtered', () => {
    const all = parseDiskstats(fx('diskstats.txt'));
    expect(all.map((d) => d.device)).toEqual(['loop0', 'vda', 'vda1', 'nvme0n1', 'nvme0n1p1']);
    const vda = all.find((d) => d.device === 'vda')!;
    expect(vda).toEqual({ device: 'vda', reads: 10731, readBytes: 1103690 * 512, writes: 19508, writeBytes: 2217354 * 512, ioMs: 27016 });
    expect(all.filter((d) => isWholeDisk(d.device)).map((d) => d.device)).toEqual(['vda', 'nvme0n1']);
  });
});

describe('parseNetDev', () => {
  it('skips the headers and reads receive/transmit columns', () => {
    const n = parseNetDev(fx('net-dev.txt'));
    expect(n.map((i) => i.iface)).toEqual(['lo', 'eth0']);
    expect(n[1]).toEqual({
      iface: 'eth0',
      rxBytes: 263793975,
      rxPackets: 6368,
      rxErrors: 2,
      txBytes: 611538,
      txPackets: 4639,
      txErrors: 1,
    });
  });
});

describe('parseNetSockets', () => {
  it('decodes IPv4 words, ports, states, uid and inode', () => {
    const s = parseNetSockets(fx('net-tcp.txt'), 'tcp');
    expect(s).toHaveLength(4);
    expect(s[0]).toMatchObject({ local: { addr: '127.0.0.1', port: 50191 }, state: 'LISTEN', inode: 9953 });
    expect(s[2]).toMatchObject({ remote: { addr: '127.0.0.1', port: 60982 }, state: 'ESTABLISHED', uid: 1000, inode: 9956 });
    expect(s[3]).toMatchObject({ local: { addr: '192.0.2.2' }, remote: { addr: '203.0.113.80', port: 80 }, state: 'TIME_WAIT' });
  });
  it('decodes IPv6, v4-mapped and queues', () => {
    const s = parseNetSockets(fx('net-tcp6.txt'), 'tcp6');
    expect(s[0]).toMatchObject({ local: { addr: '::1', port: 57361 }, remote: { addr: '::', port: 0 }, state: 'LISTEN' });
    expect(s[1]).toMatchObject({ local: { addr: '::ffff:127.0.0.1', port: 8080 }, txQueue: 16 });
    expect(s[2]!.local.addr).toBe('2001:db8::1');
  });
  it('reads UDP (unconnected sockets are CLOSE)', () => {
    const s = parseNetSockets(fx('net-udp.txt'), 'udp');
    expect(s.map((x) => [x.local.port, x.state, x.rxQueue])).toEqual([
      [68, 'CLOSE', 0],
      [40000, 'ESTABLISHED', 512],
    ]);
  });
  it('decodes single addresses', () => {
    expect(decodeAddr('0100007F')).toBe('127.0.0.1');
    expect(decodeAddr('00000000000000000000000000000000')).toBe('::');
  });
});

describe('classifyFdTarget', () => {
  it('names the kinds of descriptor', () => {
    expect(classifyFdTarget('socket:[9953]')).toEqual({ kind: 'socket', inode: 9953 });
    expect(classifyFdTarget('pipe:[11447]')).toEqual({ kind: 'pipe', inode: 11447 });
    expect(classifyFdTarget('anon_inode:[eventfd]').kind).toBe('anon');
    expect(classifyFdTarget('/dev/null').kind).toBe('device');
    expect(classifyFdTarget('/tmp/x (deleted)').kind).toBe('file');
  });
});

describe('parseCpuModes / cpuModeShares', () => {
  it('splits every cpu line by mode', () => {
    const s = parseCpuModes(fx('stat.txt'));
    expect(s.cores).toHaveLength(2);
    expect(s.all).toEqual({ user: 5505, nice: 10, system: 4057, idle: 40281, iowait: 147, irq: 3, softirq: 81, steal: 1789 });
    expect(s.cores[1]!.steal).toBe(910);
  });
  it('gives shares of the time between two readings', () => {
    const a = parseCpuModes(fx('stat.txt')).all;
    const b = { ...a, user: a.user + 30, system: a.system + 10, idle: a.idle + 50, steal: a.steal + 10 };
    const s = cpuModeShares(a, b);
    expect(s).toMatchObject({ user: 30, system: 10, idle: 50, steal: 10, nice: 0, iowait: 0 });
    expect(cpuModeShares(undefined, b).user).toBe(0);
    expect(cpuModeShares(a, a).idle).toBe(0);
  });
});

describe('parseMemDetail', () => {
  it('counts used/buffers/cached as free(1) and htop do, and swap', () => {
    const m = parseMemDetail(fx('meminfo.txt'));
    const k = 1024;
    expect(m.total).toBe(24683584 * k);
    expect(m.cached).toBe((902404 + 69192 - 9356) * k);
    expect(m.used).toBe((24683584 - 23409756 - 15540 - (902404 + 69192 - 9356)) * k);
    expect(m).toMatchObject({
      buffers: 15540 * k,
      available: 24145284 * k,
      swapTotal: 2097148 * k,
      swapUsed: 97148 * k,
      swapCached: 1024 * k,
    });
  });
});

describe('parseUptime', () => {
  it('reads both numbers', () => {
    expect(parseUptime(fx('uptime.txt'))).toEqual({ uptimeS: 259.09, idleS: 402.81 });
    expect(parseUptime('')).toBeNull();
  });
});

describe('parsePressure', () => {
  it('reads some and full', () => {
    const p = parsePressure(fx('pressure-io.txt'))!;
    expect(p.some).toEqual({ avg10: 2.03, avg60: 0.56, avg300: 0.21, totalUs: 1306428 });
    expect(p.full?.totalUs).toBe(948661);
  });
  it('has no full line for cpu on older kernels', () => {
    expect(parsePressure(fx('pressure-cpu-old.txt'))).toMatchObject({ some: { avg10: 25.6 }, full: null });
    expect(parsePressure('')).toBeNull();
  });
});

describe('parseLimits', () => {
  it('reads names with spaces, unlimited and missing units', () => {
    const l = parseLimits(fx('limits.txt'));
    expect(l).toHaveLength(16);
    expect(l[0]).toEqual({ name: 'Max cpu time', soft: null, hard: null, unit: 'seconds' });
    expect(l.find((x) => x.name === 'Max stack size')).toMatchObject({ soft: 8388608, hard: null, unit: 'bytes' });
    expect(l.find((x) => x.name === 'Max open files')).toMatchObject({ soft: 20000, hard: 20000, unit: 'files' });
    expect(l.find((x) => x.name === 'Max nice priority')).toEqual({ name: 'Max nice priority', soft: 0, hard: 0, unit: '' });
  });
});

describe('parseCgroup', () => {
  it('prefers the v1 memory path on a hybrid host and the unified path on v2', () => {
    const v1 = parseCgroup(fx('cgroup-v1.txt'));
    expect(v1).toHaveLength(7);
    expect(v1[0]).toEqual({ hierarchy: 9, controllers: ['name=systemd'], path: '/' });
    expect(mainCgroup(v1)).toBe('/process_api/6ba26abd5b347362d83ad237c81bf725');
    expect(mainCgroup(parseCgroup(fx('cgroup-v2.txt')))).toBe('/user.slice/user-1000.slice/session-2.scope');
  });
});

describe('parseSsTcpInfo', () => {
  it('ties each connection to its inode and tcp_info byte counters', () => {
    const c = parseSsTcpInfo(fx('ss-tinHe.txt'));
    expect(c.map((x) => [x.state, x.inode])).toEqual([
      ['ESTAB', 9956],
      ['TIME-WAIT', 0],
      ['ESTAB', 9955],
      ['ESTAB', 9970],
    ]);
    expect(c[0]).toMatchObject({ local: '127.0.0.1:50191', remote: '127.0.0.1:60982', bytesReceived: 1000, bytesSent: 0 });
    expect(c[2]).toMatchObject({ bytesSent: 1000, bytesAcked: 1001, bytesReceived: 0 });
    expect(c[3]).toMatchObject({ local: '[::1]:8080', bytesSent: 20, bytesReceived: 7 });
  });
});

describe('RateTracker', () => {
  it('gives per-second rates from the second reading, ignores counters going back, forgets unread keys', () => {
    const r = new RateTracker();
    expect(r.rates('a', [100, 0], 1000)).toEqual([0, 0]);
    expect(r.rates('a', [600, 50], 1500)).toEqual([1000, 100]);
    expect(r.rates('a', [10, 60], 2500)).toEqual([0, 10]);
    r.sweep();
    r.sweep(); // 'a' was not read since the previous sweep
    expect(r.rates('a', [1000, 1000], 3500)).toEqual([0, 0]);
  });
});
