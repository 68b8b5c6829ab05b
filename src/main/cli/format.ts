import { say } from '../../shared/engine-texts';
import type { ProcRow, RunData, RunInfo } from '../../shared/model';
import type { CompareRow, Comparison } from '../../shared/results';
import { runtimesOf, type ScenarioInfo, type ScenarioLoadError } from '../../shared/scenario';
import { claimOutcome, OUTCOME_MARKS, OUTCOME_WORDS, outcomeBilingual, verdictOutcome } from '../../shared/verdict';
import { CONCEPTS, conceptLabel } from '../../shared/concepts';
import { COMPARE_COLUMNS } from '../../shared/compare-columns';
import { fmtBytes, fmtPeakMem, fmtMs, fmtFixed, fmtParams } from '../../shared/format';

/** Plain-text output for people; `--json` bypasses all of this. Pure, so it is unit-tested. */

/** Left-aligned columns; numbers right-aligned when `right` names them. */
export function table(header: string[], rows: string[][], right: number[] = []): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) =>
        i === cells.length - 1 && !right.includes(i) ? c : right.includes(i) ? pad(c, widths[i]!, true) : pad(c, widths[i]!, false),
      )
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** Display width: CJK characters take two columns in a terminal. */
export function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

function pad(s: string, w: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return right ? fill + s : s + fill;
}

export function formatScenarios(scenarios: ScenarioInfo[], errors: ScenarioLoadError[]): string {
  if (!scenarios.length) return 'No scenarios found · 没有找到场景\n';
  const rows = scenarios.map((s) => {
    const runtimes = runtimesOf(s).join(',');
    const model = s.params.find((p) => p.name === 'model' && p.type === 'enum');
    return [
      s.id,
      `${s.title.en} · ${s.title.zh}`,
      s.concepts.join(','),
      runtimes,
      s.kind,
      model && model.type === 'enum' ? model.values.join(',') : '',
    ];
  });
  let out = table(['SCENARIO', 'TITLE · 标题', 'CONCEPTS', 'RUNTIMES', 'KIND', 'MODELS'], rows);
  const used = [...new Set(scenarios.flatMap((s) => s.concepts))].sort((a, b) => a - b);
  out += `
Concepts (numbered as in the seed tutorials' concept list) · 概念（编号同种子教程的概念列表）:
`;
  out += used.map((n) => `  ${conceptLabel(n, 'en')} · ${CONCEPTS[n]?.zh ?? ''}\n`).join('');
  if (errors.length) out += `\n${errors.length} scenario(s) could not be loaded (see stderr) · ${errors.length} 个场景无法加载\n`;
  return out;
}

export function formatScenarioErrors(errors: ScenarioLoadError[]): string {
  return errors.map((e) => `proclab: scenario ${e.id}: ${e.field ? e.field + ': ' : ''}${e.message}\n`).join('');
}

export function formatRuns(runs: RunInfo[]): string {
  if (!runs.length) return 'No runs yet · 还没有运行记录\n';
  return table(
    ['RUN ID', 'STATUS', 'STARTED', 'WALL', 'NAME'],
    runs.map((r) => [
      r.id,
      r.journal ? `${r.status} (journal ${r.journal})` : r.status,
      new Date(r.startedAt).toISOString().slice(0, 19).replace('T', ' '),
      r.endedAt ? fmtMs(r.endedAt - r.startedAt) : '…',
      r.name,
    ]),
    [3],
  );
}

/** The end-of-run summary: what a learner wants to see first, then the verdict's claims. */
export function formatRunSummary(data: RunData, row: CompareRow): string {
  const { info } = data;
  const exit = info.exit ? (info.exit.signal ? `killed by ${info.exit.signal}` : `exit ${info.exit.code}`) : 'no exit status';
  const lines = [
    `run ${info.id} ${info.status} · ${info.name}`,
    `  wall ${fmtMs(row.wallMs)} · ${exit}${info.reason ? ` · ${info.reason}` : ''}`,
    `  cores used: avg ${fmtFixed(row.avgCores)}, peak ${fmtFixed(row.peakCores)} (of ${data.machine.cores}) · CPU user ${fmtMs(row.cpuUserMs)}, sys ${fmtMs(row.cpuSysMs)}`,
    `  ${row.peakMem != null ? `peak memory ${fmtPeakMem(row)} · ` : ''}peak RSS ${fmtBytes(row.peakRss)} · processes ${row.procsStarted} · peak threads ${row.threadsPeak}${row.spawnLatencyMs !== null ? ` · first spawn after ${fmtMs(row.spawnLatencyMs)}` : ''}`,
  ];
  if (info.journal) {
    const t = say(info.journal === 'truncated' ? 'note.journal-truncated' : 'note.journal-incomplete');
    lines.push(`  ${t.en} · ${t.zh}`);
  }
  lines.push(...formatVerdict(row));
  return lines.join('\n') + '\n';
}

function formatVerdict(row: CompareRow): string[] {
  if (!row.verdict) return [];
  const v = row.verdict;
  const why = v.inconclusive ? ` — ${v.inconclusive.text.en} · ${v.inconclusive.text.zh}` : '';
  return [
    `  verdict: ${outcomeBilingual(verdictOutcome(v)).toUpperCase()}${why}`,
    ...v.claims.map((c) => `    ${OUTCOME_MARKS[claimOutcome(c)]} ${c.text.en} · ${c.text.zh} — measured: ${c.measured}`),
  ];
}

/** The verdict column: a failure stands out in capitals. */
function verdictWord(v: CompareRow['verdict']): string {
  if (!v) return '—';
  const o = verdictOutcome(v);
  return o === 'fail' ? 'FAIL' : OUTCOME_WORDS[o].en;
}

/** The figures wide enough a terminal shows them (those with a CLI header). */
const CLI_FIGURES = COMPARE_COLUMNS.filter((col) => col.cli);

export function formatComparison(c: Comparison): string {
  const rows = c.rows.map((r) => [
    r.name + (r.runId === c.baselineId ? ' (baseline)' : ''),
    r.status,
    ...CLI_FIGURES.map((col) => col.text(r)),
    verdictWord(r.verdict),
  ]);
  let out = table(
    ['RUN', 'STATUS', ...CLI_FIGURES.map((col) => col.cli!), 'VERDICT'],
    rows,
    CLI_FIGURES.map((_, i) => 2 + i),
  );
  for (const r of c.rows) {
    const v = formatVerdict(r);
    if (v.length) out += `\n${r.name} (${r.runId}) ${fmtParams(r.params)}\n${v.join('\n')}\n`;
  }
  return out;
}

/** `ps` rows, optionally as a tree (children under their parent, by ppid). */
export function formatProcesses(procs: ProcRow[], tree: boolean): string {
  // START is the start time in clock ticks after boot: `proclab kill PID --start-time START`
  // then refuses if PID has since been reused by another process.
  const header = ['PID', 'PPID', 'START', 'USER', 'STATE', 'CPU%', 'RSS', 'THR', 'RUN', 'COMMAND'];
  const row = (p: ProcRow, indent: string) => [
    String(p.pid),
    String(p.ppid),
    String(p.startTime),
    p.user ?? '?',
    p.state,
    p.cpu.toFixed(1),
    fmtBytes(p.rss),
    String(p.threads),
    p.runId ?? '-',
    indent + (p.cmd || p.name),
  ];
  if (!tree)
    return table(
      header,
      [...procs].sort((a, b) => a.pid - b.pid).map((p) => row(p, '')),
      [0, 1, 2, 5, 6, 7],
    );
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const kids = new Map<number, ProcRow[]>();
  const roots: ProcRow[] = [];
  for (const p of procs) {
    if (p.ppid !== p.pid && byPid.has(p.ppid)) {
      const list = kids.get(p.ppid) ?? [];
      list.push(p);
      kids.set(p.ppid, list);
    } else roots.push(p);
  }
  const rows: string[][] = [];
  const seen = new Set<number>();
  const walk = (p: ProcRow, prefix: string, last: boolean, depth: number) => {
    if (seen.has(p.pid)) return; // a pid cycle can only come from a torn read; never loop on it
    seen.add(p.pid);
    rows.push(row(p, depth === 0 ? '' : prefix + (last ? '└─ ' : '├─ ')));
    const children = (kids.get(p.pid) ?? []).sort((a, b) => a.pid - b.pid);
    children.forEach((c, i) => walk(c, depth === 0 ? '' : prefix + (last ? '   ' : '│  '), i === children.length - 1, depth + 1));
  };
  roots.sort((a, b) => a.pid - b.pid).forEach((r) => walk(r, '', true, 0));
  return table(header, rows, [0, 1, 2, 5, 6, 7]);
}
