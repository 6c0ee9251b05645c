/**
 * `GET /api/messages/stream/`: the recorded testbed messages as Server-Sent Events in the monitor's format
 * (spec §2), with its defects fixed: every message event has an `id:` and a reconnect with `Last-Event-ID`
 * (or `?last_event_id=`) replays what was missed, `agents` also matches `sender`, `namespaces` filters,
 * a slow client is dropped instead of silently losing messages, and no CORS header is sent.
 *
 * Live messages come from one {@link MessageTail} shared by every client: it reads the store in id order
 * when this process records a message and when another process commits to the file, so rows agents or the
 * CLI write straight into the store arrive live too, never out of order.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MessageRecord, StationStore } from '../../store/index.js';
import { authenticateStream } from './auth.js';
import { StreamClient } from './client.js';
import { connectedEvent, heartbeatEvent, messageEvent } from './events.js';
import { matchesFilters, parseStreamFilters } from './filters.js';
import { MessageTail } from './tail.js';

/** The stream's path (with or without the trailing slash). */
export const MESSAGE_STREAM_PATH = '/api/messages/stream/';

export interface MessageStreamOptions {
  /** The station store: messages, their change events, the API keys. */
  store: Pick<StationStore, 'testbed' | 'apiKeys' | 'onChange'>;
  /** Heartbeat period in ms. Default 30 000 (spec §2.4). */
  heartbeatMs?: number;
  /** Unsent bytes a client may accumulate before it is dropped. Default 1 MiB. */
  maxBufferedBytes?: number;
  /** Messages per replay page and per tail read. Default 500. */
  replayPageSize?: number;
  /** How often the tail checks for other processes' commits while clients are connected, in ms. Default 250. */
  pollMs?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/** The stream's request handler and its open clients. */
export interface MessageStream {
  /** Whether a request path is the stream's. */
  matches(path: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Open streams. */
  readonly clientCount: number;
  /** Ends every open stream. */
  close(): void;
}

/** Creates the stream handler over a store. */
export function createMessageStream(options: MessageStreamOptions): MessageStream {
  const log = options.log ?? (() => {});
  const heartbeatMs = options.heartbeatMs ?? 30_000;
  const maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
  const pageSize = options.replayPageSize ?? 500;
  const open = new Set<ServerResponse>();
  const tail = new MessageTail({ store: options.store, pollMs: options.pollMs, pageSize, log });
  // The tail hands the same row object to every client: format it once, not once per client (the fan-out's main cost).
  const formatted = new WeakMap<MessageRecord, string>();
  const eventOf = (message: MessageRecord): string => {
    let text = formatted.get(message);
    if (text === undefined) formatted.set(message, (text = messageEvent(message)));
    return text;
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      return sendJson(res, 405, { detail: `Method "${req.method}" not allowed.` });
    }
    const auth = authenticateStream(req, options.store.apiKeys);
    if (!auth.ok) {
      if (auth.status === 401) res.setHeader('WWW-Authenticate', 'Token');
      return sendJson(res, auth.status, { detail: auth.detail });
    }
    const query = new URL(req.url ?? '/', 'http://station').searchParams;
    const resume = parseLastEventId(req.headers['last-event-id'], query.get('last_event_id'));
    if (resume === 'invalid') return sendJson(res, 400, { detail: 'Last-Event-ID must be a non-negative integer.' });
    const filters = parseStreamFilters(query);

    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    const client = new StreamClient(randomUUID(), res, maxBufferedBytes, (bytes) =>
      log('warn', `message stream ${client.id}: client too slow, dropped after ${bytes} buffered bytes`),
    );
    open.add(res);
    // Subscribe before replaying so nothing recorded meanwhile is missed; tail rows are ignored until the replay is done.
    let lastSent = resume ?? 0;
    let live = resume === null;
    const deliver = (message: MessageRecord) => {
      if (message.id <= lastSent) return;
      lastSent = message.id;
      if (matchesFilters(filters, message)) client.send(eventOf(message));
    };
    const unsubscribe = tail.subscribe({
      deliver: (message) => live && deliver(message),
      fail: () => res.destroy(),
    });
    const heartbeat = setInterval(() => client.send(heartbeatEvent(Date.now())), heartbeatMs);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(res);
    });
    client.send(connectedEvent(client.id));
    if (!live) {
      // The replay's last (empty) read proves every stored row, and so every row the tail has read, is at or
      // below lastSent: the tail's next rows continue exactly after it, and deliver() drops any overlap.
      const goLive = () => void (live = true);
      replay(options.store, pageSize, client, () => lastSent, deliver, goLive).catch((error: Error) => {
        log('error', `message stream ${client.id}: replay failed: ${error.message}`);
        res.destroy();
      });
    }
  };

  return {
    matches: (path) => path === MESSAGE_STREAM_PATH || path === MESSAGE_STREAM_PATH.slice(0, -1),
    handle,
    get clientCount() {
      return open.size;
    },
    close() {
      tail.close();
      for (const res of open) res.end();
    },
  };
}

/**
 * Sends every stored message after the cursor, page by page, at the client's pace; calls `goLive` in the
 * same tick as the read that found nothing more, so no message falls between the replay and the live events.
 */
async function replay(
  store: MessageStreamOptions['store'],
  pageSize: number,
  client: StreamClient,
  cursor: () => number,
  deliver: (message: MessageRecord) => void,
  goLive: () => void,
): Promise<void> {
  for (;;) {
    if (client.closed) return;
    const page = store.testbed.listMessages({ afterId: cursor(), limit: pageSize });
    // deliver() advances the cursor past filtered-out messages too, so the next page starts after them.
    for (const message of page) {
      deliver(message);
      // Backpressure: a backlog is sent as fast as the client reads it, never piled up in memory.
      await client.drained();
      if (client.closed) return;
    }
    // Awaiting drain may have let messages in, so only an empty page proves the backlog is done (the caller switches to live in the same tick).
    if (page.length === 0) return goLive();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The resume point from the header (preferred) or the query; null when neither is given. */
function parseLastEventId(header: string | string[] | undefined, query: string | null): number | null | 'invalid' {
  const text = (Array.isArray(header) ? header[0] : header) ?? query;
  if (text === null || text === undefined || text.trim() === '') return null;
  return /^\d+$/.test(text.trim()) && Number.isSafeInteger(Number(text.trim())) ? Number(text.trim()) : 'invalid';
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}
