import { useEffect, useState } from 'react';
import type { ProcRow } from '../../../shared/model';
import { storyRows } from '../model/process-story';

const NONE: readonly ProcRow[] = [];

/**
 * An ended run's process rows from its journal, read once it has ended: the tick drops exited
 * rows 10 s after their exit, and a run opened from the history has none at all.
 */
export function useStoryRows(runId: string, ended: boolean): readonly ProcRow[] {
  const [rows, setRows] = useState<readonly ProcRow[]>(NONE);
  useEffect(() => {
    setRows(NONE);
    if (!ended) return;
    let alive = true;
    window.proclab
      .getRun({ runId })
      .then((data) => alive && setRows(storyRows(data)))
      // Without its journal the table keeps what the tick still has; nothing else depends on it.
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [runId, ended]);
  return rows;
}
