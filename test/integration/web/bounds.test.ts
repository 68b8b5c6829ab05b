/**
 * The per-client bound measures what is queued for a client including the message being
 * written (issue 20: three non-reading clients held 150 MB each): a raw client that asks and
 * never reads is dropped before anything takes it past the bound.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProclab, type Proclab } from '../../../src/main/core/service/proclab';
import { startWebHost, type WebHost } from '../../../src/main/web/server';
import { upgradeHead, wsFrame } from '../../chaos/boundary-hosts';
import { waitFor } from '../engine-helpers';

describe('the per-client bound counts the message being written', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-bounds-'));
  const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-renderer-'));
  let proclab: Proclab;
  let host: WebHost;
  const logs: string[] = [];
  // Commands run while the backlog is under the input mark (1 MB), well above the hard limit:
  // only the hard limit can stop this client, and it must hold before a message, not after.
  const hardLimit = 256 * 1024;
  beforeAll(async () => {
    proclab = await createProclab({ dataDir, host: 'web' });
    host = await startWebHost({ proclab, rendererDir, log: (m) => logs.push(m), limits: { hardLimit, tickHighWater: 64 * 1024 } });
  });
  afterAll(async () => {
    await host?.close();
    await proclab?.shutdown();
    for (const d of [dataDir, rendererDir]) fs.rmSync(d, { recursive: true, force: true });
  });

  it('a raw client that never reads is dropped with nothing queued past the bound', async () => {
    const big = JSON.stringify(await proclab.handle('scenarios.list', {} as never)).length;
    expect(big).toBeGreaterThan(hardLimit / 8); // each reply is a sizeable share of the bound
    const sock = net.connect(host.port, '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    sock.on('error', () => {});
    const closed = new Promise<void>((r) => sock.once('close', () => r()));
    sock.write(upgradeHead(host.port, `/ws?token=${host.token}`));
    // Never read: what the host sends piles up in the kernel's buffers, then in the host's queue.
    sock.pause();
    // Enough replies to fill the kernel's buffers many times over (loopback takes several MB).
    const frame = wsFrame(1, Buffer.from(JSON.stringify({ id: 1, cmd: 'scenarios.list', payload: {} })));
    for (let i = 0; i < 150; i++) sock.write(frame);
    await waitFor(() => host.clientStats()[0] && !host.clientStats()[0]!.open, 60_000, 'the non-reading client to be dropped');
    const s = host.clientStats()[0]!;
    expect(s.maxBuffered, `the host queued ${s.maxBuffered} bytes for it`).toBeLessThanOrEqual(hardLimit);
    expect(logs.join('\n')).toMatch(/dropping its connection/);
    sock.destroy();
    await closed;
  });
});
