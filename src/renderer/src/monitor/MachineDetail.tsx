import type { CpuModeShare, MachineDetail } from '../../../shared/model';
import { useI18n } from '../i18n/I18nProvider';
import type { MsgKey } from '../i18n/messages';
import { fmtBytes, fmtPct } from '../../../shared/format';

const MODES: Array<{ key: keyof CpuModeShare; label: MsgKey; color: string }> = [
  { key: 'user', label: 'detail.mode.user', color: 'hsl(140 55% 42%)' },
  { key: 'nice', label: 'detail.mode.nice', color: 'hsl(200 60% 50%)' },
  { key: 'system', label: 'detail.mode.system', color: 'hsl(0 65% 52%)' },
  { key: 'iowait', label: 'detail.mode.iowait', color: 'hsl(280 45% 55%)' },
  { key: 'irq', label: 'detail.mode.irq', color: 'hsl(35 85% 50%)' },
  { key: 'softirq', label: 'detail.mode.softirq', color: 'hsl(50 85% 48%)' },
  { key: 'steal', label: 'detail.mode.steal', color: 'hsl(320 50% 50%)' },
];

/** A horizontal stacked bar: each part a share of 100 %. */
function Stack({ parts, label }: { parts: Array<{ v: number; color: string; title: string }>; label: string }) {
  return (
    <div className="stack-bar" role="img" aria-label={label}>
      {parts.map((p, i) => (
        <span key={i} style={{ width: `${Math.max(0, Math.min(100, p.v))}%`, background: p.color }} title={p.title} />
      ))}
    </div>
  );
}

function fmtUptime(s: number): string {
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return d > 0 ? `${d}d ${h}h ${m}m` : `${h}h ${m}m`;
}

/** CPU by mode, memory breakdown, swap, uptime and PSI: what htop/btop show above their table. */
export function MachineDetailCard({ detail }: { detail: MachineDetail | undefined }) {
  const { t } = useI18n();
  if (!detail) return null;
  const c = detail.cpu;
  const m = detail.mem;
  const pct = (v: number) => (m.total > 0 ? (v / m.total) * 100 : 0);
  const psi = (['cpu', 'memory', 'io'] as const).map((k) => [k, detail.psi[k]] as const);
  return (
    <section className="card stat-card machine-detail" data-testid="machine-detail">
      <div>
        <h3>{t('detail.cpuModes')}</h3>
        <Stack
          label={t('detail.cpuModes')}
          parts={MODES.map((md) => ({ v: c[md.key], color: md.color, title: `${t(md.label)} ${fmtPct(c[md.key])} %` }))}
        />
        <ul className="mode-legend" data-testid="cpu-modes">
          {MODES.filter((md) => md.key === 'user' || md.key === 'system' || c[md.key] >= 0.5).map((md) => (
            <li key={md.key}>
              <i style={{ background: md.color }} />
              {t(md.label)} {fmtPct(c[md.key], 0)} %
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h3>{t('detail.memory')}</h3>
        <Stack
          label={t('detail.memory')}
          parts={[
            { v: pct(m.used), color: 'hsl(140 55% 42%)', title: `${t('detail.mem.used')} ${fmtBytes(m.used)}` },
            { v: pct(m.buffers), color: 'hsl(200 60% 50%)', title: `${t('detail.mem.buffers')} ${fmtBytes(m.buffers)}` },
            { v: pct(m.cached), color: 'hsl(45 80% 50%)', title: `${t('detail.mem.cached')} ${fmtBytes(m.cached)}` },
          ]}
        />
        <div className="muted small has-help" data-testid="mem-breakdown" title={t('detail.memLineHelp')}>
          {t('detail.memLine', {
            used: fmtBytes(m.used),
            buffers: fmtBytes(m.buffers),
            cached: fmtBytes(m.cached),
            avail: fmtBytes(m.available),
          })}{' '}
          ⓘ
        </div>
        <div className="muted small" data-testid="swap">
          {detail.swap.total > 0
            ? t('detail.swap', { used: fmtBytes(detail.swap.used), total: fmtBytes(detail.swap.total) })
            : t('detail.noSwap')}
        </div>
      </div>
      <div>
        <h3>{t('detail.system')}</h3>
        <div className="muted small" data-testid="throughput" title={detail.disks.map((d) => d.device).join(', ')}>
          {t('detail.disks', {
            r: fmtBytes(detail.disks.reduce((a, d) => a + d.readBps, 0)),
            w: fmtBytes(detail.disks.reduce((a, d) => a + d.writeBps, 0)),
          })}
        </div>
        <div className="muted small" title={detail.nets.map((n) => n.iface).join(', ')}>
          {t('detail.nets', {
            rx: fmtBytes(detail.nets.filter((n) => n.iface !== 'lo').reduce((a, n) => a + n.rxBps, 0)),
            tx: fmtBytes(detail.nets.filter((n) => n.iface !== 'lo').reduce((a, n) => a + n.txBps, 0)),
          })}
        </div>
        <div className="muted small" data-testid="uptime">
          {t('detail.uptime', { up: fmtUptime(detail.uptimeS) })}
        </div>
        <div className="muted small" data-testid="psi" title={t('detail.psiHelp')}>
          {psi.every(([, p]) => !p)
            ? t('detail.noPsi')
            : `${t('detail.psi')} ` + psi.map(([k, p]) => `${t(`detail.psi.${k}`)} ${p ? fmtPct(p.some.avg10) : '—'} %`).join(' · ')}
        </div>
      </div>
    </section>
  );
}
