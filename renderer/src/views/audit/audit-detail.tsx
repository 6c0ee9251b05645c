/** One audit entry in full: who, when, target, outcome, and the recorded parameters and result as trees. */
import type { ReactElement } from 'react';
import type { AuditEntry } from '../../../../shared/audit.js';
import { JsonTree } from '../common/json-tree.js';
import { auditDuration, auditResult, auditTime, auditWho } from './audit-format.js';

export function AuditDetail({ entry, onClose }: { entry: AuditEntry; onClose(): void }): ReactElement {
  return (
    <section className="audit-detail" aria-label={`Audit entry ${entry.id}`} data-testid="audit-detail">
      <div className="toolbar">
        <h2>
          #{entry.id} {entry.action}
        </h2>
        <span className="topbar-spacer" />
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
      </div>
      <dl className="facts">
        <dt>Time</dt>
        <dd>{auditTime(entry.time)}</dd>
        <dt>User</dt>
        <dd>{auditWho(entry)}</dd>
        <dt>Target</dt>
        <dd>{entry.target || '—'}</dd>
        <dt>Result</dt>
        <dd className={entry.ok ? 'audit-ok' : 'audit-error'} data-testid="audit-detail-result">
          {auditResult(entry)}
          {entry.message ? ` – ${entry.message}` : ''}
        </dd>
        <dt>Duration</dt>
        <dd>{auditDuration(entry.durationMs)}</dd>
      </dl>
      <div className="audit-detail-trees">
        <div>
          <h3>Parameters</h3>
          <JsonTree value={entry.params} testId="audit-detail-params" />
        </div>
        <div>
          <h3>Response</h3>
          {entry.result === null ? <p className="hint">none recorded</p> : <JsonTree value={entry.result} testId="audit-detail-response" />}
        </div>
      </div>
    </section>
  );
}
