import { describe, expect, it } from 'vitest';
import { parseMountinfo, parsePids, parseProcCgroup, parseRunCgroupName, runCgroupName } from '../../../../src/main/core/supervisor/cgroup';
import { parseRunMarker } from '../../../../src/main/core/supervisor/leftovers';

// A hybrid layout as on this project's CI machines: v1 controllers plus an empty v2 tree.
const MOUNTINFO = [
  '31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755',
  '35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory',
  '39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids',
  '41 31 0:38 / /sys/fs/cgroup/unified rw,relatime shared:9 - cgroup2 cgroup2 rw',
  '50 31 0:38 /sub /mnt/bind rw,relatime - cgroup2 cgroup2 rw',
].join('\n');

describe('cgroup facts', () => {
  it('finds the v2 mount and the v1 controllers from mountinfo (not hard-coded)', () => {
    const m = parseMountinfo(MOUNTINFO);
    expect(m.v2).toBe('/sys/fs/cgroup/unified');
    expect(m.v1.get('memory')).toBe('/sys/fs/cgroup/memory');
    expect(m.v1.get('pids')).toBe('/sys/fs/cgroup/pids');
    expect(parseMountinfo('41 31 0:38 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw').v2).toBe('/sys/fs/cgroup');
    expect(parseMountinfo('41 31 0:38 / /a\\040b rw - cgroup2 cgroup2 rw').v2).toBe('/a b');
  });
  it('reads this process’s cgroups from /proc/self/cgroup', () => {
    const c = parseProcCgroup('9:name=systemd:/\n4:memory:/process_api/43ab\n1:cpu,cpuacct:/x\n0::/user.slice/app.scope\n');
    expect(c.v2).toBe('/user.slice/app.scope');
    expect(c.v1.get('memory')).toBe('/process_api/43ab');
    expect(c.v1.get('cpuacct')).toBe('/x');
  });
  it('names a run cgroup with its instance, and reads the name back', () => {
    const n = runCgroupName({ pid: 42, startTime: 777 }, '20261201-224347-109-00-y5cn');
    expect(parseRunCgroupName(n)).toEqual({ owner: { pid: 42, startTime: 777 }, runId: '20261201-224347-109-00-y5cn' });
    expect(parseRunCgroupName('proclab.probe-1')).toBeNull();
    expect(parseRunCgroupName('system.slice')).toBeNull();
  });
  it('reads cgroup.procs and the env marker', () => {
    expect(parsePids('12\n13\n\n')).toEqual([12, 13]);
    expect(parseRunMarker('r1:42:777')).toEqual({ runId: 'r1', owner: { pid: 42, startTime: 777 } });
    expect(parseRunMarker('r1:42:null')).toBeNull();
    expect(parseRunMarker('../x:1:2')).toBeNull();
  });
});
