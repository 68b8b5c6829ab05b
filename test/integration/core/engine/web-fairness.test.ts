/**
 * One client cannot freeze the others (issue 20): what one browser-mode client asks of the host
 * (a pathological filter regex, a flood of frames) leaves another client's ticks on time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../engine-helpers';
import { spawnWebHost, type HostProc } from '../../helpers/web-host';
import { longestGap, tickClient, type TickClient } from '../../helpers/ws-client';
import { expectWithin, watchMachine } from '../../../helpers/machine';

const INTERVAL_MS = 500;
/** What the issue allows: a tick may come this much later than its interval. */
const SLACK_MS = 1500;
/** A flood costs the flooding client's socket some writes even when refused: a little more room on a loaded machine. */
const FLOOD_SLACK_MS = 2500;

describe('one client cannot freeze the others', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-fair-'));
  let host: HostProc;
  let watcher: TickClient;
  const others: TickClient[] = [];
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    host = await spawnWebHost(dataDir);
    watcher = await tickClient(host.url);
    expect((await watcher.call('monitor.configure', { intervalMs: INTERVAL_MS })).ok).toBe(true);
    await waitFor(() => watcher.ticks.length >= 3, 20_000, 'the watching client ticks');
  });
  afterAll(async () => {
    for (const c of [watcher, ...others]) c?.close();
    for (const c of children) c.kill('SIGKILL');
    if (host.proc.exitCode === null) {
      const gone = new Promise((r) => host.proc.once('exit', r));
      host.proc.kill('SIGTERM');
      await gone;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** The watcher's longest wait for a tick over `ms` from now. */
  async function watchFor(ms: number): Promise<number> {
    const since = Date.now();
    await new Promise((r) => setTimeout(r, ms));
    return longestGap(watcher.ticks, since);
  }

  it('a catastrophic-backtracking filter regex from one client leaves another its ticks', async (ctx) => {
    // A process whose command line has 30 commas: `^(.*?,){9}ZZZ` on it takes seconds on a backtracking engine.
    const commas = 'x,'.repeat(30) + 'y'.repeat(40);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)', commas], { stdio: 'ignore' });
    children.push(child);
    const evil = await tickClient(host.url);
    others.push(evil);
    const table = { sort: { key: 'pid', dir: 'asc' }, mode: 'flat', hideKernel: true, offset: 0, count: 50, rev: 1, frozen: false };
    const r = await evil.call('monitor.configure', {
      scope: 'system',
      intervalMs: INTERVAL_MS,
      table: { ...table, query: 'cmd~^(.*?,){9}ZZZ' },
    });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    const machine = watchMachine();
    const gap = await watchFor(6000);
    expectWithin(ctx, gap, INTERVAL_MS + SLACK_MS, "the watcher's longest wait for a tick", machine.stop());
    expect(host.proc.exitCode).toBeNull();
    evil.close();
  });

  /** The host process's CPU time so far (user + system), in ms. */
  function hostCpuMs(): number {
    const stat = fs.readFileSync(`/proc/${host.proc.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  }

  /** Sends n frames at once from a fresh client; resolves with the reply codes once all are in. */
  async function flood(frame: string, n: number): Promise<{ codes: Map<string, number>; gap: number; cpuMs: number }> {
    const c = await tickClient(host.url);
    others.push(c);
    const codes = new Map<string, number>();
    let replies = 0;
    c.ws.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as { event?: string; ok?: boolean; error?: { code: string } };
      if (m.event) return;
      replies++;
      const code = m.ok ? 'ok' : (m.error?.code ?? '?');
      codes.set(code, (codes.get(code) ?? 0) + 1);
    });
    const since = Date.now();
    const cpu0 = hostCpuMs();
    for (let i = 0; i < n; i++) c.ws.send(frame);
    await waitFor(() => replies >= n, 90_000, `${n} replies`);
    const cpuMs = hostCpuMs() - cpu0;
    // The watcher's ticks while the flood was answered, and two more after it (a gap that began
    // during the flood ends only at the next tick).
    const done = Date.now();
    await waitFor(() => watcher.ticks.filter((t) => t > done).length >= 2, 20_000, 'two ticks after the flood');
    const gap = longestGap(watcher.ticks, since);
    c.close();
    return { codes, gap, cpuMs };
  }

  it('frames that are not JSON count against the rate limit, and 10,000 of them leave another client its ticks', async () => {
    const { codes, gap } = await flood('this is not json', 10_000);
    expect(codes.get('rate-limited') ?? 0, JSON.stringify([...codes])).toBeGreaterThan(9000);
    expect(codes.get('bad-json') ?? 0).toBeGreaterThan(0);
    expect(gap, `the watcher waited ${gap} ms for a tick`).toBeLessThan(INTERVAL_MS + FLOOD_SLACK_MS);
  });

  it('10,000 scenarios.list from one client leave another client its ticks', async () => {
    const { codes, gap, cpuMs } = await flood(JSON.stringify({ id: 1, cmd: 'scenarios.list', payload: {} }), 10_000);
    expect(codes.get('ok') ?? 0).toBeGreaterThan(0);
    expect(gap, `the watcher waited ${gap} ms for a tick`).toBeLessThan(INTERVAL_MS + FLOOD_SLACK_MS);
    // The catalogue is built once and its reply serialized once: answering the flood is cheap.
    expect(cpuMs, `the host spent ${cpuMs} ms of CPU on the flood`).toBeLessThan(4000);
    expect(host.proc.exitCode).toBeNull();
  });
});
