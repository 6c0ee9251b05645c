/** A raw http.request SSE client for the message stream tests: parses events as curl would show them. */
import { request, type IncomingMessage } from 'node:http';
import { waitFor } from '../../helpers/net.js';

export interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
}

export interface SseClient {
  status: number;
  headers: IncomingMessage['headers'];
  /** The whole body, for refused requests (empty for a stream until it ends). */
  body: Promise<string>;
  events: SseEvent[];
  /** The response (a stalled client resumes it to see the end of its connection). */
  res: IncomingMessage;
  /** Resolves when the connection is gone. */
  ended: Promise<void>;
  close(): void;
}

export interface OpenSseOptions {
  token?: string;
  /** Default the stream's path. */
  path?: string;
  host?: string;
  lastEventId?: number;
  /** false: never read the body (a stalled client). */
  read?: boolean;
}

/** Opens `path` on 127.0.0.1:`port` (default the stream's path) with `Authorization: Token <token>` when given. */
export function openSse(port: number, options: OpenSseOptions = {}): Promise<SseClient> {
  const headers: Record<string, string> = { Accept: 'text/event-stream' };
  if (options.token !== undefined) headers.Authorization = `Token ${options.token}`;
  if (options.lastEventId !== undefined) headers['Last-Event-ID'] = String(options.lastEventId);
  return new Promise((resolve, reject) => {
    const req = request({ host: options.host ?? '127.0.0.1', port, path: options.path ?? '/api/messages/stream/', headers }, (res) => {
      const events: SseEvent[] = [];
      let text = '';
      let all = '';
      const ended = new Promise<void>((done) => {
        res.on('close', done);
        res.on('error', () => done());
      });
      const body = new Promise<string>((done) => res.on('end', () => done(all)));
      if (options.read === false) res.pause();
      else
        res.on('data', (chunk: Buffer) => {
          all += chunk.toString('utf8');
          text += chunk.toString('utf8');
          let end: number;
          while ((end = text.indexOf('\n\n')) >= 0) {
            const block = text.slice(0, end);
            text = text.slice(end + 2);
            const event: SseEvent = {};
            for (const line of block.split('\n')) {
              const colon = line.indexOf(': ');
              event[line.slice(0, colon) as keyof SseEvent] = line.slice(colon + 2);
            }
            events.push(event);
          }
        });
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body, events, res, ended, close: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}

/** The ids of the client's message events, in arrival order. */
export const messageIds = (client: SseClient): number[] => client.events.filter((event) => event.id !== undefined).map((event) => Number(event.id));

/** Waits until the client has the connected event. */
export const connected = (client: SseClient): Promise<true> =>
  waitFor(() => client.events[0]?.event === 'connected' || null, 5000, 'the connected event');
