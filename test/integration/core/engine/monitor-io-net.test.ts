import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RUN_IO_ROWS } from '../../../../src/main/core/engine/engine';
import { FIXTURES, harness, PY, resultOf, row, untilTick, waitFor, type Harness } from '../../engine-helpers';

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

const MiB = 1 << 20;
const TMPFS_MAGIC = 0x01021994;

describe('monitor: per-process disk I/O and network bytes', () => {
  it('a program writing 50 MB shows about 50 MB written, and NI/PRI/last core', async () => {
    h = await harness();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-io-'));
    try {
      const { pid } = await h.engine.launch({
        runId: 'io',
        argv: [PY, path.join(FIXTURES, 'write-mb.py'), path.join(dir, 'out.bin'), '50'],
        cwd: dir,
      });
      await waitFor(() => resultOf(h!, 'io'), 20_000, 'the write to finish');
      const r = await untilTick(h.engine, (t) => row(t.processes, pid)?.io, 8);
      // tmpfs has no block device: its pages never count as disk writes, only as write() bytes.
      const onTmpfs = fs.statfsSync(dir).type === TMPFS_MAGIC;
      const written = onTmpfs ? r.wchar : r.writeBytes;
      expect(written).toBeGreaterThanOrEqual(50 * MiB);
      expect(written).toBeLessThan(55 * MiB);
      expect(r.wchar).toBeGreaterThanOrEqual(50 * MiB);
      const full = await untilTick(h.engine, (t) => row(t.processes, pid), 2);
      expect(full.nice).toBe(os.getPriority(pid));
      expect(full.priority).toBe(20 + os.getPriority(pid));
      expect(full.lastCore).toBeGreaterThanOrEqual(0);
      expect(full.lastCore).toBeLessThan(os.cpus().length);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a run of many processes: disk I/O for its first RUN_IO_ROWS rows unasked, and for any other row a client asks for', async () => {
    h = await harness();
    const n = RUN_IO_ROWS + 10;
    await h.engine.launch({
      runId: 'many',
      argv: ['sh', '-c', `i=0; while [ $i -lt ${n} ]; do sleep 60 & i=$((i+1)); done; wait`],
      cwd: os.tmpdir(),
    });
    const t = await untilTick(h.engine, (t) => (t.processes.filter((p) => p.runId === 'many' && !p.exited).length > n ? t : undefined), 40);
    const mine = t.processes.filter((p) => p.runId === 'many' && !p.exited);
    expect(mine.filter((p) => p.io).length).toBe(RUN_IO_ROWS);
    const unread = mine.find((p) => !p.io)!;
    h.engine.configure({ ioFor: [unread.pid] });
    const asked = await untilTick(h.engine, (t) => row(t.processes, unread.pid)?.io, 4);
    expect(asked.readBytes).toBeGreaterThanOrEqual(0);
  });

  it('a loopback TCP connection sending 10 MB shows that connection and about 10 MB sent', async () => {
    h = await harness();
    const { pid } = await h.engine.launch({ runId: 'net', argv: [PY, path.join(FIXTURES, 'tcp-send.py'), '10'], cwd: FIXTURES });
    const res = await waitFor(() => resultOf(h!, 'net'), 20_000, 'the transfer');
    const sender = res.sender as number;
    const port = res.port as number;
    expect(res.received).toBe(10 * MiB);
    h.engine.configure({ netFor: [pid, sender] });
    const t = await untilTick(h.engine, (tk) => (row(tk.processes, sender)?.net && row(tk.processes, pid)?.net ? tk : undefined), 8);
    const s = row(t.processes, sender)!.net!;
    const conn = s.tcp.find((c) => c.remote === `127.0.0.1:${port}`);
    expect(conn).toMatchObject({ state: 'ESTABLISHED', proto: 'tcp' });
    expect(s.byState.ESTABLISHED).toBeGreaterThanOrEqual(1);
    expect(s.peers).toContain(`127.0.0.1:${port}`);
    expect(conn!.bytesSent).toBeGreaterThanOrEqual(10 * MiB);
    expect(conn!.bytesSent).toBeLessThan(10.5 * MiB);
    expect(s.bytesSent).toBe(conn!.bytesSent);
    expect(s.bytesReceived).toBe(0);
    // The receiving side: the listener and the accepted connection, with 10 MB received.
    const r = row(t.processes, pid)!.net!;
    expect(r.listening).toContain(`tcp 127.0.0.1:${port}`);
    expect(r.byState.LISTEN).toBe(1);
    expect(r.bytesReceived).toBe(10 * MiB);
  });

  it('ticks carry the machine detail: CPU modes per core, memory breakdown, swap, uptime, PSI, disks, interfaces', async () => {
    h = await harness();
    const t = await untilTick(h.engine, (tk) => (tk.detail && tk.detail.cpu.idle + tk.detail.cpu.user > 0 ? tk : undefined), 4);
    const d = t.detail!;
    expect(d.coreModes).toHaveLength(t.cores.length);
    const sum = Object.values(d.cpu).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(100, 5);
    expect(d.mem.total).toBe(t.mem.total);
    expect(d.mem.used + d.mem.free + d.mem.buffers + d.mem.cached).toBeLessThanOrEqual(d.mem.total);
    expect(d.swap.used).toBe(d.swap.total - d.swap.free);
    expect(d.uptimeS).toBeGreaterThan(0);
    expect(d.uptimeS).toBeLessThanOrEqual(os.uptime() + 1);
    if (fs.existsSync('/proc/pressure/cpu')) expect(d.psi.cpu?.some.avg10).toBeGreaterThanOrEqual(0);
    else expect(d.psi.cpu).toBeNull();
    expect(d.nets.map((n) => n.iface)).toContain('lo');
    expect(d.disks.every((x) => !/^loop\d/.test(x.device))).toBe(true);
  });
});
