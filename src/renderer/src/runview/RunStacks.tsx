import type { RunInfo } from '../../../shared/model';
import type { StackFrame } from '../../../shared/stacks';
import { useI18n } from '../i18n/I18nProvider';
import { isScratchSite, scratchFile } from '../model/stacks';
import { StacksPanel } from '../proctable/StacksPanel';
import { revealInScratchpad } from '../store/draft';
import { useStore } from '../store/hooks';

/** For a scratchpad run: which frames are its own program's, and a click on one moves the editor to its line. */
export function scratchFrames(run: RunInfo | null | undefined): {
  ownFile?: (file: string | undefined) => boolean;
  onFrame?: (f: StackFrame) => void;
} {
  const src = run?.source;
  if (!run || !src) return {};
  const scratch = scratchFile(run);
  return {
    ownFile: (file) => isScratchSite(file, scratch, run.cwd),
    onFrame: (f) => {
      if (f.line !== undefined) revealInScratchpad(src.runtime, src.code, run.name, f.line);
    },
  };
}

/** Which process (and thread) of a run the Stacks card shows; null: the run's root. */
export interface StacksPick {
  pid: number;
  tid: number | null;
}

/**
 * The run view's Stacks card: a live process of the run, its threads' stacks on request. For a
 * scratchpad run, a frame in the program's own file moves the editor to its line.
 */
export function RunStacks({ run, pick, onPick }: { run: RunInfo; pick: StacksPick | null; onPick: (p: StacksPick) => void }) {
  const { t } = useI18n();
  const rows = useStore((s) => s.tick?.processes);
  const procs = (rows ?? []).filter((r) => r.runId === run.id && !r.exited);
  const running = run.status === 'running';
  const pid = pick?.pid ?? (procs.some((r) => r.pid === run.rootPid) ? run.rootPid : (procs[0]?.pid ?? null));
  const { ownFile, onFrame } = scratchFrames(run);

  return (
    <section className="card run-stacks" data-testid="run-stacks">
      <div className="card-head">
        <h3 className="card-title">{t('stacks.card')}</h3>
        {running && procs.length > 0 && (
          <label className="small">
            {t('stacks.process')}{' '}
            <select value={pid ?? ''} onChange={(e) => onPick({ pid: Number(e.target.value), tid: null })} data-testid="run-stacks-process">
              {procs.map((r) => (
                <option key={r.pid} value={r.pid}>
                  {r.pid} {r.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <p className="help">{t('stacks.cardHelp')}</p>
      {!running ? (
        <p className="muted small">{t('stacks.ended')}</p>
      ) : pid === null ? (
        <p className="muted small">{t('stacks.noProcess')}</p>
      ) : (
        <StacksPanel key={pid} pid={pid} focusTid={pick?.pid === pid ? pick.tid : null} cwd={run.cwd} ownFile={ownFile} onFrame={onFrame} />
      )}
    </section>
  );
}
