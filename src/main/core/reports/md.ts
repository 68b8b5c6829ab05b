import type { ExportedReport } from '../../../shared/results';
import { shellJoin } from '../../../shared/argv';
import { CONCEPTS } from '../../../shared/concepts';
import { claimOutcome, OUTCOME_WORDS, verdictOutcome } from '../../../shared/verdict';
import { COMPARE_COLUMNS } from '../../../shared/compare-columns';
import { fmtDate, fmtParams } from '../../../shared/format';
import { deadlockNotes, reportFilename, type ReportInput } from './common';

/** Text in a table cell: pipes and newlines would break the row. */
function cell(s: unknown): string {
  return String(s)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ');
}

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

export function exportMarkdown(input: ReportInput): ExportedReport {
  const { comparison: c, runs } = input;
  const base = c.rows.find((r) => r.runId === c.baselineId);
  const out: string[] = [];
  const single = c.rows.length === 1;
  out.push(single ? `# ProcLab run` : `# ProcLab comparison`, '');
  out.push(
    single
      ? `Generated ${fmtDate(c.generatedAt)}.`
      : `Generated ${fmtDate(c.generatedAt)}. Baseline: **${cell(base?.name ?? c.baselineId)}**.`,
    '',
  );
  if (input.concepts?.length)
    out.push(
      `Concepts (numbered as in the seed tutorials): ${input.concepts.map((n) => `${n} ${CONCEPTS[n]?.en ?? ''} · ${CONCEPTS[n]?.zh ?? ''}`).join('; ')}.`,
      '',
    );
  out.push('## Figures', '');
  out.push(
    table(
      ['Run', 'Runtime', 'Params', 'Status', ...COMPARE_COLUMNS.map((col) => col.head.en), 'Verdict'],
      c.rows.map((r) => [
        r.name,
        r.runtime,
        fmtParams(r.params) || '—',
        r.status,
        ...COMPARE_COLUMNS.map((col) => col.text(r)),
        r.verdict ? OUTCOME_WORDS[verdictOutcome(r.verdict)].en : '—',
      ]),
    ),
    '',
  );
  const withVerdicts = c.rows.filter((r) => r.verdict && r.verdict.claims.length);
  if (withVerdicts.length) {
    out.push('## Verdicts', '');
    for (const r of withVerdicts) {
      out.push(`### ${cell(r.name)} — ${OUTCOME_WORDS[verdictOutcome(r.verdict!)].en}`, '');
      if (r.verdict!.inconclusive) out.push(`${r.verdict!.inconclusive.text.en} · ${r.verdict!.inconclusive.text.zh}`, '');
      out.push(
        table(
          ['Claim', '声明', 'Result', 'Measured'],
          r.verdict!.claims.map((cl) => [cl.text.en, cl.text.zh, OUTCOME_WORDS[claimOutcome(cl)].en, cl.measured]),
        ),
        '',
      );
    }
  }
  const deadlocks = deadlockNotes(runs);
  if (deadlocks.length) {
    out.push('## Deadlock watchdog', '');
    out.push(
      table(
        ['Run', 'Suspected', 'Lock words', 'Wait-for cycle', 'Withdrawn'],
        deadlocks.map((d) => [
          d.runName,
          `${fmtDate(d.suspected.ts)}: ${d.suspected.detail}`,
          d.suspected.locks.map((l) => `${l.word ?? '?'} (${l.tids.length})`).join(', '),
          d.suspected.cycle ?? '—',
          d.withdrawnAt === null ? 'no (stood until the run ended)' : `${fmtDate(d.withdrawnAt)}: ${d.withdrawn}`,
        ]),
      ),
      '',
    );
  }
  out.push('## Runs', '');
  out.push(
    table(
      ['Run id', 'Name', 'Command', 'Started', 'Ended', 'Exit'],
      runs.map((r) => [
        r.info.id,
        r.info.name,
        shellJoin(r.info.argv),
        fmtDate(r.info.startedAt),
        fmtDate(r.info.endedAt),
        r.info.exit ? (r.info.exit.signal ?? `code ${r.info.exit.code}`) : '—',
      ]),
    ),
    '',
  );
  const m = c.machine;
  out.push('## Machine', '');
  out.push(
    table(['CPU', 'Cores', 'OS', 'Kernel', 'Node', 'Python'], [[m.cpuModel, String(m.cores), m.os, m.kernel, m.node, m.python ?? '—']]),
    '',
  );
  return { filename: reportFilename(input, 'md'), mime: 'text/markdown', content: out.join('\n') };
}
