import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A machine-wide list of live ProcLab hosts, so no instance signals another one, whatever data
 * folder either uses: each host puts an empty file `<pid>-<start time>` into
 * `${XDG_RUNTIME_DIR or the temp folder}/proclab-instances` while it runs. The start time in the
 * name makes a stale entry (a host killed before it could remove it) harmless: it can only
 * match the process it was written for, never a later one that reuses the pid.
 */

function dirs(): string[] {
  const out = [process.env.XDG_RUNTIME_DIR, os.tmpdir(), '/tmp']
    .filter((d): d is string => !!d && path.isAbsolute(d))
    .map((d) => path.join(d, 'proclab-instances'));
  return [...new Set(out)];
}

const entry = (pid: number, startTime: number): string => `${pid}-${startTime}`;

/** Hosts in this process: several engines (tests) share one entry. */
let holders = 0;
let registered: string | null = null;

/**
 * Records this process as a live host and returns the function that takes it back. Best effort:
 * a read-only temp folder leaves the host unlisted (and signallable by others), not broken.
 * `alive(pid, startTime)` lets it sweep entries of hosts that were killed before they could
 * remove their own, so the folder does not fill up over months of crashes.
 */
export function registerInstance(pid: number, startTime: number | null, alive?: (pid: number, startTime: number) => boolean): () => void {
  if (startTime === null) return () => {};
  holders++;
  if (!registered) {
    const dir = dirs()[0]!;
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o1777 });
      // Every user's hosts share the folder (mkdir's mode is cut by the umask); sticky like /tmp.
      if (dir.startsWith(os.tmpdir()) || dir.startsWith('/tmp/')) fs.chmodSync(dir, 0o1777);
      if (alive) sweep(dir, alive);
      const file = path.join(dir, entry(pid, startTime));
      fs.writeFileSync(file, '');
      registered = file;
    } catch {
      registered = null;
    }
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders > 0 || !registered) return;
    fs.rmSync(registered, { force: true });
    registered = null;
  };
}

function sweep(dir: string, alive: (pid: number, startTime: number) => boolean): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^(\d+)-(\d+)$/.exec(name);
    if (!m || alive(Number(m[1]), Number(m[2]))) continue;
    try {
      fs.rmSync(path.join(dir, name), { force: true });
    } catch {
      // another user's stale entry in the sticky folder is theirs to remove
    }
  }
}

/** True when `pid` with this start time is a running ProcLab host (its entry is listed). */
export function isProclabHost(pid: number, startTime: number): boolean {
  return dirs().some((d) => fs.existsSync(path.join(d, entry(pid, startTime))));
}
