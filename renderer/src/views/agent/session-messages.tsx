/** The session's log lines with their timestamps, newest last, kept scrolled to the end. */
import { useEffect, useRef, type ReactElement } from 'react';
import { formatClock } from '../../logic/time-format.js';

const MAX_SHOWN = 200;

export function SessionMessages({ messages }: { messages: ReadonlyArray<[number, string]> }): ReactElement {
  const listRef = useRef<HTMLOListElement>(null);
  const shown = messages.slice(-MAX_SHOWN);
  useEffect(() => {
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [messages.length]);
  return (
    <ol className="messages" data-testid="op-messages" ref={listRef} aria-label="Session messages">
      {shown.length === 0 && <li className="messages-empty">No messages yet.</li>}
      {shown.map(([time, text], index) => (
        <li key={`${time}-${index}`}>
          <time dateTime={new Date(time * 1000).toISOString()}>{formatClock(time)}</time> {text}
        </li>
      ))}
    </ol>
  );
}
