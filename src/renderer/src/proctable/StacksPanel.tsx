import { useCallback, useEffect, useState } from 'react';
import { fmtDateTime } from '../../../shared/format';
import type { ProcessStacks, StackFrame, StackSourceName, ThreadStacks } from '../../../shared/stacks';
import { errorInfo } from '../control/actions';
import { useI18n } from '../i18n/I18nProvider';
import { frameFile, stackWhy } from '../model/stacks';
import './stacks.css';

const SOURCES: readonly StackSourceName[] = ['python', 'node', 'kernel', 'native'];

/** A Node run shows its JS source and not Python's, any other process the reverse. */
const shown = (data: ProcessStacks, name: StackSourceName): boolean =>
  name === 'node' ? !!data.sources.node?.ok : name === 'python' ? !data.sources.node?.ok : true;

/**
 * Every thread's stacks of one process, read once when shown and again on Refresh (reading them
 * may stop the process for gdb, so never on a timer). `onFrame` makes the frames of the program's
 * own file clickable (the scratchpad's editor moves to the line).
 */
export function StacksPanel({
  pid,
  focusTid = null,
  cwd,
  ownFile,
  onFrame,
}: {
  pid: number;
  /** The run's folder: files inside it are shown relative to it. */
  cwd?: string | null;
  /** A thread to show first and marked (a lane's). */
  focusTid?: number | null;
  ownFile?: (file: string | undefined) => boolean;
  onFrame?: (f: StackFrame) => void;
}) {
  const { t, lang } = useI18n();
  const [data, setData] = useState<ProcessStacks | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [native, setNative] = useState(false);

  const load = useCallback(
    (withNative: boolean): (() => void) => {
      let alive = true;
      setBusy(true);
      window.proclab
        .processStacks({ pid, ...(withNative && { native: true }) })
        .then((r) => {
          if (!alive) return;
          setData(r);
          setErr(null);
        })
        .catch((e) => alive && setErr(errorInfo(e, lang).message))
        .finally(() => alive && setBusy(false));
      return () => {
        alive = false;
      };
    },
    [pid, lang],
  );
  // Read when a process is chosen; after that only on request.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- not again when only the language or the gdb box changes
  useEffect(() => load(native), [pid]);

  const threads = data ? ordered(data.threads, focusTid) : [];
  return (
    <div className="stacks-panel" data-testid="stacks-panel" data-pid={pid} data-busy={busy}>
      <div className="stacks-head">
        <strong>{t('stacks.title', { pid, name: data?.name ?? '' })}</strong>
        {data && <span className="muted small">{t('stacks.at', { at: fmtDateTime(data.at) })}</span>}
        <label className="small" title={t('stacks.nativeHelp')}>
          <input type="checkbox" checked={native} onChange={(e) => setNative(e.target.checked)} data-testid="stacks-native" />{' '}
          {t('stacks.native')}
        </label>
        <button type="button" onClick={() => load(native)} disabled={busy} data-testid="stacks-refresh">
          ⟳ {busy ? t('stacks.reading') : t('stacks.refresh')}
        </button>
      </div>
      {err && (
        <p className="error-text" role="alert" data-testid="stacks-error">
          {err}
        </p>
      )}
      {!data && !err && <p className="muted small">{t('stacks.reading')}</p>}
      {data && (
        <>
          <ul className="stacks-sources small" data-testid="stacks-sources">
            {SOURCES.filter((name) => shown(data, name)).map((name) => {
              const s = data.sources[name];
              const why = stackWhy(name, s);
              return (
                <li key={name} data-testid={`stacks-source-${name}`} data-ok={s.ok} title={s.why}>
                  <span className="stacks-source-name">{t(`stacks.source.${name}`)}</span>{' '}
                  {s.ok ? (
                    <span className="ok">✓ {t('stacks.via', { via: s.via ?? '' })}</span>
                  ) : (
                    <span className="muted">
                      {t('stacks.none')}: {why ? t(why) : ''}
                      {name === 'kernel' && s.via === 'wchan' && <> · {t('stacks.wchanShown')}</>}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
          <p className="help small">{t('stacks.help')}</p>
          <div className="stacks-threads">
            {threads.map((th) => (
              <ThreadBlock key={th.tid} th={th} focused={th.tid === focusTid} cwd={cwd} ownFile={ownFile} onFrame={onFrame} />
            ))}
            {!!data.unjoined?.length && (
              <section className="stacks-thread" data-testid="stacks-unjoined">
                <h4 className="muted small">{t('stacks.unjoined')}</h4>
                {data.unjoined.map((u) =>
                  u.js.length ? (
                    <FrameList key={u.ident} title={u.name} frames={u.js} kind="node" />
                  ) : (
                    // As for a joined thread: its name, and the translated "no JS stack" with the why as tooltip.
                    <p key={u.ident} className="muted small" title={u.jsWhy ?? undefined}>
                      <b>{u.name}</b> · {t('stacks.noJs')}
                    </p>
                  ),
                )}
              </section>
            )}
          </div>
        </>
      )}
    </div>
  );
}

function ordered(threads: ThreadStacks[], focusTid: number | null): ThreadStacks[] {
  if (focusTid === null) return threads;
  return [...threads.filter((x) => x.tid === focusTid), ...threads.filter((x) => x.tid !== focusTid)];
}

function ThreadBlock({
  th,
  focused,
  cwd,
  ownFile,
  onFrame,
}: {
  th: ThreadStacks;
  focused: boolean;
  cwd?: string | null;
  ownFile?: (file: string | undefined) => boolean;
  onFrame?: (f: StackFrame) => void;
}) {
  const { t } = useI18n();
  const nothing = !th.python?.length && !th.js?.length && !th.kernel?.length && !th.native?.length;
  const own = th.python?.length ? th.python : th.js;
  return (
    <section
      className={`stacks-thread${focused ? ' focused' : ''}`}
      data-testid={`stacks-thread-${th.tid}`}
      data-name={th.name}
      aria-label={t('stacks.thread', { name: th.name, tid: th.tid })}
    >
      <h4 className="mono">{t('stacks.thread', { name: th.name, tid: th.tid })}</h4>
      {nothing && <p className="muted small">{t('stacks.noFrames')}</p>}
      {!!th.python?.length && (
        <FrameList title={t('stacks.source.python')} frames={th.python} cwd={cwd} ownFile={ownFile} onFrame={onFrame} kind="python" />
      )}
      {!!th.js?.length && (
        <FrameList title={t('stacks.source.node')} frames={th.js} cwd={cwd} ownFile={ownFile} onFrame={onFrame} kind="node" />
      )}
      {th.jsWhy && !th.js?.length && (
        <p className="muted small" title={th.jsWhy} data-testid="stacks-js-why">
          {t('stacks.noJs')}
        </p>
      )}
      {!!th.native?.length && <FrameList title={t('stacks.source.native')} frames={th.native} kind="native" />}
      {!!th.kernel?.length &&
        (own?.length ? (
          // Beside the program's own frames the kernel's are the detail: folded, one click away.
          <details className="stacks-kernel">
            <summary className="muted small">{t('stacks.kernelFolded', { n: th.kernel.length, top: th.kernel[0]! })}</summary>
            <FrameList title="" frames={th.kernel.map((f) => ({ function: f }))} kind="kernel" />
          </details>
        ) : (
          <FrameList title={t('stacks.source.kernel')} frames={th.kernel.map((f) => ({ function: f }))} kind="kernel" />
        ))}
    </section>
  );
}

function FrameList({
  title,
  frames,
  kind,
  cwd,
  ownFile,
  onFrame,
}: {
  title: string;
  frames: StackFrame[];
  kind: StackSourceName;
  cwd?: string | null;
  ownFile?: (file: string | undefined) => boolean;
  onFrame?: (f: StackFrame) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="stacks-frames">
      {title && <span className="muted small">{title}</span>}
      <ol className="mono small" data-testid={`stacks-${kind}`}>
        {frames.map((f, i) => {
          const own = !!onFrame && f.line !== undefined && !!ownFile?.(f.file);
          const where = f.file ? `${frameFile(f.file, cwd)}${f.line !== undefined ? `:${f.line}` : ''}` : '';
          return (
            <li key={i} className={own ? 'own' : undefined} data-testid="stack-frame" data-file={f.file} data-line={f.line}>
              <span className="fn">{f.function}</span>
              {where &&
                (own ? (
                  <button
                    type="button"
                    className="link-btn frame-site"
                    onClick={() => onFrame!(f)}
                    title={t('stacks.goToLine', { line: f.line ?? '' })}
                    data-testid="stack-frame-link"
                  >
                    {where}
                  </button>
                ) : (
                  <span className="muted frame-site" title={f.file}>
                    {where}
                  </span>
                ))}
              {f.source && <code className="frame-source">{f.source}</code>}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
