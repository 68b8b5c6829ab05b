import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../../src/main/core/engine/engine';
import { FIXTURES, isRunning, startTimeOf, waitFor } from '../../engine-helpers';

describe('engine: leftovers of a killed app', () => {
  it('the next start ends what a SIGKILLed host left running', async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-leftover-'));
    const host = spawn(process.execPath, ['--import', 'tsx', path.join(FIXTURES, 'host.ts'), stateDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const first = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: host.stdout! }).once('line', resolve);
      host.once('exit', (c) => reject(new Error(`host exited early (${c})`)));
    });
    const sleeper = JSON.parse(first) as { pid: number; startTime: number };
    expect(startTimeOf(sleeper.pid)).toBe(sleeper.startTime);

    host.kill('SIGKILL');
    await new Promise((r) => host.once('exit', r));
    expect(isRunning(sleeper.pid)).toBe(true); // its own session: the host's death did not take it down

    const engine = new Engine({ stateDir });
    try {
      const { leftoversEnded } = await engine.start();
      expect(leftoversEnded).toBeGreaterThanOrEqual(1);
      await waitFor(() => !isRunning(sleeper.pid), 3000, 'sleeper gone');
      // The dead host's journal is gone, so a third start finds nothing.
      expect(fs.readdirSync(stateDir).filter((n) => n.startsWith('live-'))).toEqual([]);
    } finally {
      await engine.shutdown();
    }
    const again = new Engine({ stateDir });
    expect((await again.start()).leftoversEnded).toBe(0);
    await again.shutdown();
  });

  it('does not touch a journaled pid whose start time no longer matches', async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-leftover-'));
    const bystander = spawn('sleep', ['600'], { stdio: 'ignore' });
    try {
      const pid = bystander.pid!;
      await waitFor(() => isRunning(pid), 2000);
      const st = startTimeOf(pid);
      // Written by an instance that is gone (pid 2^22-1 with a made-up start time).
      fs.writeFileSync(
        path.join(stateDir, 'live-4194303.json'),
        JSON.stringify({ owner: { pid: 4194303, startTime: 1 }, live: [{ pid, startTime: st - 1, runId: 'old' }] }),
      );
      const engine = new Engine({ stateDir });
      expect((await engine.start()).leftoversEnded).toBe(0);
      await engine.shutdown();
      expect(isRunning(pid)).toBe(true);
    } finally {
      bystander.kill('SIGKILL');
    }
  });

  it('leaves alone the processes of another ProcLab instance that is still running', async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-leftover-'));
    const other = new Engine({ stateDir });
    await other.start();
    const sleeper = await other.launch({ runId: 'other-run', argv: ['sleep', '600'], cwd: os.tmpdir() });
    await other.tickNow(); // journals the live set
    expect(fs.readdirSync(stateDir).some((n) => n === `live-${process.pid}.json`)).toBe(true);
    // A second instance (say, the CLI next to the desktop app) starting on the same folder.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `
      const { Engine } = require(${JSON.stringify(path.join(__dirname, '..', '..', '..', '..', 'src', 'main', 'core', 'engine', 'engine.ts'))});
      const e = new Engine({ stateDir: ${JSON.stringify(stateDir)} });
      e.start().then(async (r) => { console.log(JSON.stringify(r)); await e.shutdown(); });
    `,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const line = await new Promise<string>((resolve) => readline.createInterface({ input: child.stdout! }).once('line', resolve));
    expect(JSON.parse(line)).toEqual({ leftoversEnded: 0 });
    expect(isRunning(sleeper.pid)).toBe(true);
    await other.shutdown();
    expect(isRunning(sleeper.pid)).toBe(false);
  });
});
