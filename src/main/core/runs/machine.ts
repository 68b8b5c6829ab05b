import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { MachineInfo } from '../../../shared/model';

let cached: MachineInfo | null = null;

/**
 * What the machine is, stored in every run header so a report can say where its figures
 * came from. Computed once per process: `python3 --version` costs a spawn.
 */
export function machineInfo(): MachineInfo {
  if (cached) return cached;
  const cpus = os.cpus();
  cached = {
    cpuModel: cpus[0]?.model.trim() || 'unknown',
    cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    os: osName(),
    kernel: os.release(),
    node: process.versions.node,
    python: pythonVersion(),
  };
  return cached;
}

function osName(): string {
  if (process.platform === 'linux') {
    try {
      const m = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
      if (m?.[1]) return m[1];
    } catch {
      // No os-release (containers, minimal images): fall through to the generic name.
    }
  }
  return `${os.type()} ${os.arch()}`;
}

function pythonVersion(): string | null {
  try {
    // Older Pythons print the version on stderr, so read both.
    const out = execFileSync('python3', ['--version'], { timeout: 3000, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return out.trim().replace(/^Python\s+/i, '') || null;
  } catch (e) {
    const err = e as { stderr?: string };
    const s = typeof err.stderr === 'string' ? err.stderr.trim() : '';
    return /^Python\s+\d/i.test(s) ? s.replace(/^Python\s+/i, '') : null;
  }
}
