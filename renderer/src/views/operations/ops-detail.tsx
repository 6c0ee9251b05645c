/** The detail of a clicked cell (the live session from op:status) or segment (the recorded change). */
import type { ReactElement } from 'react';
import { opCodeClass, opCodeName } from '../../logic/op-codes.js';
import { opStatusLine } from '../../logic/op-status.js';
import { formatClock, formatDuration } from '../../logic/time-format.js';
import type { OpDetail } from '../../stores/operations-store.js';
import { SessionMessages } from '../agent/session-messages.js';

const when = (unixSeconds: number | null) => (unixSeconds === null ? '—' : `${new Date(unixSeconds * 1000).toLocaleDateString()} ${formatClock(unixSeconds)}`);

function Field({ name, id, children }: { name: string; id: string; children: ReactElement | string | number }): ReactElement {
  return (
    <>
      <dt>{name}</dt>
      <dd data-testid={`ops-detail-${id}`}>{children}</dd>
    </>
  );
}

export function OpsDetail({ detail, now, onClose }: { detail: OpDetail; now: number; onClose(): void }): ReactElement {
  const agent = detail.kind === 'live' ? detail.address : detail.agent;
  const code = detail.kind === 'live' ? (detail.reply?.session?.op_code ?? detail.code) : detail.segment[2];
  return (
    <aside className="card ops-detail" data-testid="ops-detail" data-kind={detail.kind} aria-label="Operation detail">
      <div className="ops-detail-head">
        <h2>
          {agent} · {detail.op}
        </h2>
        <span className={`chip ${opCodeClass(code)}`} data-testid="ops-detail-code">
          {opCodeName(code)}
        </span>
        <button type="button" className="btn" data-testid="ops-detail-close" onClick={onClose}>
          Close
        </button>
      </div>
      {detail.error && (
        <p className="error" role="alert">
          {detail.error}
        </p>
      )}
      {detail.kind === 'live' && !detail.reply && !detail.error && <p className="hint">Asking the agent…</p>}
      {detail.kind === 'live' && detail.reply && (
        <>
          <dl className="ops-detail-fields">
            <Field name="Status" id="status">{opStatusLine(detail.reply.session, now).text}</Field>
            <Field name="Session" id="session">{detail.reply.session ? String(detail.reply.session.session_id) : 'none yet'}</Field>
            <Field name="Started" id="started">{when(detail.reply.session?.start_time ?? null)}</Field>
            <Field name="Ended" id="ended">{when(detail.reply.session?.end_time ?? null)}</Field>
          </dl>
          {detail.reply.session && <SessionMessages messages={detail.reply.session.messages} />}
        </>
      )}
      {detail.kind === 'record' && (
        <dl className="ops-detail-fields">
          <Field name="From" id="from">{when(detail.segment[0])}</Field>
          <Field name="For" id="duration">{formatDuration(detail.segment[1] - detail.segment[0])}</Field>
          <Field name="Seen at" id="at">{when(detail.record?.at ?? null)}</Field>
          <Field name="Class" id="class">{detail.record?.agentClass ?? '—'}</Field>
          <Field name="Status" id="status">{detail.record?.status ?? '—'}</Field>
          <Field name="Session" id="session">{detail.record?.sessionId != null ? String(detail.record.sessionId) : 'unknown'}</Field>
          <Field name="Started" id="started">{when(detail.record?.startedAt ?? null)}</Field>
          <Field name="Ended" id="ended">{when(detail.record?.endedAt ?? null)}</Field>
        </dl>
      )}
    </aside>
  );
}
