/** Defects of the new-user pass (issue 13): each test fails on the code before the fix. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionNotes } from '../../../../src/renderer/src/control/actions';
import { en, zh } from '../../../../src/renderer/src/i18n/messages';
import { addNotice, type Notice } from '../../../../src/renderer/src/ui/notices';

describe('new-user defects', () => {
  it('"Kill tree" says what it does: TERM, a grace period, then KILL (not "sends SIGKILL")', () => {
    expect(en['action.does.kill-tree']).toMatch(/SIGTERM.*grace.*SIGKILL/);
    expect(zh['action.does.kill-tree']).toMatch(/SIGTERM.*宽限.*SIGKILL/);
  });
  it('TERM (or Kill tree) to a stopped process says it waits until the process is continued', () => {
    expect(actionNotes('terminate', { state: 'stopped' })).toEqual(['action.note.stopped']);
    expect(actionNotes('kill-tree', { state: 'stopped' })).toEqual(['action.note.stopped']);
    expect(actionNotes('kill', { state: 'stopped' })).toEqual([]);
    expect(actionNotes('terminate', { state: 'sleeping' })).toEqual([]);
    expect(en['action.note.stopped']).toContain('SIGCONT');
  });
  it('the page’s CSP meta has no frame-ancestors (browsers ignore it in a meta and warn on every load; the header carries it)', () => {
    const html = readFileSync(join(__dirname, '..', '..', '..', '..', 'src', 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(meta).toContain("default-src 'self'");
    expect(meta).not.toContain('frame-ancestors');
  });
});

describe('export toasts do not stack over the charts', () => {
  it('at most two at once; the same words again count up instead of stacking', () => {
    let list: Notice[] = [];
    for (let i = 1; i <= 5; i++) list = addNotice(list, { id: i, tone: 'ok', text: `saved report-${i}.html` });
    expect(list.map((n) => n.id)).toEqual([4, 5]);
    let same: Notice[] = [];
    for (let i = 1; i <= 5; i++) same = addNotice(same, { id: i, tone: 'ok', text: 'exported' });
    expect(same).toEqual([{ id: 5, tone: 'ok', text: 'exported', count: 5 }]);
  });
});
