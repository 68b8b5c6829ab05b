import { selectionWarnings } from '../../../shared/workload';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { RunInfo } from '../../../shared/model';
import type { Comparison } from '../../../shared/results';
import { errorInfo } from '../control/actions';
import { useI18n } from '../i18n/I18nProvider';
import { RunStatusChip } from '../runview/RunParts';
import { store, useStore } from '../store/hooks';
import { fmtDateTime, fmtMs, fmtParams } from '../../../shared/format';
import { notify } from '../ui/notices';
import { CompareModels } from './CompareModels';
import { CompareView } from '../runview/CompareView';
import { RunDetail } from './RunDetail';
import { MoreRuns } from './MoreRuns';
import { refreshRuns } from '../runview/run-pages';
import { ExportButtons } from '../runview/ExportButtons';
import './runs.css';
import { VerdictChip } from '../runview/VerdictChip';

export function RunsView() {
  const { t, lang } = useI18n();
  const runsMap = useStore((s) => s.runs);
  const runs = useMemo(() => Object.values(runsMap).sort((a, b) => b.startedAt - a.startedAt), [runsMap]);
  const [selected, setSelected] = useState<string[]>([]);
  const [baseline, setBaseline] = useState<string | null>(null);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [detail, setDetail] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(refreshRuns, []);
  // Forget selections of deleted runs.
  useEffect(() => {
    setSelected((sel) => sel.filter((id) => runsMap[id]));
  }, [runsMap]);

  const toggle = (id: string): void => setSelected((sel) => (sel.includes(id) ? sel.filter((x) => x !== id) : [...sel, id]));
  // Like the core's default: the first selected run that ended normally.
  const effectiveBaseline =
    baseline && selected.includes(baseline) ? baseline : (selected.find((id) => runsMap[id]?.status === 'finished') ?? selected[0]);

  const compare = useCallback(
    async (runIds: string[], baselineId?: string, asked = false) => {
      // Other programs, or runs cut short, compare badly: say so before, not in a footnote after.
      const w = selectionWarnings(runIds.map((id) => runsMap[id]).filter((r): r is RunInfo => r !== undefined));
      const ask = [w.unrelated && t('compare.askUnrelated'), w.abnormal > 0 && t('compare.askAbnormal', { n: w.abnormal })].filter(Boolean);
      if (!asked && ask.length && !window.confirm(`${ask.join('\n')}\n\n${t('compare.askContinue')}`)) return;
      setBusy(true);
      try {
        const c = await window.proclab.compare({ runIds, ...(baselineId ? { baselineId } : {}) });
        setComparison(c);
        requestAnimationFrame(() =>
          document.querySelector('[data-testid="compare-view"]')?.scrollIntoView({ behavior: 'smooth', block: 'start' }),
        );
      } catch (e) {
        notify('error', t('compare.failed', { message: errorInfo(e, lang).message }));
      } finally {
        setBusy(false);
      }
    },
    [t, lang, runsMap],
  );

  return (
    <div className="view runs" data-testid="runs-view">
      <CompareModels onCompared={(c) => setComparison(c)} />
      <section className="card">
        <header className="card-head">
          <div>
            <h2>{t('runs.history')}</h2>
            <p className="help">{t('runs.historyHelp')}</p>
          </div>
          <button type="button" onClick={refreshRuns} data-testid="runs-refresh">
            ↻ {t('runs.refresh')}
          </button>
        </header>
        <div className="selection-bar" data-testid="selection-bar">
          <span className="muted small">{t('runs.selected', { n: selected.length })}</span>
          <button
            type="button"
            className="btn-primary"
            disabled={selected.length < 2 || busy}
            onClick={() => void compare(selected, effectiveBaseline)}
            data-testid="compare-button"
            title={selected.length < 2 ? t('runs.compareHint') : undefined}
          >
            ⇆ {t('runs.compare', { n: selected.length })}
          </button>
          <span className="export-group" role="group" aria-label={t('runs.export')}>
            <ExportButtons runIds={selected} baselineId={effectiveBaseline} disabled={selected.length === 0} testIdPrefix="export-" />
          </span>
          {selected.length > 0 && (
            <button type="button" className="link-btn" onClick={() => setSelected([])}>
              {t('runs.clear')}
            </button>
          )}
        </div>
        {runs.length === 0 ? (
          <p className="muted empty">{t('runs.empty')}</p>
        ) : (
          <div className="runs-table-wrap">
            <table className="runs-table" data-testid="runs-table">
              <thead>
                <tr>
                  <th>{t('runs.select')}</th>
                  <th>{t('runs.baseline')}</th>
                  <th>{t('runs.name')}</th>
                  <th>{t('runs.scenario')}</th>
                  <th>{t('runs.params')}</th>
                  <th>{t('runs.status')}</th>
                  <th>{t('runs.started')}</th>
                  <th className="right">{t('runs.duration')}</th>
                  <th>{t('runs.verdict')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {runs.map((r) => (
                  <RunRow
                    key={r.id}
                    run={r}
                    checked={selected.includes(r.id)}
                    isBaseline={effectiveBaseline === r.id}
                    onToggle={() => toggle(r.id)}
                    onBaseline={() => setBaseline(r.id)}
                    onDetail={() => setDetail((d) => (d === r.id ? null : r.id))}
                    open={detail === r.id}
                  />
                ))}
              </tbody>
            </table>
            <MoreRuns shown={runs.length} />
          </div>
        )}
      </section>
      {detail && runsMap[detail] && <RunDetail run={runsMap[detail]} onClose={() => setDetail(null)} />}
      {comparison && (
        <CompareView
          comparison={comparison}
          onClose={() => setComparison(null)}
          onRebase={(id) =>
            void compare(
              comparison.rows.map((r) => r.runId),
              id,
              true,
            )
          }
        />
      )}
    </div>
  );
}

function RunRow({
  run,
  checked,
  isBaseline,
  onToggle,
  onBaseline,
  onDetail,
  open,
}: {
  run: RunInfo;
  checked: boolean;
  isBaseline: boolean;
  onToggle: () => void;
  onBaseline: () => void;
  onDetail: () => void;
  open: boolean;
}) {
  const { t, p, lang } = useI18n();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(run.name);
  const [tags, setTags] = useState(run.tags.join(', '));
  const save = async (): Promise<void> => {
    try {
      const tagList = tags
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      const info = await window.proclab.updateRun({ runId: run.id, ...(name.trim() ? { name: name.trim() } : {}), tags: tagList });
      store.receiveRun(info);
      setEditing(false);
    } catch (e) {
      notify('error', t('common.error', { message: errorInfo(e, lang).message }));
    }
  };
  const remove = async (): Promise<void> => {
    if (!window.confirm(t('runs.deleteConfirm', { name: run.name }))) return;
    try {
      await window.proclab.deleteRun({ runId: run.id });
      store.forgetRun(run.id);
    } catch (e) {
      notify('error', t('common.error', { message: errorInfo(e, lang).message }));
    }
  };
  const duration = run.endedAt ? run.endedAt - run.startedAt : null;
  return (
    <tr className={checked ? 'selected' : ''} data-testid={`run-row-${run.id}`} data-status={run.status}>
      <td>
        <input
          type="checkbox"
          checked={checked}
          onChange={onToggle}
          aria-label={`${t('runs.select')} ${run.name}`}
          data-testid={`run-select-${run.id}`}
        />
      </td>
      <td>
        <input
          type="radio"
          name="baseline"
          checked={isBaseline}
          disabled={!checked}
          onChange={onBaseline}
          aria-label={t('runs.baseline')}
        />
      </td>
      <td className="run-name-cell">
        {editing ? (
          <form
            className="edit-row"
            onSubmit={(e) => {
              e.preventDefault(); // Enter saves, like the button
              void save();
            }}
          >
            <input
              value={name}
              maxLength={200}
              onChange={(e) => setName(e.target.value)}
              aria-label={t('runs.name')}
              data-testid="run-name-input"
            />
            <input
              value={tags}
              onChange={(e) => setTags(e.target.value)}
              placeholder={t('runs.tagsPlaceholder')}
              aria-label={t('runs.tags')}
              data-testid="run-tags-input"
            />
            <button type="submit" className="btn-primary" data-testid="run-save">
              {t('runs.save')}
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              {t('runs.cancel')}
            </button>
          </form>
        ) : (
          <>
            <strong data-testid={`run-name-${run.id}`}>{run.name}</strong>
            {/* Under the name, not a column of their own: most runs have none, and at 1024 px a
                tags column pushed the verdict under the sticky row buttons. */}
            {run.tags.length > 0 && (
              <span className="run-tags" aria-label={t('runs.tags')} data-testid={`run-tags-${run.id}`}>
                {run.tags.map((tag) => (
                  <span key={tag} className="chip tag">
                    #{tag}
                  </span>
                ))}
              </span>
            )}
          </>
        )}
      </td>
      <td>{run.scenarioId ?? <span className="muted">{t('runs.custom')}</span>}</td>
      <td className="mono small params-cell" title={fmtParams(run.params)}>
        <span className="chip">{run.runtime}</span> {fmtParams(run.params)}
      </td>
      <td>
        <RunStatusChip run={run} />
      </td>
      <td className="small">{fmtDateTime(run.startedAt)}</td>
      <td className="right mono duration-cell">{duration === null ? '—' : fmtMs(duration)}</td>
      <td>
        {run.verdict ? (
          <VerdictChip verdict={run.verdict} title={run.verdict.inconclusive ? p(run.verdict.inconclusive.text) : undefined} />
        ) : (
          <span className="muted">{t('runs.none')}</span>
        )}
      </td>
      <td className="row-buttons">
        <button type="button" onClick={onDetail} aria-pressed={open} data-testid={`run-detail-${run.id}`}>
          {t('runs.open')}
        </button>
        <button
          type="button"
          onClick={() => {
            setName(run.name);
            setTags(run.tags.join(', '));
            setEditing(true);
          }}
          data-testid={`run-rename-${run.id}`}
        >
          {t('runs.rename')}
        </button>
        <button
          type="button"
          className="danger-text"
          onClick={() => void remove()}
          disabled={run.status === 'running'}
          data-testid={`run-delete-${run.id}`}
        >
          {t('runs.delete')}
        </button>
      </td>
    </tr>
  );
}
