import type { ProcRow, ProcState } from '../../../shared/model';

/** Everything a badge can say. States come from the kernel; the rest are ProcLab's flags. */
export type BadgeKind = ProcState | 'orphan' | 'daemon' | 'exited' | 'killed';

/** Order of the legend. */
export const BADGE_KINDS: readonly BadgeKind[] = [
  'running',
  'sleeping',
  'disk-wait',
  'stopped',
  'zombie',
  'orphan',
  'daemon',
  'exited',
  'killed',
  'idle',
  'dead',
  'unknown',
];

/**
 * A glyph per badge so it reads without colour (grayscale, colour-blind users): each
 * badge also has its own CSS pattern/border style (see badges.css).
 */
export const BADGE_ICON: Record<BadgeKind, string> = {
  running: '▶',
  sleeping: '☾',
  'disk-wait': '◷',
  stopped: '❚❚',
  zombie: '☠',
  dead: '✝',
  idle: '·',
  unknown: '?',
  orphan: '⌂',
  daemon: '⚙',
  exited: '■',
  killed: '✕',
};

/** The badges of a row: the primary one (state or how it ended) first, then flags. */
export function badgesFor(row: Pick<ProcRow, 'state' | 'orphan' | 'daemon' | 'exited'>): BadgeKind[] {
  const out: BadgeKind[] = [];
  if (row.exited) out.push(row.exited.signal ? 'killed' : 'exited');
  else out.push(row.state);
  if (row.orphan) out.push('orphan');
  if (row.daemon) out.push('daemon');
  return out;
}
