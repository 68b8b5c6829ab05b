import type { ProcRow } from '../../../shared/model';
import { useI18n } from '../i18n/I18nProvider';
import type { MsgKey } from '../i18n/messages';
import { BADGE_ICON, BADGE_KINDS, badgesFor, type BadgeKind } from './badges';
import './badges.css';

export function Badge({ kind, title }: { kind: BadgeKind; title?: string }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-${kind}`} data-testid="state-badge" data-kind={kind} title={title ?? t(`legend.${kind}` as MsgKey)}>
      <span className="badge-icon" aria-hidden="true">
        {BADGE_ICON[kind]}
      </span>
      {t(`state.${kind}` as MsgKey)}
    </span>
  );
}

export function RowBadges({ row }: { row: Pick<ProcRow, 'state' | 'orphan' | 'daemon' | 'exited'> }) {
  return (
    <span className="badges">
      {badgesFor(row).map((k) => (
        <Badge key={k} kind={k} />
      ))}
    </span>
  );
}

export function BadgeLegend({ compact = false }: { compact?: boolean }) {
  const { t } = useI18n();
  const kinds = compact ? BADGE_KINDS.filter((k) => k !== 'idle' && k !== 'dead' && k !== 'unknown') : BADGE_KINDS;
  return (
    <details className="legend" data-testid="badge-legend">
      <summary>{t('legend.title')}</summary>
      <dl>
        {kinds.map((k) => (
          <div key={k} className="legend-item">
            <dt>
              <Badge kind={k} />
            </dt>
            <dd>{t(`legend.${k}` as MsgKey)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
