/** Issue 13's new-user pass: the zombie scenario leaked Python's None into its timeline ("state now None"). */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('no Python None in what a scenario prints', () => {
  it('the zombie scenario says the reaped child is gone from /proc, never "state now None"', () => {
    const out = execFileSync(
      'python3',
      [join(__dirname, '..', '..', '..', '..', 'scenarios', 'zombie', 'main.py'), '--hold_s', '1', '--child_ms', '100'],
      {
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect(out).toContain('state now gone (no /proc entry)');
    expect(out).not.toMatch(/\bNone\b/);
  });
});
