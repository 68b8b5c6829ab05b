import type { Verdict } from '../../../shared/model';
import { OUTCOME_MARKS, verdictOutcome } from '../../../shared/verdict';
import { useI18n } from '../i18n/I18nProvider';

/** A verdict's outcome as a small chip: its own mark, word and colour for pass, fail and inconclusive. */
export function VerdictChip({ verdict, title }: { verdict: Verdict; title?: string }) {
  const { t } = useI18n();
  const o = verdictOutcome(verdict);
  return (
    <span className={`verdict-chip ${o}`} title={title} data-outcome={o}>
      {OUTCOME_MARKS[o]} {t(`runs.${o}`)}
    </span>
  );
}
