/** The audit log: every user action with who, what, parameters and outcome, newest first, filterable, live; click a row for its details. */
import { useEffect, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { AUDIT_ACTIONS } from '../../../../shared/audit.js';
import { useAuditStore } from '../../stores/audit-store.js';
import { AuditDetail } from './audit-detail.js';
import { auditDuration, auditResult, auditTime, auditWho, paramsSummary } from './audit-format.js';

export function AuditView(): ReactElement {
  const { entries, total, filter, loaded, loading, error, selectedId, load, loadMore, setFilter, select } = useAuditStore(useShallow((state) => state));
  const selected = selectedId === null ? undefined : entries.find((entry) => entry.id === selectedId);

  useEffect(() => {
    // The log is loaded when the view first opens; pushes keep it current after that.
    if (!useAuditStore.getState().loaded) void load();
  }, [load]);

  return (
    <section className="view view--audit" aria-label="Audit log">
      <div className="toolbar">
        <input
          className="audit-search"
          type="search"
          placeholder="Search target, action, parameters, message"
          aria-label="Search the audit log"
          data-testid="audit-search"
          value={filter.text}
          onChange={(event) => void setFilter({ text: event.target.value })}
        />
        <label className="agent-picker">
          <span>Action</span>
          <select data-testid="audit-filter-action" value={filter.action} onChange={(event) => void setFilter({ action: event.target.value })}>
            <option value="">all actions</option>
            {AUDIT_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </select>
        </label>
        <label className="agent-picker">
          <span>Result</span>
          <select data-testid="audit-filter-result" value={filter.result} onChange={(event) => void setFilter({ result: event.target.value as '' | 'ok' | 'error' })}>
            <option value="">any</option>
            <option value="ok">ok</option>
            <option value="error">error</option>
          </select>
        </label>
        <label className="agent-picker">
          <span>From</span>
          <input type="datetime-local" data-testid="audit-since" value={filter.since} onChange={(event) => void setFilter({ since: event.target.value })} />
        </label>
        <label className="agent-picker">
          <span>To</span>
          <input type="datetime-local" data-testid="audit-until" value={filter.until} onChange={(event) => void setFilter({ until: event.target.value })} />
        </label>
        <span className="counts" data-testid="audit-count">
          {entries.length === total ? `${total} entr${total === 1 ? 'y' : 'ies'}` : `${entries.length} of ${total} entries`}
        </span>
      </div>
      {error && (
        <p className="error" role="alert">
          Audit log: {error}
        </p>
      )}
      {!loaded && !error && <p className="hint">Loading the audit log…</p>}
      {loaded && entries.length === 0 && <p className="hint">No user actions recorded{Object.values(filter).some(Boolean) ? ' for this filter' : ''} yet.</p>}
      {entries.length > 0 && (
        <div className="table-wrap audit-table-wrap">
          <table className="table" data-testid="audit-table">
            <thead>
              <tr>
                <th>Time</th>
                <th>User</th>
                <th>Action</th>
                <th>Target</th>
                <th>Parameters</th>
                <th>Result</th>
                <th className="num">Duration</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr
                  key={entry.id}
                  className={entry.id === selectedId ? 'audit-row audit-row--picked' : 'audit-row'}
                  data-testid="audit-row"
                  data-id={entry.id}
                  data-action={entry.action}
                  data-ok={entry.ok}
                  aria-selected={entry.id === selectedId}
                  tabIndex={0}
                  onClick={() => select(entry.id)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter' || event.key === ' ') {
                      event.preventDefault();
                      select(entry.id);
                    }
                  }}
                >
                  <td>{auditTime(entry.time)}</td>
                  <td>{auditWho(entry)}</td>
                  <td>{entry.action}</td>
                  <td className="cell-path" title={entry.target}>
                    {entry.target}
                  </td>
                  <td className="audit-params" title={paramsSummary(entry)}>
                    <code>{paramsSummary(entry)}</code>
                  </td>
                  <td className={entry.ok ? 'audit-ok' : 'audit-error'} title={entry.message ?? undefined} data-testid="audit-result">
                    {auditResult(entry)}
                  </td>
                  <td className="num">{auditDuration(entry.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {loaded && entries.length < total && (
        <button type="button" className="btn" disabled={loading} onClick={() => void loadMore()} data-testid="audit-more">
          Load older entries
        </button>
      )}
      {selected && <AuditDetail entry={selected} onClose={() => select(selected.id)} />}
    </section>
  );
}
