import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The tcp-server scenario's built-in load client talks to loopback only: any other target is
 * refused before a socket is made (exit 2, one line naming the target), in both runtimes.
 */
const dir = __dirname;
const programs = {
  python: ['python3', resolve(dir, 'main.py')],
  node: [process.execPath, resolve(dir, 'main.js')],
} as const;

describe.each(Object.entries(programs))('tcp-server load client (%s)', (_runtime, [exe, entry]) => {
  it.each(['10.0.0.1', '192.168.1.10', '8.8.8.8', '0.0.0.0', 'localhost', 'example.com', '::ffff:10.0.0.1', '127.0.0.2'])(
    'refuses %s',
    (host) => {
      const r = spawnSync(exe, [entry, '--role', 'client', '--host', host, '--port', '9', '--clients', '1', '--messages', '1'], {
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain('refusing target');
      expect(r.stderr).toContain(host);
      expect(r.stdout).not.toContain('connections open');
    },
  );
  it('accepts 127.0.0.1 (and then fails only because nothing listens on port 9)', () => {
    const r = spawnSync(exe, [entry, '--role', 'client', '--host', '127.0.0.1', '--port', '9', '--clients', '1', '--messages', '1'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.stderr).not.toContain('refusing target');
    expect(r.status).not.toBe(0);
  });
});
