/** The recorded testbed messages, newest last, filtered by type, agent, run and namespace; virtualized (thousands of rows). */
import { useMemo, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { TestbedMessageView } from '../../../../shared/testbed.js';
import { useFollowingList } from '../../hooks/use-following-list.js';
import { formatClock } from '../../logic/time-format.js';
import { matchesMessageFilter, useTestbedMessagesStore, type MessageFilter } from '../../stores/testbed-messages-store.js';

const ROW_HEIGHT = 30;
const LIST_OPTIONS = { rowHeight: ROW_HEIGHT, fallbackRect: { width: 1200, height: 360 }, overscan: 10, key: (message: TestbedMessageView) => message.id };

const FILTERS: Array<{ key: keyof MessageFilter; label: string; of(message: TestbedMessageView): string | null }> = [
  { key: 'type', label: 'Type', of: (message) => message.msgType },
  { key: 'agent', label: 'Agent', of: (message) => message.sender },
  { key: 'run', label: 'Run', of: (message) => message.runId },
  { key: 'namespace', label: 'Namespace', of: (message) => message.namespace },
];

/** `14:02:11.512` */
function timeText(ms: number): string {
  return `${formatClock(ms / 1000)}.${String(Math.floor(ms % 1000)).padStart(3, '0')}`;
}

/** The fields worth a glance (file, sequence, state) without the envelope. */
function summary(message: TestbedMessageView): string {
  const { body } = message;
  const parts = ['filename', 'sequence', 'state', 'substate', 'total_stf_files', 'slice_id', 'tf_filename'].filter((key) => body[key] !== undefined && body[key] !== null).map((key) => `${key}=${String(body[key])}`);
  return parts.join(' ');
}

export function MessageStream(): ReactElement {
  const { messages, filter, error } = useTestbedMessagesStore(useShallow((state) => ({ messages: state.messages, filter: state.filter, error: state.error })));
  const setFilter = useTestbedMessagesStore((state) => state.setFilter);
  const rows = useMemo(() => messages.filter((message) => matchesMessageFilter(message, filter)), [messages, filter]);
  const choices = useMemo(
    () => Object.fromEntries(FILTERS.map(({ key, of }) => [key, [...new Set([...messages.map(of), filter[key]].filter((value): value is string => !!value))].sort()])) as Record<keyof MessageFilter, string[]>,
    [messages, filter],
  );
  const { scrollRef, virtualizer, onScroll } = useFollowingList(rows, LIST_OPTIONS);

  return (
    <div className="card testbed-messages">
      <div className="toolbar">
        <h2>Messages</h2>
        {FILTERS.map(({ key, label }) => (
          <label key={key} className="agent-picker">
            <span>{label}</span>
            <select data-testid={`testbed-filter-${key}`} value={filter[key]} onChange={(event) => setFilter({ [key]: event.target.value })}>
              <option value="">all</option>
              {choices[key].map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </label>
        ))}
        <span className="counts" data-testid="testbed-message-count">
          {rows.length} of {messages.length}
        </span>
      </div>
      {error && <p className="error">Messages: {error}</p>}
      <div className="msg-grid" role="table" aria-label="Testbed messages" aria-rowcount={rows.length}>
        <div className="msg-row msg-header" role="row">
          <span role="columnheader">Time</span>
          <span role="columnheader">Type</span>
          <span role="columnheader">Agent</span>
          <span role="columnheader">Run</span>
          <span role="columnheader">Namespace</span>
          <span role="columnheader">Details</span>
        </div>
        <div
          className="msg-body"
          ref={scrollRef}
          onScroll={onScroll}
        >
          {rows.length === 0 && <div className="grid-empty">No messages{messages.length > 0 ? ' for this filter' : ' recorded yet'}.</div>}
          <div className="grid-canvas" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const message = rows[item.index];
              return (
                <div
                  key={item.key}
                  role="row"
                  className="msg-row"
                  data-testid="testbed-message-row"
                  data-type={message.msgType}
                  data-id={message.id}
                  style={{ transform: `translateY(${item.start}px)`, height: item.size }}
                  title={JSON.stringify(message.body)}
                >
                  <span role="cell">{timeText(message.receivedAt)}</span>
                  <span role="cell">{message.msgType}</span>
                  <span role="cell">{message.sender ?? '—'}</span>
                  <span role="cell">{message.runId ?? '—'}</span>
                  <span role="cell">{message.namespace ?? '—'}</span>
                  <span role="cell">
                    {summary(message)}
                  </span>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
