import { useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/results';
import type { Lang } from '../../shared/model';
import { ControlProvider } from './control/ControlProvider';
import { I18nProvider, useI18n } from './i18n/I18nProvider';
import { LANGS } from './i18n/translate';
import { SHORTCUT_HELP, commandForEvent } from './keyboard/shortcuts';
import { MonitorView } from './monitor/MonitorView';
import { PlaygroundView } from './playground/PlaygroundView';
import { RunsView } from './runs/RunsView';
import { connectStore } from './store/store';
import { store, useStore } from './store/hooks';
import { Notices } from './ui/notices';
import { ConnectionBanner } from './ui/ConnectionBanner';
import { useConnection } from './bridge/connection';
// The UI's Chinese renders the same on every machine, also where no CJK font is installed
// (a bare Debian has none): the browser fetches only the unicode-range subsets a page uses.
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/600.css';
import './styles/app.css';

type Tab = 'monitor' | 'playground' | 'runs';
const TABS: Tab[] = ['monitor', 'playground', 'runs'];

function tabFromHash(): Tab {
  const h = window.location.hash.replace(/^#\/?/, '');
  return (TABS as string[]).includes(h) ? (h as Tab) : 'monitor';
}

export default function App() {
  return (
    <I18nProvider>
      <ControlProvider>
        <Shell />
      </ControlProvider>
    </I18nProvider>
  );
}

function Shell() {
  const { t, p, lang, setLang } = useI18n();
  const [tab, setTabState] = useState<Tab>(tabFromHash);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [help, setHelp] = useState(false);
  const conn = useConnection();
  const offline = conn.state !== 'connected';

  useEffect(() => connectStore(window.proclab, store), []);
  useEffect(() => {
    window.proclab
      .info()
      .then(setInfo)
      .catch(() => undefined);
  }, []);
  useEffect(() => {
    const onHash = (): void => setTabState(tabFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const cmd = commandForEvent(e);
      if (cmd === 'help') {
        e.preventDefault();
        setHelp((h) => !h);
      } else if (cmd === 'escape') setHelp(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const setTab = (next: Tab): void => {
    setTabState(next);
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/${next}`);
  };

  return (
    <div className={offline ? 'app offline' : 'app'} data-testid="app" data-lang={lang} data-connection={conn.state}>
      <header className="topbar">
        <div className="brand">
          <Logo />
          <div>
            <div className="brand-name">{t('app.title')}</div>
            <div className="brand-tagline">{t('app.tagline')}</div>
          </div>
        </div>
        <nav className="tabs" role="tablist">
          {TABS.map((id) => (
            <button
              key={id}
              type="button"
              role="tab"
              aria-selected={tab === id}
              className="tab"
              onClick={() => setTab(id)}
              data-testid={`tab-${id}`}
            >
              {t(`tab.${id}`)}
            </button>
          ))}
        </nav>
        <div className="topbar-right">
          <label className="inline-field">
            <span className="sr-only">{t('lang.label')}</span>
            <span aria-hidden="true" className="lang-icon" lang="zh-CN">
              文A
            </span>
            <select value={lang} onChange={(e) => setLang(e.target.value as Lang)} data-testid="lang-switch" aria-label={t('lang.label')}>
              {LANGS.map((l) => (
                <option key={l.id} value={l.id} lang={l.id === 'zh' ? 'zh-CN' : 'en'}>
                  {l.label}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="icon-btn help-btn"
            onClick={() => setHelp(true)}
            title={t('help.button')}
            aria-label={t('help.button')}
            data-testid="help-button"
          >
            ?
          </button>
        </div>
      </header>
      {info && info.platform.notes.length > 0 && (
        <div className="caps-banner">{t('monitor.caps', { notes: info.platform.notes.map(p).join(' · ') })}</div>
      )}
      <ConnectionBanner conn={conn} />
      <main className="content" role="tabpanel">
        {/* A disabled fieldset disables every control inside: nothing that needs the host can be used without it. */}
        <fieldset className="host-gate" disabled={offline} data-testid="host-gate">
          {tab === 'monitor' && <MonitorView />}
          {tab === 'playground' && <PlaygroundView />}
          {tab === 'runs' && <RunsView />}
        </fieldset>
      </main>
      <StatusBar info={info} offline={offline} />
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
      <Notices />
    </div>
  );
}

function StatusBar({ info, offline }: { info: AppInfo | null; offline: boolean }) {
  const { t } = useI18n();
  const tick = useStore((s) => s.tick);
  return (
    <footer className="statusbar" data-testid="statusbar">
      <span className={`dot ${tick && !offline ? 'dot-on' : offline ? 'dot-lost' : 'dot-off'}`} aria-hidden="true" />
      {offline ? (
        <span className="conn-status">{t('conn.status')}</span>
      ) : tick ? (
        <>
          <span>{t('footer.host', { host: info ? `${info.host} · ${info.machine.cpuModel}` : window.proclab.host })}</span>
          <span>{t('footer.interval', { ms: tick.intervalMs })}</span>
          <span>{t('footer.cost', { ms: tick.costMs.toFixed(1) })}</span>
          <span>{t('footer.procs', { n: tick.table?.total ?? tick.processes.length })}</span>
        </>
      ) : (
        <span>{t('app.disconnected')}</span>
      )}
      {info && <span className="muted">v{info.version}</span>}
    </footer>
  );
}

function HelpOverlay({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="help-title" data-testid="shortcut-help">
        <h2 id="help-title">{t('help.title')}</h2>
        <table className="shortcuts">
          <tbody>
            {SHORTCUT_HELP.map((s) => (
              <tr key={s.label}>
                <td>
                  {s.keys.map((k) => (
                    <kbd key={k}>{k}</kbd>
                  ))}
                </td>
                <td>{t(s.label)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted small">{t('help.note')}</p>
        <div className="modal-actions">
          <button type="button" className="btn-primary" onClick={onClose} autoFocus>
            {t('help.close')}
          </button>
        </div>
      </div>
    </div>
  );
}

function Logo() {
  return (
    <svg width="32" height="32" viewBox="0 0 32 32" aria-hidden="true" className="logo">
      <rect x="1" y="1" width="30" height="30" rx="7" fill="var(--accent)" />
      <path d="M6 22 L11 14 L15 18 L20 8 L26 16" stroke="#fff" strokeWidth="2.4" fill="none" strokeLinecap="round" strokeLinejoin="round" />
      <circle cx="20" cy="8" r="2" fill="#fff" />
    </svg>
  );
}
