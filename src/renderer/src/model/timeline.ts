import type { I18nText, LifecycleKind, ProcState } from '../../../shared/model';

/** One line of a run's timeline: a lifecycle event or a mark the program printed. */
export interface TimelineItem {
  kind: LifecycleKind | 'mark' | 'deadlock';
  ts: number;
  pid: number | null;
  name: string;
  detail: string;
  /** The detail in both languages (engine events); marks are the program's own words. */
  text?: I18nText;
  state?: ProcState;
  from?: ProcState;
  tid?: number;
}
