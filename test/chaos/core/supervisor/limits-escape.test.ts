import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMountinfo } from '../../../../src/main/core/supervisor/cgroup';
import { FIXTURES, harness, isRunning, PY, waitFor, type Harness } from '../../../integration/engine-helpers';

/**
 * A program running as root writes its pid to the root cgroup's cgroup.procs (v2, and the v1
 * pids hierarchy), then starts a detached grandchild (double fork + setsid) that no parentage
 * and no cgroup of the run leads to. Whether the cgroup namespace refused the move or not, both
 * must end with the run.
 */

let h: Harness | null = null;
const strays: number[] = [];
afterEach(async () => {
  await h?.dispose();
  h = null;
  for (const pid of strays.splice(0)) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
});

const ESCAPE = String.raw`
import os, sys, time
for f in sys.argv[1:]:
    try:
        with open(f, "w") as fh: fh.write(str(os.getpid()))
        print("moved", f, flush=True)
    except OSError as e:
        print("refused", f, e.errno, flush=True)
print("cgroup", open("/proc/self/cgroup").read().replace("\n", " "), flush=True)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        print("grandchild", os.getpid(), flush=True)
        time.sleep(600)
    os._exit(0)
time.sleep(600)
`;

describe('chaos: a root program that leaves its cgroup', () => {
  it('still ends with its run, and so does the detached grandchild it started outside', async (ctx) => {
    if (process.getuid?.() !== 0) return ctx.skip('needs root: only root may move a process to the root cgroup');
    h = await harness({ graceMs: 300 });
    if (!h.engine.caps().contained) return ctx.skip('no cgroup on this machine');
    const mounts = parseMountinfo(fs.readFileSync('/proc/self/mountinfo', 'utf8'));
    const roots = [mounts.v2, mounts.v1.get('pids')].filter((m): m is string => !!m).map((m) => path.join(m, 'cgroup.procs'));
    const { pid } = await h.engine.launch({ runId: 'esc', argv: [PY, '-c', ESCAPE, ...roots], cwd: FIXTURES });
    const said = (re: RegExp): RegExpExecArray | null => {
      for (const o of h!.outputs)
        if (o.runId === 'esc' && o.text) {
          const m = re.exec(o.text);
          if (m) return m;
        }
      return null;
    };
    const gc = Number((await waitFor(() => said(/^grandchild (\d+)/), 15_000, 'grandchild'))[1]);
    strays.push(gc, pid);
    console.log(
      h.outputs
        .filter((o) => o.runId === 'esc')
        .map((o) => o.text)
        .join('\n'),
    );
    expect(isRunning(gc)).toBe(true);
    await h.engine.stopRun('esc');
    const exit = await waitFor(() => h!.exits.find((e) => e.runId === 'esc'), 15_000, 'run-exit');
    expect(exit.outcome.cause).toBe('user-stop');
    await waitFor(() => !isRunning(pid) && !isRunning(gc), 5000, 'the escaped root and its grandchild to end');
  });
});
