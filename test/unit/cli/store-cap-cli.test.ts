/**
 * The user sets the run history's cap: `--max-store` reaches the service as storeCapBytes (a value
 * below the minimum is refused in one line), and a run whose journal is cut says so in the CLI.
 */
import { describe, expect, it } from 'vitest';
import { main, type Service } from '../../../src/main/cli/main';
import { formatRuns } from '../../../src/main/cli/format';
import type { ProclabOptions } from '../../../src/main/core/service/proclab';
import { info } from '../runs-fixtures';

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const seen: ProclabOptions[] = [];
  const svc: Service = {
    handle: async (name) => {
      if (name === 'runs.list') return { runs: [info({ id: 'r1', journal: 'truncated' })], next: null, total: 1 } as never;
      throw new Error(`unexpected ${name}`);
    },
    on: () => () => {},
    waitForRun: () => Promise.reject(new Error('no')),
    waitForBatch: () => Promise.reject(new Error('no')),
    shutdown: async () => {},
  };
  const code = await main(
    ['node', 'proclab', ...args],
    { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } },
    {
      createService: async (o: ProclabOptions) => {
        seen.push(o);
        return svc;
      },
      env: { PROCLAB_DATA_DIR: '/tmp/unused' },
      onSignal: () => () => {},
    },
  );
  return { code, stdout, stderr, seen };
}

describe('--max-store', () => {
  it('passes the cap to the service and shows a truncated journal in the list', async () => {
    const r = await cli(['--max-store', '1G', 'runs']);
    expect(r.code).toBe(0);
    expect(r.seen[0]?.storeCapBytes).toBe(1024 ** 3);
    expect(r.stdout).toContain('finished (journal truncated)');
  });

  it('refuses a cap below the minimum in one line', async () => {
    const r = await cli(['--max-store', '1M', 'runs']);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--max-store "1M": at least 32M/);
    expect(r.seen).toHaveLength(0);
  });

  it('without it, the service picks its default', async () => {
    const r = await cli(['runs']);
    expect(r.seen[0]?.storeCapBytes).toBeUndefined();
    expect(formatRuns([info({ id: 'x' })])).not.toContain('journal');
  });
});
