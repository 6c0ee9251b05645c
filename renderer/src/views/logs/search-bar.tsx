/** Search in the current tab: plain or regex, case toggle, match count, next/previous (Enter / Shift+Enter). */
import { useEffect, type ReactElement } from 'react';
import { matchCountText } from '../../logic/logs-search.js';
import { currentMatchNumber } from '../../logic/logs-search-state.js';
import { useLogsStore, type LogTab } from '../../stores/logs-store.js';

/** Typing pauses this long before main searches (a 1 GB search per keystroke would queue up). */
const SEARCH_DEBOUNCE_MS = 300;

export function SearchBar(props: { tab: LogTab; topRow(): number }): ReactElement {
  const { tab } = props;
  const { setQuery, runSearch, stepSearch } = useLogsStore.getState();
  const { query } = tab.search;

  useEffect(() => {
    if (query.text === '') return;
    const timer = setTimeout(() => void runSearch(tab.id), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, runSearch, tab.id]);

  const step = (direction: 1 | -1) => void stepSearch(tab.id, direction, props.topRow());
  const { search } = tab;
  const status = search.error ? search.error : search.busy ? 'searching…' : search.done ? matchCountText(search.total, currentMatchNumber(search), false) : '';

  return (
    <div className="logs-search" role="search">
      <input
        className="filter-input logs-search-input"
        data-testid="logs-search"
        type="search"
        placeholder={tab.kind === 'merged' ? 'search the loaded lines' : 'search (Enter next, Shift+Enter previous)'}
        aria-label="Search the log"
        value={query.text}
        onChange={(event) => setQuery(tab.id, { text: event.target.value })}
        onKeyDown={(event) => {
          if (event.key !== 'Enter') return;
          event.preventDefault();
          step(event.shiftKey ? -1 : 1);
        }}
      />
      <label className="logs-toggle" title="regular expression">
        <input type="checkbox" data-testid="logs-search-regex" checked={query.regex} onChange={(event) => setQuery(tab.id, { regex: event.target.checked })} />
        .*
      </label>
      <label className="logs-toggle" title="match case">
        <input type="checkbox" data-testid="logs-search-case" checked={query.caseSensitive} onChange={(event) => setQuery(tab.id, { caseSensitive: event.target.checked })} />
        Aa
      </label>
      <button type="button" className="btn btn--small" data-testid="logs-search-prev" aria-label="previous match" disabled={search.total === 0} onClick={() => step(-1)}>
        ↑
      </button>
      <button type="button" className="btn btn--small" data-testid="logs-search-next" aria-label="next match" disabled={search.total === 0} onClick={() => step(1)}>
        ↓
      </button>
      <span className={search.error ? 'error logs-search-count' : 'logs-search-count'} data-testid="logs-search-count" data-total={search.done ? search.total : undefined} role="status">
        {status}
      </span>
    </div>
  );
}
