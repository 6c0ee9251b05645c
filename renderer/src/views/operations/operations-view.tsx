/** The operation monitor (the Grafana operation panel, built in): the grid now, timeline strips over a window, a clicked session's detail. */
import { useEffect, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useServerNow } from '../../hooks/use-server-now.js';
import { formatClock, formatDuration } from '../../logic/time-format.js';
import { useOperationsStore, windowRange } from '../../stores/operations-store.js';
import { OpsDetail } from './ops-detail.js';
import { OpsGrid } from './ops-grid.js';
import { OpsTimeline } from './ops-timeline.js';
import { OpsToolbar } from './ops-toolbar.js';

export function OperationsView(): ReactElement {
  useEffect(() => {
    // Pushes keep the grid current while the view is closed; opening it reloads the grid and the window's history.
    void useOperationsStore.getState().load();
  }, []);
  const { grid, window, classFilter, timeline, error, loaded, detail } = useOperationsStore(
    useShallow((state) => ({ grid: state.grid, window: state.window, classFilter: state.classFilter, timeline: state.timeline, error: state.error, loaded: state.loaded, detail: state.detail })),
  );
  const { selectCell, selectSegment, zoomTo, closeDetail } = useOperationsStore.getState();
  const now = useServerNow(1000);
  const live = window.kind === 'live';
  // A live window slides with the clock; a fixed one is what was asked for (the answer may end earlier when truncated).
  const { from, to } = live ? windowRange(window, now) : { from: timeline?.from ?? window.from, to: timeline?.to ?? window.to };
  const rows = classFilter === null ? grid : grid.filter((row) => row.agentClass === classFilter);

  return (
    <section className="view view--operations" aria-label="Operations" data-testid="ops-view">
      <OpsToolbar />
      {error && (
        <p className="error" role="alert">
          Operations: {error}
        </p>
      )}
      {!loaded && !error && <p className="hint">Loading the operations…</p>}
      <div className="ops-body">
        <div className="ops-main">
          <h2>Now</h2>
          <OpsGrid rows={rows} now={now} selected={detail?.kind === 'live' ? { address: detail.address, op: detail.op } : null} onSelect={(address, op) => void selectCell(address, op)} />
          <h2>
            History <span className="ops-range" data-testid="ops-range">{live ? `last ${formatDuration(to - from)}` : `${formatClock(from)} – ${formatClock(to)}`}</span>
            {timeline?.truncated && <span className="ops-truncated"> · truncated (narrow the window or filter by class)</span>}
          </h2>
          <OpsTimeline
            strips={timeline?.strips ?? []}
            from={from}
            to={to}
            liveNow={live ? now : null}
            selectedId={detail?.kind === 'record' ? detail.segment[3] : null}
            onSelect={(agent, op, segment) => void selectSegment(agent, op, segment)}
            onZoom={(zoomFrom, zoomTo_) => void zoomTo(zoomFrom, zoomTo_)}
          />
        </div>
        {detail && <OpsDetail detail={detail} now={now} onClose={closeDetail} />}
      </div>
    </section>
  );
}
