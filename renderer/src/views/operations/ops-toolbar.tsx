/** The operation monitor's controls: window presets and a custom window, zoom, the agent class filter. */
import { useState, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useOperationsStore, windowRange, WINDOW_PRESETS } from '../../stores/operations-store.js';
import { fromLocalInput, toLocalInput } from './timeline-geometry.js';

export function OpsToolbar(): ReactElement {
  const { window, classFilter, grid, loading } = useOperationsStore(
    useShallow((state) => ({ window: state.window, classFilter: state.classFilter, grid: state.grid, loading: state.loading })),
  );
  const { setWindow, zoom, setClassFilter } = useOperationsStore.getState();
  const [custom, setCustom] = useState<{ from: string; to: string } | null>(null);
  const classes = [...new Set(grid.map((row) => row.agentClass).filter((name): name is string => name !== null))].sort();

  const openCustom = () => {
    const { from, to } = windowRange(window);
    setCustom({ from: toLocalInput(from), to: toLocalInput(to) });
  };
  const applyCustom = () => {
    const from = custom && fromLocalInput(custom.from);
    const to = custom && fromLocalInput(custom.to);
    if (from === null || to === null || !(to > from)) return;
    setCustom(null);
    void setWindow({ kind: 'fixed', from, to });
  };
  const customValid = custom !== null && (fromLocalInput(custom.to) ?? 0) > (fromLocalInput(custom.from) ?? Infinity);

  return (
    <div className="toolbar ops-toolbar">
      <div className="ops-windows" role="group" aria-label="Time window">
        {WINDOW_PRESETS.map((preset) => (
          <button
            key={preset.id}
            type="button"
            className="btn ops-window"
            data-testid={`ops-window-${preset.id}`}
            aria-pressed={window.kind === 'live' && window.span === preset.span}
            onClick={() => void setWindow({ kind: 'live', span: preset.span })}
          >
            {preset.label}
          </button>
        ))}
        <button type="button" className="btn ops-window" data-testid="ops-window-custom" aria-pressed={window.kind === 'fixed'} onClick={openCustom}>
          Custom…
        </button>
      </div>
      {custom && (
        <div className="ops-custom" role="group" aria-label="Custom window">
          <label>
            From <input type="datetime-local" data-testid="ops-custom-from" value={custom.from} onChange={(event) => setCustom({ ...custom, from: event.target.value })} />
          </label>
          <label>
            To <input type="datetime-local" data-testid="ops-custom-to" value={custom.to} onChange={(event) => setCustom({ ...custom, to: event.target.value })} />
          </label>
          <button type="button" className="btn btn--start" data-testid="ops-custom-apply" disabled={!customValid} onClick={applyCustom}>
            Apply
          </button>
          <button type="button" className="btn" onClick={() => setCustom(null)}>
            Cancel
          </button>
        </div>
      )}
      <div className="ops-zoom" role="group" aria-label="Zoom">
        <button type="button" className="btn" data-testid="ops-zoom-in" aria-label="Zoom in" onClick={() => void zoom(0.5)}>
          +
        </button>
        <button type="button" className="btn" data-testid="ops-zoom-out" aria-label="Zoom out" onClick={() => void zoom(2)}>
          −
        </button>
      </div>
      <label className="ops-class">
        Class{' '}
        <select data-testid="ops-class-filter" value={classFilter ?? ''} onChange={(event) => void setClassFilter(event.target.value === '' ? null : event.target.value)}>
          <option value="">all classes</option>
          {classes.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      {loading && <span className="hint">loading…</span>}
    </div>
  );
}
