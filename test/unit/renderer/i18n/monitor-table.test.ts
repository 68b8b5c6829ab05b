/** Issue 13's Monitor table: the USER/%MEM/TIME+ columns, the chooser, and the words it shows in 简体中文. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { doneMessage } from '../../../../src/renderer/src/control/actions';
import { I18nProvider } from '../../../../src/renderer/src/i18n/I18nProvider';
import { en, zh } from '../../../../src/renderer/src/i18n/messages';
import { translate, type TFn } from '../../../../src/renderer/src/i18n/translate';
import {
  ACTIONS_WIDTH,
  DEFAULT_COLUMNS,
  parseStoredColumns,
  PROC_COLUMNS,
  rowMinWidth,
  sortRows,
  visibleColumns,
} from '../../../../src/renderer/src/proctable/columns';
import { ProcRowView } from '../../../../src/renderer/src/proctable/ProcRow';
import { fmtCpuTime } from '../../../../src/shared/format';
import { isServiceDaemon, ReparentWatch } from '../../../../src/main/core/sampler/foreign-lineage';
import type { ProcRow } from '../../../../src/shared/model';
import { proc } from '../../renderer-fixtures';

// Node 20 has no navigator: the provider reads the browser's language from it.
const g = globalThis as { navigator?: { language: string } };
if (!g.navigator) Object.defineProperty(globalThis, 'navigator', { value: { language: 'en-US' }, configurable: true });

/** The provider's language is the stored choice, as in the app: a stub store that answers `lang`. */
function storeLang(lang: 'en' | 'zh'): void {
  Object.defineProperty(globalThis, 'localStorage', { value: { getItem: () => lang, setItem: () => {} }, configurable: true });
}

const tZh: TFn = (k, v) => translate('zh', k, v);
const tEn: TFn = (k, v) => translate('en', k, v);

/** The English words a state, badge or socket state would leak as. */
const ENGLISH_STATE =
  /\b(running|sleeping|disk wait|stopped|zombie|dead|idle|unknown|orphan|daemon|exited|killed|established|listen(ing)?|close_wait|time_wait|socket|pipe)\b/i;

describe('the new columns', () => {
  const rows = [
    proc(2, { user: 'root', memPct: 0.5, cpuTimeMs: 61_230 }),
    proc(3, { user: 'alice', memPct: 12.25, cpuTimeMs: 999 }),
    proc(4, { user: null }), // a source that knows neither (ps, pidusage)
  ];
  it('sort by a plain function of a ProcRow field; unknown values sort below every known one', () => {
    expect(sortRows(rows, { column: 'mem', dir: 'desc' }).map((r) => r.pid)).toEqual([3, 2, 4]);
    expect(sortRows(rows, { column: 'cputime', dir: 'desc' }).map((r) => r.pid)).toEqual([2, 3, 4]);
    expect(sortRows(rows, { column: 'user', dir: 'asc' }).map((r) => r.pid)).toEqual([4, 3, 2]);
    for (const id of ['user', 'mem', 'cputime', 'ni'] as const) expect(PROC_COLUMNS.find((c) => c.id === id)!.sortable).not.toBe(false);
  });
  it('TIME+ prints as htop does', () => {
    expect(fmtCpuTime(0)).toBe('0:00.00');
    expect(fmtCpuTime(61_230)).toBe('1:01.23');
    expect(fmtCpuTime(3_600_000 + 2 * 60_000 + 5_000)).toBe('1h02:05');
    expect(fmtCpuTime(50 * 3_600_000)).toBe('2d02h');
  });
  it('show "—" where the source has no value, and the values where it has', () => {
    const html = (r: ProcRow): string =>
      renderToStaticMarkup(
        createElement(
          I18nProvider,
          null,
          createElement(ProcRowView, {
            item: { kind: 'proc', key: 'k', row: r, depth: 0, childCount: 0, last: true },
            top: 0,
            gridStyle: {},
            columns: PROC_COLUMNS,
            selected: false,
            tagged: false,
            expanded: false,
            runName: null,
            onSelect: () => {},
            onToggle: () => {},
            onContextMenu: () => {},
            onAct: () => {},
            t: tEn,
          }),
        ),
      );
    const cell = (h: string, id: string): string =>
      (new RegExp(`td-${id}"[^>]*>([\\s\\S]*?)</div>`).exec(h)?.[1] ?? '').replace(/<[^>]+>/g, '');
    storeLang('en');
    const known = html(rows[0]!);
    expect(cell(known, 'user')).toBe('root');
    expect(cell(known, 'mem')).toBe('0.5');
    expect(cell(known, 'cputime')).toBe('1:01.23');
    const unknown = html(rows[2]!);
    for (const id of ['user', 'mem', 'cputime']) expect(cell(unknown, id)).toBe('—');
  });
});

describe('the column chooser', () => {
  it('keeps the table’s order, always shows PID and name, and drops unknown stored ids', () => {
    expect(visibleColumns('monitor', ['run', 'cpu']).map((c) => c.id)).toEqual(['pid', 'name', 'cpu', 'run']);
    expect(parseStoredColumns('monitor', '["cpu","nonsense",3]')).toEqual(['cpu']);
    expect(parseStoredColumns('monitor', 'not json')).toEqual(DEFAULT_COLUMNS.monitor);
    expect(parseStoredColumns('monitor', null)).toEqual(DEFAULT_COLUMNS.monitor);
    expect(parseStoredColumns('run', '["run"]')).toEqual(DEFAULT_COLUMNS.run); // a run's table has no Run column
  });
  it('the Monitor’s default set fits 1440 px (page and card padding, a scrollbar) with its Actions', () => {
    const def = visibleColumns('monitor', DEFAULT_COLUMNS.monitor);
    expect(def.map((c) => c.id)).toEqual(expect.arrayContaining(['user', 'ni', 'mem', 'cputime']));
    expect(rowMinWidth(def)).toBeLessThanOrEqual(1340);
    expect(rowMinWidth(def)).toBeGreaterThan(ACTIONS_WIDTH);
    // Every column shown at once needs more than that: the table then scrolls sideways.
    expect(rowMinWidth(PROC_COLUMNS)).toBeGreaterThan(1440);
  });
});

describe('简体中文 shows no English state words', () => {
  it('in the catalogue’s state, badge, socket and descriptor words', () => {
    for (const [k, v] of Object.entries(zh)) {
      if (!/^(state|legend|tcp|wait\.fd)\./.test(k)) continue;
      expect({ [k]: v.replace(/PID|SIGSTOP|SIGCONT|SYN|FIN|ACK|IO|setsid|systemd|subreaper/g, '') }[k]).not.toMatch(ENGLISH_STATE);
    }
  });
  it('in a row’s cells and tooltips (badges, the Network column’s socket states)', () => {
    storeLang('zh');
    const row = proc(7, {
      state: 'sleeping',
      orphan: true,
      daemon: true,
      net: {
        sockets: 3,
        byState: { ESTABLISHED: 2, LISTEN: 1 },
        listening: [':8080'],
        peers: [],
        tcp: [],
        bytesSent: 10,
        bytesReceived: 20,
      },
    });
    const html = renderToStaticMarkup(
      createElement(
        I18nProvider,
        null,
        createElement(ProcRowView, {
          item: { kind: 'proc', key: 'k', row, depth: 0, childCount: 0, last: true },
          top: 0,
          gridStyle: {},
          columns: PROC_COLUMNS,
          selected: false,
          tagged: false,
          expanded: false,
          runName: null,
          onSelect: () => {},
          onToggle: () => {},
          onContextMenu: () => {},
          onAct: () => {},
          t: tZh,
        }),
      ),
    );
    // The text and titles a reader sees, not the data-* attributes and class names meant for code.
    const seen = [...html.matchAll(/title="([^"]*)"/g)].map((m) => m[1]).join(' ') + html.replace(/<[^>]+>/g, ' ');
    expect(seen).toContain('已建立');
    expect(seen.replace(/\/bin\/p7 --flag|p7/g, '')).not.toMatch(ENGLISH_STATE);
  });
  it('in the notice after an action when the host sent only English', () => {
    const res = { pid: 42, action: 'signal', message: 'sent SIGHUP to 42', signalled: 1 };
    expect(doneMessage(res, 'SIGHUP', 'zh', tZh)).toBe('已向 PID 42 发送 SIGHUP');
    expect(doneMessage({ ...res, action: 'stop', message: 'sent SIGSTOP to 42' }, undefined, 'zh', tZh)).not.toMatch(/sent/);
    expect(doneMessage({ ...res, text: { en: 'e', zh: '引擎的话' } }, 'SIGHUP', 'zh', tZh)).toBe('引擎的话');
  });
  it('the legend says what daemon and orphan mean, in both languages', () => {
    expect(en['legend.daemon']).toMatch(/no controlling terminal.*PID 1 or a service manager/);
    expect(en['legend.orphan']).toMatch(/while ProcLab watched.*not marked/);
    expect(zh['legend.daemon']).toContain('没有控制终端');
    expect(zh['legend.orphan']).toContain('不标记');
  });
});

describe('daemon and orphan outside runs', () => {
  const st = (pid: number, ppid: number, session: number, ttyNr: number) => ({ pid, ppid, session, ttyNr });
  it('a daemon is a session leader without a terminal under PID 1 or a service manager, nothing else', () => {
    expect(isServiceDaemon(st(500, 1, 500, 0), 'tini')).toBe(true);
    expect(isServiceDaemon(st(501, 77, 501, 0), 'systemd')).toBe(true); // a user's systemd
    expect(isServiceDaemon(st(502, 300, 502, 0), 'node')).toBe(false); // setsid'd by an app: not a service
    expect(isServiceDaemon(st(503, 1, 400, 0), undefined)).toBe(false); // not its own session
    expect(isServiceDaemon(st(504, 1, 504, 34816), undefined)).toBe(false); // has a terminal
    expect(isServiceDaemon(st(1, 0, 1, 0), undefined)).toBe(false);
    expect(isServiceDaemon(st(9, 2, 0, 0), 'kthreadd')).toBe(false); // kernel thread
  });
  it('an orphan is a process whose parent changed while watched; ppid 1 from the first look is not one', () => {
    const w = new ReparentWatch();
    expect(w.see(10, 5, 1)).toBe(false);
    expect(w.see(10, 5, 1)).toBe(false);
    expect(w.see(11, 5, 300)).toBe(false);
    expect(w.see(11, 5, 1)).toBe(true);
    expect(w.see(11, 5, 1)).toBe(true); // stays an orphan
    expect(w.see(11, 6, 1)).toBe(false); // a new process on the reused pid
    w.retain(new Set(['10:5']));
    expect(w.see(11, 5, 1)).toBe(false); // forgotten once gone
  });
});
