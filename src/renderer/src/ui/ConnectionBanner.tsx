import type { ConnectionState } from '../../../shared/api';
import { useI18n } from '../i18n/I18nProvider';
import type { MsgKey } from '../i18n/messages';

const WORDS: MsgKey[] = ['conn.lostTitle', 'conn.lostRetry', 'conn.lost', 'conn.restartedTitle', 'conn.restarted', 'conn.status'];

/** Says that the host is gone (and when the next attempt is), or that a new start of ProcLab needs its new address. */
export function ConnectionBanner({ conn }: { conn: ConnectionState }) {
  const { t } = useI18n();
  if (conn.state === 'connected')
    return (
      // The Chinese font comes from the host in subsets, fetched for the characters on screen: the
      // banner's own words are laid out (unseen) while the host is there, or it could not show them.
      <span className="font-warmup" aria-hidden="true">
        {WORDS.map((k) => t(k, { s: 10 })).join(' ')}
      </span>
    );
  return (
    <div className="conn-banner" role="alert" data-testid="connection-banner" data-state={conn.state}>
      <strong>{t(conn.state === 'restarted' ? 'conn.restartedTitle' : 'conn.lostTitle')}</strong>{' '}
      <span>
        {conn.state === 'restarted'
          ? t('conn.restarted')
          : conn.retryInMs === null
            ? t('conn.lost')
            : t('conn.lostRetry', { s: Math.max(1, Math.round(conn.retryInMs / 1000)) })}
      </span>
    </div>
  );
}
