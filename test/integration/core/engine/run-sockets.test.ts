import { afterEach, describe, expect, it } from 'vitest';
import type { RunNetEvent, RunSample } from '../../../../src/shared/model';
import { FIXTURES, PY, harness, waitFor, type Harness } from '../../engine-helpers';

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

/** A loopback echo server holding 3 client connections for ~3 s, then exiting by itself. */
const SERVER = `
import socket, time
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(8)
port = srv.getsockname()[1]
print(port, flush=True)
clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
conns = [srv.accept()[0] for _ in range(3)]
time.sleep(3.0)
for s in clients + conns + [srv]: s.close()
`;

describe('engine: run samples journal each process TCP sockets by state', () => {
  it('a loopback server run: its samples count LISTEN 1 and its ESTABLISHED connections', async () => {
    h = await harness({ intervalMs: 500 });
    const samples: RunSample[] = [];
    const readings: RunNetEvent[] = [];
    h.engine.on('run-sample', (s) => s.runId === 'srv' && samples.push(s.sample));
    h.engine.on('run-net', (n) => n.runId === 'srv' && readings.push(n));
    let port = 0;
    h.engine.on('output', (o) => o.runId === 'srv' && /^\d+$/.test(o.text ?? '') && (port = Number(o.text)));
    const launched = await h.engine.launch({ runId: 'srv', argv: [PY, '-c', SERVER], cwd: FIXTURES });
    await waitFor(() => h!.exits.find((e) => e.runId === 'srv'), 20_000, 'run-exit');
    const counts = samples.flatMap((s) => s.procs.filter((p) => p.pid === launched.pid && p.tcp).map((p) => p.tcp!));
    expect(counts.length).toBeGreaterThan(0);
    // One process holds both ends here: 3 client sockets + 3 accepted ones, all established.
    expect(counts.some((c) => c['LISTEN'] === 1 && c['ESTABLISHED'] === 6)).toBe(true);

    // Live, while the run held them: the run-net readings list the listening port and both ends.
    expect(port).toBeGreaterThan(0);
    const full = readings.find((n) => n.procs.some((p) => p.pid === launched.pid && p.tcp['ESTABLISHED'] === 6));
    expect(full).toBeDefined();
    const mine = full!.procs.find((p) => p.pid === launched.pid)!;
    expect(mine.sockets[0]).toMatchObject({ state: 'LISTEN', localPort: port, remotePort: 0 });
    expect(mine.sockets.filter((x) => x.state === 'ESTABLISHED' && x.localPort === port)).toHaveLength(3);
    expect(mine.sockets.filter((x) => x.state === 'ESTABLISHED' && x.remotePort === port)).toHaveLength(3);
    expect(mine.more).toBe(0);
    // Readings come at most every ~0.5 s, not at every 250 ms run sample.
    expect(readings.length).toBeLessThan(samples.length);
  });

  it('a run whose processes hold no socket gets no run-net event', async () => {
    h = await harness({ intervalMs: 500 });
    const readings: RunNetEvent[] = [];
    h.engine.on('run-net', (n) => n.runId === 'calm' && readings.push(n));
    await h.engine.launch({ runId: 'calm', argv: [PY, '-c', 'import time; time.sleep(1.5)'], cwd: FIXTURES });
    await waitFor(() => h!.exits.find((e) => e.runId === 'calm'), 20_000, 'run-exit');
    expect(readings).toEqual([]);
  });
});
