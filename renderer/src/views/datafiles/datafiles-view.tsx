/** Data files registered through the PysmurfMonitor, newest first, filtered by slot and action; new ones appear live. */
import { useMemo, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatClock } from '../../logic/time-format.js';
import { useDataFileStore } from '../../stores/datafile-store.js';
import { useSmurfStore } from '../../stores/smurf-store.js';

/** `2026-11-23 14:02:11` in the viewer's zone. */
function timeText(unixSeconds: number): string {
  const date = new Date(unixSeconds * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${formatClock(unixSeconds)}`;
}

export function DataFilesView(): ReactElement {
  const { files, filter, loaded, error, setFilter } = useDataFileStore(
    useShallow((state) => ({ files: state.files, filter: state.filter, loaded: state.loaded, error: state.error, setFilter: state.setFilter })),
  );
  const slots = useSmurfStore((state) => state.slots);
  // Slots to filter by: every known stream id plus publisher ids seen in files (a monitor hears more than our controllers).
  const pubIds = useMemo(() => [...new Set([...[...slots.values()].map((slot) => slot.streamId), ...files.map((file) => file.pubId), filter.pubId].filter(Boolean))].sort(), [slots, files, filter.pubId]);
  const actions = useMemo(() => [...new Set([...files.map((file) => file.action ?? ''), filter.action].filter(Boolean))].sort(), [files, filter.action]);

  return (
    <section className="view view--datafiles" aria-label="Data files">
      <div className="toolbar">
        <label className="agent-picker">
          <span>Slot</span>
          <select data-testid="datafile-filter-slot" value={filter.pubId} onChange={(event) => void setFilter({ pubId: event.target.value })}>
            <option value="">all slots</option>
            {pubIds.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <label className="agent-picker">
          <span>Action</span>
          <select data-testid="datafile-filter-action" value={filter.action} onChange={(event) => void setFilter({ action: event.target.value })}>
            <option value="">all actions</option>
            {actions.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </select>
        </label>
        <span className="counts" data-testid="datafile-count">
          {files.length} file{files.length === 1 ? '' : 's'}
        </span>
      </div>
      {error && (
        <p className="error" role="alert">
          Data files: {error}
        </p>
      )}
      {!loaded && !error && <p className="hint">Loading the data files…</p>}
      {loaded && files.length === 0 && <p className="hint">No data files registered{filter.pubId || filter.action ? ' for this filter' : ''} yet.</p>}
      {files.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="datafiles">
            <thead>
              <tr>
                <th>Time</th>
                <th>Slot</th>
                <th>Action</th>
                <th>Type</th>
                <th>Format</th>
                <th>Plot</th>
                <th>Path</th>
              </tr>
            </thead>
            <tbody>
              {files.map((file) => (
                <tr key={file.id} data-testid="datafile-row" data-id={file.id} data-pub-id={file.pubId} data-action={file.action ?? ''}>
                  <td>{timeText(file.timestamp)}</td>
                  <td>{file.pubId}</td>
                  <td title={file.actionTs ?? undefined}>{file.action ?? '—'}</td>
                  <td>{file.type}</td>
                  <td>{file.format}</td>
                  <td>{file.plot ? 'yes' : ''}</td>
                  <td className="cell-path" title={file.path}>
                    <code>{file.path}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
