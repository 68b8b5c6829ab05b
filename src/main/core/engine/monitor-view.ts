import { ProclabError } from '../../../shared/errors';
import type { Scope } from '../../../shared/model';
import { clampInterval, monitorDemandSchema, type MonitorConfig, type MonitorDemandPatch } from '../../../shared/monitor-view';
import { zodIssues } from '../../../shared/protocol';

/**
 * The monitor's current settings, read by the tick's stages and changed only through `apply`,
 * which checks a change against the contract's schema (shared/monitor-view.ts) before taking
 * any of it, so the bounds hold wherever a stage looks.
 */
export class MonitorView {
  scope: Scope = 'runs';
  intervalMs: number;
  threadsFor: number[] = [];
  ioFor = new Set<number>();
  netFor: number[] = [];

  /** The engine's start option is clamped, not refused: it is the host's own setting, not a client's request. */
  constructor(intervalMs: number) {
    this.intervalMs = clampInterval(intervalMs);
  }

  /**
   * Applies what is given; says whether the scope changed and whether an interval was given.
   * A change outside the bounds, or malformed, is refused whole (ProclabError 'invalid-payload').
   */
  apply(change: MonitorDemandPatch): { scopeChanged: boolean; intervalGiven: boolean } {
    const parsed = monitorDemandSchema.safeParse(change);
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      throw new ProclabError(
        'invalid-payload',
        `invalid monitor view: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
        issues,
      );
    }
    const c = parsed.data;
    const scopeChanged = c.scope !== undefined && c.scope !== this.scope;
    if (c.scope) this.scope = c.scope;
    if (c.threadsFor) this.threadsFor = [...new Set(c.threadsFor)];
    if (c.ioFor) this.ioFor = new Set(c.ioFor);
    if (c.netFor) this.netFor = [...new Set(c.netFor)];
    if (c.intervalMs !== undefined) this.intervalMs = c.intervalMs;
    return { scopeChanged, intervalGiven: c.intervalMs !== undefined };
  }

  current(): MonitorConfig {
    return {
      scope: this.scope,
      intervalMs: this.intervalMs,
      threadsFor: [...this.threadsFor],
      ioFor: [...this.ioFor],
      netFor: [...this.netFor],
    };
  }
}
