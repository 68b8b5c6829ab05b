import type { ExportedReport } from '../../../shared/results';
import { shellJoin } from '../../../shared/argv';
import { CONCEPTS } from '../../../shared/concepts';
import { claimOutcome, OUTCOME_MARKS, outcomeBilingual, verdictOutcome } from '../../../shared/verdict';
import { COMPARE_COLUMNS, type CompareColumn } from '../../../shared/compare-columns';
import { fmtBytes, fmtDate, fmtFixed, fmtParams } from '../../../shared/format';
import { deadlockNotes, escapeHtml as e, metricNames, reportFilename, type ReportInput } from './common';
import { cjkFontFace, REPORT_CJK_FAMILY } from './cjk-font';
import { lineChart, PALETTE, stepDecimals } from './svg';

/** The efficiency column's own definition (one text for the UI's tooltip and this note). */
const EFFICIENCY_HELP = COMPARE_COLUMNS.find((c) => c.id === 'efficiency')!.help!;

/**
 * Self-contained HTML report: inline CSS and inline SVG only, no script, no URL, and a CSP
 * that forbids fetching anything, so it opens offline with zero network requests and prints
 * cleanly. Every string that came from a run (names, params, argv, output) is escaped.
 */
export function exportHtml(input: ReportInput): ExportedReport {
  return { filename: reportFilename(input, 'html'), mime: 'text/html', content: renderHtml(input) };
}

/** The report as written to a file: with the CJK glyphs it uses embedded (see cjk-font.ts). */
export async function exportHtmlWithFont(input: ReportInput): Promise<ExportedReport> {
  const bare = exportHtml(input);
  return { ...bare, content: renderHtml(input, await cjkFontFace(bare.content)) };
}

/** `fontFace`: @font-face rules for REPORT_CJK_FAMILY to embed (exportHtmlWithFont makes them). */
export function renderHtml(input: ReportInput, fontFace = ''): string {
  const { comparison: c, runs } = input;
  const color = new Map(c.rows.map((r, i) => [r.runId, PALETTE[i % PALETTE.length]!]));
  const base = c.rows.find((r) => r.runId === c.baselineId);
  const swatch = (runId: string) => `<span class="swatch" style="background:${color.get(runId)}"></span>`;

  const charts: string[] = [];
  charts.push(
    lineChart({
      id: 'chart-cores',
      title: 'Cores used · 使用的核心数',
      series: c.series.map((s) => ({ name: s.name, color: color.get(s.runId)!, points: s.points.map((p) => [p.t, p.cores]) })),
      formatY: (y, step) => fmtFixed(y, stepDecimals(step)),
      minYMax: 1,
      refLine: { y: c.machine.cores, label: `${c.machine.cores} cores on this machine` },
    }),
  );
  charts.push(
    lineChart({
      id: 'chart-rss',
      title: 'Memory (RSS) · 内存（常驻集）',
      series: c.series.map((s) => ({ name: s.name, color: color.get(s.runId)!, points: s.points.map((p) => [p.t, p.rss]) })),
      formatY: fmtBytes,
    }),
  );
  metricNames(c).forEach((m, i) => {
    charts.push(
      lineChart({
        id: `chart-metric-${i}`,
        title: `Scenario metric · 场景指标: ${m}`,
        series: c.series.map((s) => ({
          name: s.name,
          color: color.get(s.runId)!,
          points: s.points.filter((p) => m in p.metrics).map((p) => [p.t, p.metrics[m]!]),
        })),
        formatY: (y, step) => (Math.abs(y) >= 1e6 ? y.toExponential(1) : fmtFixed(y, stepDecimals(step))),
      }),
    );
  });

  const outcomeSpan = (o: ReturnType<typeof verdictOutcome>) => `<span class="${o}">${outcomeBilingual(o)}</span>`;
  const verdictCell = (r: (typeof c.rows)[number]) => (r.verdict ? outcomeSpan(verdictOutcome(r.verdict)) : '—');
  const runCell = (r: (typeof c.rows)[number]) =>
    `<td>${swatch(r.runId)}${e(r.name)}${r.runId === c.baselineId && c.rows.length > 1 ? ' <small>(baseline · 基线)</small>' : ''}</td>`;
  const figureCells = (r: (typeof c.rows)[number], part: CompareColumn['part']) =>
    COMPARE_COLUMNS.filter((col) => col.part === part)
      .map((col) => `<td class="n">${e(col.text(r))}</td>`)
      .join('');
  const figureHeads = (part: CompareColumn['part']) =>
    COMPARE_COLUMNS.filter((col) => col.part === part)
      .map((col) => `<th>${e(col.head.en)} · ${e(col.head.zh)}</th>`)
      .join('');
  // Two tables rather than one 17-column one, so that both fit a printed page.
  const timeRows = c.rows
    .map(
      (r) => `<tr${r.runId === c.baselineId ? ' class="baseline"' : ''}>${runCell(r)}
<td>${e(r.runtime)}</td><td class="params">${e(fmtParams(r.params) || '—')}</td><td>${e(r.status)}</td>
${figureCells(r, 'time')}<td>${verdictCell(r)}</td></tr>`,
    )
    .join('\n');
  const resourceRows = c.rows
    .map(
      (r) => `<tr${r.runId === c.baselineId ? ' class="baseline"' : ''}>${runCell(r)}
${figureCells(r, 'resources')}</tr>`,
    )
    .join('\n');

  const verdicts = c.rows
    .filter((r) => r.verdict)
    .map(
      (r) => `<section class="verdict"><h3>${swatch(r.runId)}${e(r.name)} — ${outcomeSpan(verdictOutcome(r.verdict!))}</h3>${
        r.verdict!.inconclusive
          ? `\n<p class="inconclusive">${e(r.verdict!.inconclusive.text.en)}<br><span lang="zh">${e(r.verdict!.inconclusive.text.zh)}</span></p>`
          : ''
      }
<ul>${r
        .verdict!.claims.map(
          (cl) =>
            `<li class="${claimOutcome(cl)}"><b>${OUTCOME_MARKS[claimOutcome(cl)]}</b> ${e(cl.text.en)}<br><span lang="zh">${e(cl.text.zh)}</span><br><span class="measured">measured · 实测: ${e(cl.measured)}</span></li>`,
        )
        .join('')}</ul></section>`,
    )
    .join('\n');

  const runRows = runs
    .map(
      (
        r,
      ) => `<tr><td>${swatch(r.info.id)}<code>${e(r.info.id)}</code></td><td>${e(r.info.name)}</td><td><code>${e(shellJoin(r.info.argv))}</code></td>
<td>${e(fmtDate(r.info.startedAt))}</td><td>${e(fmtDate(r.info.endedAt))}</td>
<td>${r.info.exit ? e(r.info.exit.signal ?? `code ${r.info.exit.code}`) : '—'}${r.info.reason ? `<br><small>${e(r.info.reason)}</small>` : ''}</td>
<td class="n">${r.samples.length}</td></tr>`,
    )
    .join('\n');

  const deadlocks = deadlockNotes(runs)
    .map(
      (d) =>
        `<li class="fail">${swatch(d.runId)}<b>${e(d.runName)}</b> — ${e(fmtDate(d.suspected.ts))}: ${e(d.suspected.detail)}<br><span lang="zh">${e(d.suspected.text.zh)}</span>` +
        `<br><small>lock words · 锁地址: ${e(d.suspected.locks.map((l) => `${l.word ?? '?'} (${l.tids.length})`).join(', '))}</small>` +
        (d.suspected.cycle ? `<br>cycle · 等待环: ${e(d.suspected.cycle)}` : '') +
        `<br><small>${d.withdrawnAt === null ? 'not withdrawn before the run ended · 直到运行结束仍未解除' : e(`${fmtDate(d.withdrawnAt)}: ${d.withdrawn}`)}</small></li>`,
    )
    .join('\n');

  const m = c.machine;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ProcLab">
<title>ProcLab ${c.rows.length === 1 ? 'run' : 'comparison'} — ${e(c.rows.map((r) => r.name).join(' vs '))}</title>
<style>${fontFace}${CSS}</style>
</head>
<body>
<header>
<h1>${c.rows.length === 1 ? 'ProcLab run · 运行报告' : 'ProcLab comparison · 运行对比'}</h1>
<p>${c.rows.length === 1 ? `generated ${e(fmtDate(c.generatedAt))}` : `${c.rows.length} runs · generated ${e(fmtDate(c.generatedAt))} · baseline · 基线: <b>${e(base?.name ?? c.baselineId)}</b>`}</p>
${conceptsLine(input.concepts)}
</header>
<section>
<h2>Figures · 数据</h2>
<div class="scroll"><table class="figures">
<thead><tr><th>Run · 运行</th><th>Runtime</th><th>Params</th><th>Status</th>${figureHeads('time')}<th>Verdict · 结论</th></tr></thead>
<tbody>
${timeRows}
</tbody></table></div>
<div class="scroll"><table class="figures resources">
<thead><tr><th>Run · 运行</th>${figureHeads('resources')}</tr></thead>
<tbody>
${resourceRows}
</tbody></table></div>
<p class="note">Cores used = the sum of the run's processes' CPU% ÷ 100 at each sample; the average weights each sample by the interval it covers. Speedup = baseline wall time ÷ this wall time; efficiency: ${e(EFFICIENCY_HELP.en)} · ${e(EFFICIENCY_HELP.zh)} CPU time comes from /proc where available.</p>
</section>
<section class="charts">
<h2>Over time · 随时间变化</h2>
${charts.map((svg) => `<figure>${svg}</figure>`).join('\n')}
</section>
${verdicts ? `<section><h2>Verdicts · 结论</h2>\n${verdicts}\n</section>` : ''}
${deadlocks ? `<section><h2>Deadlock watchdog · 死锁看门狗</h2>\n<ul>${deadlocks}</ul>\n</section>` : ''}
<section>
<h2>Runs · 运行记录</h2>
<div class="scroll"><table>
<thead><tr><th>Id</th><th>Name</th><th>Command · 命令</th><th>Started · 开始</th><th>Ended · 结束</th><th>Exit · 退出</th><th>Samples</th></tr></thead>
<tbody>
${runRows}
</tbody></table></div>
</section>
<section>
<h2>Machine · 机器</h2>
<table class="machine"><tbody>
<tr><th>CPU</th><td>${e(m.cpuModel)}</td></tr>
<tr><th>Cores · 核心数</th><td>${m.cores}</td></tr>
<tr><th>OS</th><td>${e(m.os)}</td></tr>
<tr><th>Kernel</th><td>${e(m.kernel)}</td></tr>
<tr><th>Node</th><td>${e(m.node)}</td></tr>
<tr><th>Python</th><td>${e(m.python ?? '—')}</td></tr>
</tbody></table>
</section>
<footer>Generated by ProcLab. Figures were measured on the machine above; core-count-dependent results differ elsewhere.</footer>
</body>
</html>
`;
}

// The embedded CJK face comes first: its unicode-range holds only the report's CJK characters, so Latin
// text keeps the system font, and no system family ahead of it can claim a CJK character with a box.
const CSS = `
:root{color-scheme:light;--fg:#1b1f24;--muted:#5b6470;--line:#d8dde3;--pass:#0a7a3e;--fail:#b3261e;--inconclusive:#8a5a00}
*{box-sizing:border-box}
body{font:14px/1.45 "${REPORT_CJK_FAMILY}",system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;color:var(--fg);margin:24px auto;max-width:1100px;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:12px 0 4px}
header p,.note,footer{color:var(--muted)}.note{font-size:12px}footer{margin-top:32px;font-size:12px}
table{border-collapse:collapse;width:100%;font-size:12.5px}th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f4f6f8;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.params{font-family:ui-monospace,monospace;font-size:12px}
tr.baseline td{background:#fbfbf3}table.figures td:first-child{min-width:170px}table.figures+.scroll,.scroll+.scroll{margin-top:10px}.scroll{overflow-x:auto}.machine th{width:160px}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px;word-break:break-all}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:baseline;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.pass{color:var(--pass)}.fail{color:var(--fail)}.inconclusive{color:var(--inconclusive)}.measured{color:var(--muted);font-size:12px}
.verdict ul{margin:4px 0 12px;padding-left:20px}.verdict li{margin:4px 0;list-style:none}
figure{margin:12px 0;break-inside:avoid;page-break-inside:avoid}
svg.chart{width:100%;height:auto;max-width:760px;display:block;font-family:inherit}
svg .grid{stroke:#e6e9ed;stroke-width:1}svg .axis{stroke:#8a939e;stroke-width:1}svg .ref{stroke:#8a939e;stroke-dasharray:5 4}
svg .tick{font-size:11px;fill:#5b6470}svg .chart-title{font-size:13px;font-weight:600;fill:#1b1f24}svg .legend{font-size:11px;fill:#1b1f24}
@media print{body{margin:0;max-width:none;font-size:11px}h2{break-after:avoid;page-break-after:avoid}.scroll{overflow:visible}table{font-size:10px}
tr,li,section.verdict{break-inside:avoid;page-break-inside:avoid}th{background:none}tr.baseline td{background:none}a{color:inherit;text-decoration:none}}
`;

/** The seed-tutorial concepts the runs show, by their number in the tutorials' concept list. */
function conceptsLine(concepts: number[] | undefined): string {
  if (!concepts?.length) return '';
  const named = concepts.map((n) => `${n} ${e(CONCEPTS[n]?.en ?? '')} · ${e(CONCEPTS[n]?.zh ?? '')}`);
  return `<p class="note">Concepts (numbered as in the seed tutorials) · 概念（编号同种子教程）: ${named.join('; ')}</p>`;
}
