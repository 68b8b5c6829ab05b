import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunStore, parseJournal } from '../../../../src/main/core/runs/run-store';
import { newRunId, RUN_ID_RE } from '../../../../src/main/core/runs/run-id';
import { defaultDataDir } from '../../../../src/main/core/runs/data-dir';
import { ProclabError } from '../../../../src/shared/errors';
import { ev, info, MACHINE, proc, sample } from '../../runs-fixtures';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-store-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function opened(opts?: { capBytes?: number }) {
  const s = new RunStore(dir, opts);
  await s.open();
  return s;
}

describe('RunStore', () => {
  it('journals a run and reads it back whole', async () => {
    const s = await opened();
    s.create(info({ id: 'r1', status: 'running', endedAt: null, exit: null }), MACHINE);
    s.appendSample('r1', sample(1_001_000, [proc(100, 50)]));
    s.appendEvent('r1', ev('spawned', 100, 1_000_010));
    s.appendOutput('r1', { runId: 'r1', ts: 1_000_500, stream: 'stdout', kind: 'log', text: 'hi' });
    expect(s.updateInfo('r1', { rootPid: 100, name: 'renamed', tags: ['x'] })).toMatchObject({
      rootPid: 100,
      name: 'renamed',
      tags: ['x'],
    });
    const done = s.finish('r1', { exit: { code: 0, signal: null, by: 'self', at: 1_002_000 }, endedAt: 1_002_000 });
    expect(done.status).toBe('finished');
    const d = await s.get('r1');
    expect(d.machine).toEqual(MACHINE);
    expect(d.samples).toHaveLength(1);
    expect(d.events).toHaveLength(1);
    expect(d.outputs[0]!.text).toBe('hi');
    expect(d.info).toMatchObject({ id: 'r1', name: 'renamed', status: 'finished', endedAt: 1_002_000 });
    const lines = fs.readFileSync(path.join(dir, 'r1.ndjson'), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).t)).toEqual(['header', 'sample', 'event', 'output', 'info', 'end']);
  });

  it('survives a restart, newest first, and refuses unknown ids', async () => {
    const s = await opened();
    s.create(info({ id: 'old', startedAt: 1 }), MACHINE);
    s.finish('old', {});
    s.create(info({ id: 'new', startedAt: 2 }), MACHINE);
    s.finish('new', { status: 'failed' });
    const again = await opened();
    expect(again.list().map((r) => [r.id, r.status])).toEqual([
      ['new', 'failed'],
      ['old', 'finished'],
    ]);
    await expect(again.get('missing')).rejects.toThrow(ProclabError);
    try {
      await again.get('missing');
    } catch (e) {
      expect((e as ProclabError).code).toBe('not-found');
    }
  });

  it('reopens a run cut by a crash as interrupted, keeping everything up to the crash', async () => {
    const s = await opened();
    s.create(info({ id: 'cut', status: 'running', endedAt: null }), MACHINE);
    s.appendSample('cut', sample(1_001_000, [proc(1, 10)]));
    s.appendSample('cut', sample(1_002_000, [proc(1, 10)]));
    // The crash cut the last record mid-line.
    fs.appendFileSync(path.join(dir, 'cut.ndjson'), '{"t":"sample","s":{"ts":1003000,"cor');
    const after = await opened();
    const r = after.list()[0]!;
    expect(r).toMatchObject({ id: 'cut', status: 'interrupted', endedAt: 1_002_000 });
    const d = await after.get('cut');
    expect(d.samples.map((x) => x.ts)).toEqual([1_001_000, 1_002_000]);
    expect(d.info.status).toBe('interrupted');
    // Only appended: the original lines are untouched.
    const text = fs.readFileSync(path.join(dir, 'cut.ndjson'), 'utf8');
    expect(text).toContain('"cor\n{"t":"end"');
    // A third open changes nothing more.
    await opened();
    expect(fs.readFileSync(path.join(dir, 'cut.ndjson'), 'utf8')).toBe(text);
  });

  it('leaves a running run alone while the process writing it is alive', async () => {
    const header = {
      t: 'header',
      info: info({ id: 'live', status: 'running', endedAt: null }),
      machine: MACHINE,
      owner: { pid: 1, startTime: null },
    };
    fs.writeFileSync(path.join(dir, 'live.ndjson'), JSON.stringify(header) + '\n');
    const s = await opened();
    expect(s.list()[0]!.status).toBe('running');
  });

  it('evicts the oldest finished runs past the cap, never a running one', async () => {
    const s = await opened({ capBytes: 6000 });
    const big = { text: 'x'.repeat(1500) };
    s.create(info({ id: 'running-oldest', startedAt: 0, status: 'running', endedAt: null }), MACHINE);
    for (let i = 1; i <= 4; i++) {
      s.create(info({ id: `r${i}`, startedAt: i }), MACHINE);
      s.appendOutput(`r${i}`, { runId: `r${i}`, ts: i, stream: 'stdout', kind: 'log', ...big });
      s.finish(`r${i}`, {});
    }
    const ids = s.list().map((r) => r.id);
    expect(ids).toContain('running-oldest');
    expect(ids).toContain('r4');
    expect(ids).not.toContain('r1');
    expect(s.sizeBytes).toBeLessThanOrEqual(6000);
    expect(fs.existsSync(path.join(dir, 'r1.ndjson'))).toBe(false);
  });

  it('deletes finished runs and refuses to delete a running one', async () => {
    const s = await opened();
    s.create(info({ id: 'a' }), MACHINE);
    s.finish('a', {});
    s.delete('a');
    expect(s.list()).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'a.ndjson'))).toBe(false);
    s.create(info({ id: 'b', status: 'running', endedAt: null }), MACHINE);
    expect(() => s.delete('b')).toThrow(/still running/);
  });

  it('rejects unsafe ids and duplicate ids', async () => {
    const s = await opened();
    expect(() => s.create(info({ id: '../evil' }), MACHINE)).toThrow(ProclabError);
    s.create(info({ id: 'dup' }), MACHINE);
    expect(() => s.create(info({ id: 'dup' }), MACHINE)).toThrow(/already exists/);
  });

  it('picks up runs another process wrote when opened again', async () => {
    const a = await opened();
    const b = await opened();
    b.create(info({ id: 'from-b' }), MACHINE);
    b.finish('from-b', {});
    expect(a.has('from-b')).toBe(false);
    await a.open();
    expect(a.has('from-b')).toBe(true);
  });
});

describe('parseJournal', () => {
  it('skips garbage lines and records before a header', () => {
    const text = [
      '{"t":"sample","s":{"ts":1,"cores":[],"procs":[]}}',
      JSON.stringify({ t: 'header', info: info(), machine: MACHINE }),
      'not json',
      '{"t":"info","patch":{"name":"n"}}',
      '',
    ].join('\n');
    const d = parseJournal(text)!;
    expect(d.samples).toEqual([]);
    expect(d.info.name).toBe('n');
  });
});

describe('helpers', () => {
  it('makes sortable, filename-safe run ids', () => {
    const ids = Array.from({ length: 50 }, () => newRunId(1_700_000_000_000));
    for (const id of ids) expect(id).toMatch(RUN_ID_RE);
    expect(new Set(ids).size).toBe(50);
    expect([...ids].sort()).toEqual(ids);
    expect(newRunId(1_700_000_000_000) < newRunId(1_800_000_000_000)).toBe(true);
  });

  it('resolves the data dir from PROCLAB_DATA_DIR, then XDG_DATA_HOME, then ~/.local/share', () => {
    expect(defaultDataDir({ PROCLAB_DATA_DIR: '/tmp/x' }, 'linux')).toBe('/tmp/x');
    expect(defaultDataDir({ XDG_DATA_HOME: '/data', HOME: '/home/u' }, 'linux')).toBe('/data/proclab');
    expect(defaultDataDir({ HOME: '/home/u' }, 'linux')).toBe('/home/u/.local/share/proclab');
    expect(defaultDataDir({ XDG_DATA_HOME: 'relative', HOME: '/home/u' }, 'linux')).toBe('/home/u/.local/share/proclab');
  });
});
