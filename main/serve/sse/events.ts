/**
 * The stream's events in the monitor's wire format (spec §2.3), plus the `id:` line the monitor lacks
 * so clients can resume with `Last-Event-ID`.
 */
import type { MessageRecord } from '../../store/index.js';
import { bodyMsgType } from './filters.js';
import { pythonJson } from './python-json.js';

/** One SSE event: optional `id:`, `event:`, one `data:` line, blank line. */
export function formatEvent(event: string, data: string, id?: number): string {
  // A CR or LF in a field would end it and let a message body inject fields or events.
  const name = event.replace(/[\r\n]/g, ' ');
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${name}\ndata: ${data.replace(/[\r\n]/g, ' ')}\n\n`;
}

/** The first event of every stream. */
export function connectedEvent(clientId: string): string {
  return formatEvent('connected', pythonJson({ client_id: clientId, status: 'connected' }));
}

/** A keepalive with the epoch time in seconds, as a float (`1786111411.0`, never `1786111411`). */
export function heartbeatEvent(nowMs: number): string {
  const seconds = nowMs / 1000;
  return formatEvent('heartbeat', `{"timestamp": ${Number.isInteger(seconds) ? seconds.toFixed(1) : String(seconds)}}`);
}

/** The last event a dropped or failing client gets. */
export function errorEvent(detail: string): string {
  return formatEvent('error', pythonJson({ detail }));
}

/** A recorded message: `id:` its store id, `event:` its msg_type (or `message`), `data:` the enriched body. */
export function messageEvent(message: MessageRecord): string {
  return formatEvent(bodyMsgType(message.body) ?? 'message', pythonJson(enrichBody(message)), message.id);
}

/**
 * The body with the monitor's `setdefault` additions (existing values win): `sender_agent`,
 * `recipient_agent`, `namespace`, `queue_name` and `sent_at`. `queue_name` is the recorded destination
 * without its `/topic/` or `/queue/` prefix (the monitor's was always `epictopic`), and `sent_at` is when
 * the station recorded the message.
 */
export function enrichBody(message: MessageRecord): Record<string, unknown> {
  const body = { ...message.body };
  const setDefault = (key: string, value: unknown) => {
    if (!(key in body)) body[key] = value;
  };
  setDefault('sender_agent', body.sender ?? null);
  setDefault('recipient_agent', body.recipient ?? null);
  setDefault('namespace', message.namespace);
  setDefault('queue_name', message.destination.replace(/^\/(topic|queue)\//, ''));
  setDefault('sent_at', pythonIsoTime(message.receivedAt));
  return body;
}

/** Unix ms as Python's `datetime.now(timezone.utc).isoformat()` writes it: µs and `+00:00`. */
export function pythonIsoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');
}
