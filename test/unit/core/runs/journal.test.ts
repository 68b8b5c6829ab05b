/**
 * The run store's bounds: a per-run journal quota, eviction that never takes the run that just
 * ended, damaged journals moved aside and said, private file modes, storage errors that never
 * throw, and pages read from a journal's index rather than the whole file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunStore, storeCapFromEnv } from '../../../../src/main/core/runs/run-store';
import { journalReads } from '../../../../src/main/core/runs/journal-file';
import { pageRunJournal } from '../../../../src/main/core/runs/pages';
import { DEFAULT_STORE_CAP_BYTES, MIN_STORE_CAP_BYTES } from '../../../../src/shared/storage-bounds';
import { ev, info, MACHINE, proc, sample } from '../../runs-fixtures';

let dir: string;
beforeEach(() => {
  dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-journal-')), 'runs');
});
afterEach(() => {
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
});

const out = (runId: string, ts: number, text: string) => ({ runId, ts, stream: 'stdout' as const, kind: 'log' as const, text });

describe('journal quota and eviction', () => {
  it('stops writing samples and output past the quota, with one truncated record, and says so in the info', async () => {
    const s = new RunStore(dir, { quotaBytes: 20_000 });
    await s.open();
    s.create(info({ id: 'big', status: 'running', endedAt: null }), MACHINE);
    for (let i = 0; i < 100; i++) s.appendOutput('big', out('big', i, 'x'.repeat(1000)));
    const done = s.finish('big', {});
    expect(done.journal).toBe('truncated');
    const size = fs.statSync(path.join(dir, 'big.ndjson')).size;
    expect(size).toBeLessThan(20_000 + 4000);
    const lines = fs.readFileSync(path.join(dir, 'big.ndjson'), 'utf8').trim().split('\n');
    expect(lines.filter((l) => l.startsWith('{"t":"truncated"'))).toHaveLength(1);
    expect(JSON.parse(lines.at(-1)!).t).toBe('end');
    const again = new RunStore(dir);
    await again.open();
    expect(again.info('big')).toMatchObject({ status: 'finished', journal: 'truncated' });
  });

  it('never evicts the run that just ended nor a live one, and evicts the oldest first', async () => {
    const s = new RunStore(dir, { capBytes: 30_000 });
    await s.open();
    for (let i = 1; i <= 3; i++) {
      s.create(info({ id: `small${i}`, startedAt: i }), MACHINE);
      s.appendOutput(`small${i}`, out(`small${i}`, i, 'y'.repeat(3000)));
      s.finish(`small${i}`, {});
    }
    s.create(info({ id: 'live', startedAt: 4, status: 'running', endedAt: null }), MACHINE);
    s.create(info({ id: 'huge', startedAt: 5, status: 'running', endedAt: null }), MACHINE);
    for (let i = 0; i < 40; i++) s.appendOutput('huge', out('huge', i, 'z'.repeat(1000)));
    s.finish('huge', {});
    const ids = s.list().map((r) => r.id);
    // 'huge' alone is over the cap: it stays, and so does the live run; the small ones went oldest first.
    expect(ids).toContain('huge');
    expect(ids).toContain('live');
    expect(ids).not.toContain('small1');
    await s.open();
    expect(s.list().map((r) => r.id)).toContain('huge');
  });

  it('reads the cap from PROCLAB_MAX_STORE, never below the minimum', () => {
    expect(storeCapFromEnv({})).toBe(DEFAULT_STORE_CAP_BYTES);
    expect(storeCapFromEnv({ PROCLAB_MAX_STORE: '1G' })).toBe(1024 ** 3);
    expect(storeCapFromEnv({ PROCLAB_MAX_STORE: '500m' })).toBe(500 * 1024 ** 2);
    expect(storeCapFromEnv({ PROCLAB_MAX_STORE: '1' })).toBe(MIN_STORE_CAP_BYTES);
    expect(storeCapFromEnv({ PROCLAB_MAX_STORE: 'lots' })).toBe(DEFAULT_STORE_CAP_BYTES);
  });
});

describe('damaged journals and modes', () => {
  it('moves a journal with a damaged first line aside and says so', async () => {
    fs.mkdirSync(dir, { recursive: true });
    const good = new RunStore(dir);
    await good.open();
    good.create(info({ id: 'ok' }), MACHINE);
    good.finish('ok', {});
    fs.writeFileSync(path.join(dir, 'bad.ndjson'), '{"t":"hea\n{"t":"end","patch":{}}\n');
    const notes: string[] = [];
    const s = new RunStore(dir, { onNotice: (t) => notes.push(t) });
    await s.open();
    expect(s.list().map((r) => r.id)).toEqual(['ok']);
    const moved = fs.readdirSync(dir).filter((n) => n.startsWith('bad.ndjson.damaged-'));
    expect(moved).toHaveLength(1);
    expect(notes.join('\n')).toMatch(/bad\.ndjson is damaged.*moved aside as bad\.ndjson\.damaged-\d+/);
  });

  it('creates the runs folder 0700 and journals 0600', async () => {
    const s = new RunStore(dir);
    await s.open();
    s.create(info({ id: 'p' }), MACHINE);
    s.finish('p', {});
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(dir, 'p.ndjson')).mode & 0o777).toBe(0o600);
  });

  it('a failed write never throws: the journal is marked incomplete and the owner hears once', async () => {
    const errors: string[] = [];
    const s = new RunStore(dir, { onStorageError: (id, e) => errors.push(`${id}:${e.code}`) });
    await s.open();
    s.create(info({ id: 'w', status: 'running', endedAt: null }), MACHINE);
    // The descriptor goes away under the store, as a write on a full or failed disk would fail.
    const fd = (s as unknown as { entries: Map<string, { fd: number }> }).entries.get('w')!.fd;
    fs.closeSync(fd);
    expect(() => s.appendOutput('w', out('w', 1, 'a'))).not.toThrow();
    expect(() => s.appendOutput('w', out('w', 2, 'b'))).not.toThrow();
    expect(() => s.finish('w', {})).not.toThrow();
    expect(errors).toEqual(['w:EBADF']);
    expect(s.info('w')).toMatchObject({ status: 'finished', journal: 'incomplete' });
  });
});

describe('pages from the index', () => {
  it('reads a page without reading the journal again, and opens a big ended journal by its first and last lines', async () => {
    const s = new RunStore(dir);
    await s.open();
    s.create(info({ id: 'idx', status: 'running', endedAt: null }), MACHINE);
    const procs = Array.from({ length: 20 }, (_, i) => proc(100 + i, 5));
    for (let i = 0; i < 3000; i++) {
      s.appendSample('idx', sample(1_000_000 + i * 1000, procs));
      s.appendOutput('idx', out('idx', 1_000_000 + i * 1000, `line ${i}`));
      if (i % 500 === 0) s.appendEvent('idx', ev('spawned', 100 + i, 1_000_000 + i * 1000, { runId: 'idx' }));
    }
    s.finish('idx', {});
    const size = fs.statSync(path.join(dir, 'idx.ndjson')).size;
    expect(size).toBeGreaterThan(5 * 1024 * 1024);

    let before = journalReads.bytes;
    const reopened = new RunStore(dir);
    await reopened.open();
    expect(reopened.info('idx').status).toBe('finished');
    expect(journalReads.bytes - before).toBeLessThan(1024 * 1024);

    const first = await pageRunJournal(reopened, 'idx', 100);
    expect(first.samples).toHaveLength(100);
    expect(first.events).toHaveLength(6);
    expect(first.outputs[0]!.text).toBe('line 0');
    before = journalReads.bytes;
    const page = await pageRunJournal(reopened, 'idx', 100, '2000.2500');
    expect(page.samples.map((x) => x.ts)[0]).toBe(1_000_000 + 2000 * 1000);
    expect(page.outputs.map((o) => o.text)[99]).toBe('line 2599');
    expect(page.events).toEqual([]);
    expect(page.next).toBe('2100.2600');
    // Two windows of a page each, not the file.
    expect(journalReads.bytes - before).toBeLessThan(size / 4);
    const whole = await reopened.get('idx');
    expect(whole.samples).toHaveLength(3000);
  });
});
