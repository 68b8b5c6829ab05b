import { useEffect, useState } from 'react';
import type { RunInfo } from '../../../shared/model';
import { useI18n } from '../i18n/I18nProvider';
import { liveFromRunData, type RunLive } from '../store/state';
import { ThreadLanes } from './ThreadLanes';

/** The thread lanes of each compared run, read back from their journals, one under the other. */
export function CompareLanes({ runIds, cores }: { runIds: readonly string[]; cores: number }) {
  const { t } = useI18n();
  const [runs, setRuns] = useState<Array<{ info: RunInfo; live: RunLive }>>([]);
  const key = runIds.join(',');
  useEffect(() => {
    let alive = true;
    Promise.all(key.split(',').map((runId) => window.proclab.getRun({ runId })))
      .then((list) => alive && setRuns(list.map((d) => ({ info: d.info, live: liveFromRunData(d) }))))
      .catch(() => alive && setRuns([]));
    return () => {
      alive = false;
    };
  }, [key]);
  if (!runs.length) return null;
  return (
    <section className="compare-lanes" data-testid="compare-lanes">
      <h3>{t('lanes.title')}</h3>
      {runs.map(({ info, live }) => (
        <div key={info.id} data-testid={`compare-lanes-${info.id}`}>
          <h4 className="small">{info.name}</h4>
          <ThreadLanes
            lanes={live.lanes}
            startedAt={info.startedAt}
            endTs={info.endedAt ?? Date.now()}
            marks={live.timeline.toArray()}
            cores={cores}
            version={live.lanes.pushes}
            compact
          />
        </div>
      ))}
    </section>
  );
}
