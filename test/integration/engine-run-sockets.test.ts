import { afterEach, describe, expect, it } from 'vitest';
import type { RunSample } from '../../src/shared/model';
import { FIXTURES, PY, harness, waitFor, type Harness } from './engine-helpers';

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
clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
conns = [srv.accept()[0] for _ in range(3)]
time.sleep(3.0)
for s in clients + conns + [srv]: s.close()
`;

describe('engine: run samples journal each process TCP sockets by state', () => {
  it('a loopback server run: its samples count LISTEN 1 and its ESTABLISHED connections', async () => {
    h = await harness({ intervalMs: 500 });
    const samples: RunSample[] = [];
    h.engine.on('run-sample', (s) => s.runId === 'srv' && samples.push(s.sample));
    const launched = await h.engine.launch({ runId: 'srv', argv: [PY, '-c', SERVER], cwd: FIXTURES });
    await waitFor(() => h!.exits.find((e) => e.runId === 'srv'), 20_000, 'run-exit');
    const counts = samples.flatMap((s) => s.procs.filter((p) => p.pid === launched.pid && p.tcp).map((p) => p.tcp!));
    expect(counts.length).toBeGreaterThan(0);
    // One process holds both ends here: 3 client sockets + 3 accepted ones, all established.
    expect(counts.some((c) => c['LISTEN'] === 1 && c['ESTABLISHED'] === 6)).toBe(true);
  });
});
