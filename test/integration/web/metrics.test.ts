import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * compare-models puts a run's metrics side by side: tcp-server and io-models must print, as
 * metric lines, every metric their manifest declares (throughput, latency, CPU while waiting),
 * with finite values, in both runtimes. Real programs on loopback, small and bounded.
 */
const root = resolve(__dirname, '..', '..', '..', 'scenarios');

interface Case {
  id: string;
  runtime: 'python' | 'node';
  args: string[];
}

const cases: Case[] = [
  {
    id: 'tcp-server',
    runtime: 'python',
    args: ['--model', 'thread', '--clients', '2', '--messages', '20', '--size', '64', '--idle_ms', '500'],
  },
  {
    id: 'tcp-server',
    runtime: 'node',
    args: ['--model', 'async', '--clients', '2', '--messages', '20', '--size', '64', '--idle_ms', '500'],
  },
  {
    id: 'tcp-server',
    runtime: 'node',
    args: ['--model', 'hybrid', '--clients', '2', '--messages', '20', '--size', '64', '--idle_ms', '500', '--pool', '2'],
  },
  { id: 'io-models', runtime: 'python', args: ['--model', 'select', '--sources', '2', '--delay_ms', '300'] },
  { id: 'io-models', runtime: 'node', args: ['--model', 'async', '--sources', '2', '--delay_ms', '300'] },
];

function metricsOf(stdout: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const o = JSON.parse(line) as { ev?: string; name?: unknown; value?: unknown };
      if (o.ev === 'metric' && typeof o.name === 'string' && typeof o.value === 'number') out.set(o.name, o.value);
    } catch {
      // not a protocol line
    }
  }
  return out;
}

describe.each(cases)('$id ($runtime) reports its declared metrics', ({ id, runtime, args }) => {
  it('prints each declared metric with a finite value', () => {
    const manifest = JSON.parse(readFileSync(resolve(root, id, 'manifest.json'), 'utf8')) as { metrics?: { name: string }[] };
    const declared = (manifest.metrics ?? []).map((m) => m.name);
    expect(declared.length).toBeGreaterThan(0);
    const entry = resolve(root, id, runtime === 'python' ? 'main.py' : 'main.js');
    const r = spawnSync(runtime === 'python' ? 'python3' : process.execPath, [entry, ...args], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const got = metricsOf(r.stdout);
    for (const name of declared) {
      expect(got.has(name), `${name} in:\n${r.stdout}`).toBe(true);
      expect(Number.isFinite(got.get(name))).toBe(true);
    }
    if (id === 'tcp-server') expect(got.get('throughput_msg_s')).toBeGreaterThan(0);
  });
});
