/** The Registry view: filter, counts and the grid; opening a row shows that agent in the browser. */
import { useMemo, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { countRows, filterRows, sortRows } from '../../logic/grid-rows.js';
import { useAgentStore } from '../../stores/agent-store.js';
import { usePrefsStore } from '../../stores/prefs-store.js';
import { useRegistryStore } from '../../stores/registry-store.js';
import { RegistryGrid } from './registry-grid.js';

export function RegistryView(): ReactElement {
  const { rows, loaded, error } = useRegistryStore(useShallow((state) => ({ rows: state.rows, loaded: state.loaded, error: state.error })));
  const { sort, filter, sortBy, setFilter, setView } = usePrefsStore(
    useShallow((state) => ({ sort: state.sort, filter: state.filter, sortBy: state.sortBy, setFilter: state.setFilter, setView: state.setView })),
  );
  const select = useAgentStore((state) => state.select);

  const all = useMemo(() => [...rows.values()], [rows]);
  const counts = useMemo(() => countRows(all), [all]);
  const shown = useMemo(() => sortRows(filterRows(all, filter), sort), [all, filter, sort]);

  const open = (address: string) => {
    void select(address);
    setView('agent');
  };

  return (
    <section className="view view--registry" aria-label="Registry">
      <div className="toolbar">
        <input
          className="filter-input"
          type="search"
          data-testid="registry-filter"
          placeholder="Filter: address, class, op — is:expired, is:alive"
          aria-label="Filter agents"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
        <span className="counts" data-testid="registry-counts" aria-live="polite">
          <span className="counts-alive">{counts.alive} alive</span> · <span className="counts-expired">{counts.expired} expired</span> ·{' '}
          {counts.total} total
        </span>
        {filter.trim() !== '' && <span className="counts-shown">{shown.length} shown</span>}
      </div>
      {error && (
        <p className="error" role="alert">
          Registry: {error}
        </p>
      )}
      {!loaded && !error && <p className="hint">Loading the registry…</p>}
      <RegistryGrid rows={shown} sort={sort} onSort={sortBy} onOpen={open} resetKey={filter} />
    </section>
  );
}
