/** Every log source the station knows, grouped by kind: click opens a tab, ticked ones merge into one view; and "Open file…" for any path. */
import { useState, type ReactElement } from 'react';
import type { LogSourceKind, LogSourceView } from '../../../../shared/logs.js';
import { useLogsStore } from '../../stores/logs-store.js';
import { useGate } from '../../stores/lock-store.js';

const KIND_LABELS: Record<LogSourceKind, string> = {
  supervisor: 'supervisord programs',
  agent: 'Station agents',
  script: 'Script runs',
  router: 'Router / station',
  ocs: 'OCS log directories',
  file: 'Opened files',
};
const KIND_ORDER: LogSourceKind[] = ['file', 'supervisor', 'agent', 'script', 'router', 'ocs'];

/** Most sources logs:merged takes at once. */
const MAX_MERGE = 16;

export function SourcePicker(): ReactElement {
  // Opening any file of the host needs expert.
  const gate = useGate('logs:open');
  const sources = useLogsStore((state) => state.sources);
  const sourcesError = useLogsStore((state) => state.sourcesError);
  const openError = useLogsStore((state) => state.openError);
  const { openSource, openPath, openMerged, loadSources } = useLogsStore.getState();
  const [path, setPath] = useState('');
  const [ticked, setTicked] = useState<string[]>([]);
  const groups = KIND_ORDER.map((kind) => ({ kind, items: sources.filter((source) => source.kind === kind) })).filter((group) => group.items.length > 0);
  const tick = (id: string, on: boolean) => setTicked((current) => (on ? [...current, id].slice(0, MAX_MERGE) : current.filter((t) => t !== id)));

  return (
    <aside className="card logs-sources" aria-label="Log sources">
      <form
        className="logs-open"
        onSubmit={(event) => {
          event.preventDefault();
          if (path.trim()) void openPath(path.trim());
        }}
      >
        <label htmlFor="logs-open-path">Open file…</label>
        <div className="logs-open-row">
          <input id="logs-open-path" className="filter-input" data-testid="logs-open-path" placeholder="/var/log/…/file.log" value={path} onChange={(event) => setPath(event.target.value)} />
          <button type="submit" className="btn btn--small" data-testid="logs-open-submit" disabled={!path.trim() || !gate.allowed} title={gate.title}>
            Open
          </button>
        </div>
        {openError && (
          <p className="error" role="alert" data-testid="logs-open-error">
            {openError}
          </p>
        )}
      </form>
      <div className="logs-source-head">
        <h2>Sources</h2>
        <button type="button" className="btn btn--small" onClick={() => void loadSources()} title="reload the list">
          ↻
        </button>
      </div>
      {sourcesError && <p className="error">{sourcesError}</p>}
      {groups.length === 0 && !sourcesError && <p className="hint">No log sources yet.</p>}
      <div className="logs-source-groups">
        {groups.map((group) => (
          <section key={group.kind} className="logs-source-group" data-kind={group.kind}>
            <h3>{KIND_LABELS[group.kind]}</h3>
            <ul>
              {group.items.map((source) => (
                <SourceItem key={source.id} source={source} ticked={ticked.includes(source.id)} onTick={tick} onOpen={() => void openSource(source.id)} />
              ))}
            </ul>
          </section>
        ))}
      </div>
      <button type="button" className="btn btn--small" data-testid="logs-merge" disabled={ticked.length < 2} onClick={() => void openMerged(ticked)}>
        Merge {ticked.length >= 2 ? ticked.length : ''} ticked by time
      </button>
    </aside>
  );
}

function SourceItem(props: { source: LogSourceView; ticked: boolean; onTick(id: string, on: boolean): void; onOpen(): void }): ReactElement {
  const { source } = props;
  return (
    <li className={source.exists ? 'logs-source' : 'logs-source logs-source--missing'}>
      <input type="checkbox" aria-label={`merge ${source.title}`} data-testid="logs-source-tick" data-source={source.id} checked={props.ticked} onChange={(event) => props.onTick(source.id, event.target.checked)} />
      <button type="button" className="logs-source-open" data-testid="logs-source" data-source={source.id} title={source.path ?? source.title} onClick={props.onOpen}>
        {source.title}
        {!source.exists && <span className="hint"> (missing)</span>}
      </button>
    </li>
  );
}
