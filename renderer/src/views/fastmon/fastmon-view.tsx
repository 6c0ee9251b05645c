/** The live fastmon panel: per-run table and sampling parameters, TF rate and volume charts, the TF feed and a TF's click-through. */
import { useEffect, type ReactElement } from 'react';
import { useFastmonStore } from '../../stores/fastmon-store.js';
import { RateCharts } from './rate-charts.js';
import { RunTable } from './run-table.js';
import { SamplingPanel } from './sampling-panel.js';
import { TfDetail } from './tf-detail.js';
import { TfFeed } from './tf-feed.js';

export function FastmonView(): ReactElement {
  useEffect(() => {
    // Pushes keep the store current while the view is closed; opening it fills in the history from the store.
    void useFastmonStore.getState().load();
  }, []);
  const error = useFastmonStore((state) => state.error);
  return (
    <section className="view view--fastmon" aria-label="Fastmon">
      {error && (
        <p className="error" role="alert">
          Fastmon: {error}
        </p>
      )}
      <div className="fastmon-top">
        <RunTable />
        <SamplingPanel />
      </div>
      <RateCharts />
      <div className="fastmon-bottom">
        <TfFeed />
        <TfDetail />
      </div>
    </section>
  );
}
