/**
 * runSseConnection against real loopback HTTP servers that misbehave on purpose: a 503 before the stream,
 * events split across TCP writes, a stream the server ends, a silent stream, a refusal, a non-SSE answer.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { runSseConnection, StreamRefusedError, type ConnectionNotice, type SseEvent } from '../../../main/fastmon-client/sse-connection.js';
import { waitFor } from '../../helpers/net.js';

type Handler = (res: ServerResponse, attempt: number, headers: IncomingHttpHeaders) => void;

const servers: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

/** A server answering its n-th request with handlers[n] (the last one repeats). */
async function serve(handlers: Handler[]): Promise<{ url: URL; requests: IncomingHttpHeaders[] }> {
  const requests: IncomingHttpHeaders[] = [];
  const http = createServer((req, res) => {
    requests.push(req.headers);
    handlers[Math.min(requests.length, handlers.length) - 1](res, requests.length, req.headers);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  servers.push({
    close: async () => {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  });
  const address = http.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return { url: new URL(`http://127.0.0.1:${address.port}/api/messages/stream/`), requests };
}

const json = (status: number, body: unknown): Handler => (res) => {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
};

const sse = (res: ServerResponse) => {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  res.flushHeaders();
};

function collector() {
  const events: SseEvent[] = [];
  const notices: ConnectionNotice[] = [];
  return { events, notices, onEvent: (e: SseEvent) => events.push(e), onNotice: (n: ConnectionNotice) => notices.push(n) };
}

describe('runSseConnection', () => {
  it('retries a 503, parses events split across writes, reconnects with Last-Event-ID, and stops at a 401', async () => {
    const { url, requests } = await serve([
      json(503, { detail: 'starting up' }),
      (res) => {
        sse(res);
        res.write('event: connected\ndata: {"status": "connected"}\n\nid: 7\nevent: tf_file_');
        setTimeout(() => res.end('registered\ndata: {"tf_filename": "a.tf"}\n\nevent: heartbeat\ndata: {}\n\n'), 50);
      },
      json(401, { detail: 'Authentication credentials were not provided.' }),
    ]);
    const c = collector();
    const error = await runSseConnection({ url, signal: new AbortController().signal, headers: { Authorization: 'Token k' }, initialDelayMs: 20, ...c }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StreamRefusedError);
    expect(error).toMatchObject({ status: 401, detail: 'Authentication credentials were not provided.' });
    expect(c.events).toEqual([
      { id: undefined, event: 'connected', data: '{"status": "connected"}' },
      { id: '7', event: 'tf_file_registered', data: '{"tf_filename": "a.tf"}' },
      { id: undefined, event: 'heartbeat', data: '{}' },
    ]);
    expect(c.notices).toEqual([
      { kind: 'disconnected', reason: 'HTTP 503: starting up', retryInMs: 20, wasConnected: false },
      { kind: 'connected', attempt: 2, resumeFrom: null },
      // A connection that got through starts the backoff over.
      { kind: 'disconnected', reason: 'the server closed the stream', retryInMs: 20, wasConnected: true },
    ]);
    expect(requests.map((h) => [h.authorization, h.accept, h['last-event-id']])).toEqual([
      ['Token k', 'text/event-stream', undefined],
      ['Token k', 'text/event-stream', undefined],
      // The heartbeat after id 7 had no id: the resume point stays at the last message.
      ['Token k', 'text/event-stream', '7'],
    ]);
  });

  it('doubles the delay after each failed attempt up to the maximum, and stops at once when aborted while waiting', async () => {
    const { url } = await serve([json(502, { detail: 'bad gateway' })]);
    const c = collector();
    const controller = new AbortController();
    const done = runSseConnection({ url, signal: controller.signal, initialDelayMs: 10, maxDelayMs: 40, ...c });
    await waitFor(() => c.notices.length >= 5 || null, 5000, 'five failed attempts');
    controller.abort();
    await done;
    expect(c.notices.slice(0, 5).map((n) => (n.kind === 'disconnected' ? n.retryInMs : -1))).toEqual([10, 20, 40, 40, 40]);
  });

  it('treats a silent connection as dead after the idle timeout and resumes', async () => {
    const { url, requests } = await serve([
      (res) => {
        sse(res);
        res.write('id: 3\nevent: x\ndata: {}\n\n'); // then nothing, not even a heartbeat
      },
      (res) => sse(res),
    ]);
    const c = collector();
    const controller = new AbortController();
    const done = runSseConnection({ url, signal: controller.signal, initialDelayMs: 10, idleTimeoutMs: 300, ...c });
    await waitFor(() => requests.length >= 2 || null, 5000, 'the second attempt');
    await waitFor(() => c.notices.length >= 3 || null, 5000, 'the reconnect');
    controller.abort();
    await done;
    expect(c.notices[1]).toEqual({ kind: 'disconnected', reason: 'no data for 0.3 s', retryInMs: 10, wasConnected: true });
    expect(c.notices[2]).toEqual({ kind: 'connected', attempt: 2, resumeFrom: '3' });
    expect(requests[1]['last-event-id']).toBe('3');
  });

  it('refuses an answer that is not an event stream (a wrong URL) and a 403 without retrying', async () => {
    const page = await serve([(res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>station</html>')]);
    await expect(runSseConnection({ url: page.url, signal: new AbortController().signal, onEvent: () => {} })).rejects.toMatchObject({
      status: 200,
      detail: expect.stringMatching(/^not an event stream \(Content-Type text\/html\)/),
    });
    const revoked = await serve([json(403, { detail: 'API key revoked.' })]);
    await expect(runSseConnection({ url: revoked.url, signal: new AbortController().signal, onEvent: () => {} })).rejects.toMatchObject({ status: 403, detail: 'API key revoked.' });
    expect(page.requests).toHaveLength(1);
    expect(revoked.requests).toHaveLength(1);
  });

  it('resolves when aborted during an open stream', async () => {
    const { url } = await serve([(res) => sse(res)]);
    const c = collector();
    const controller = new AbortController();
    const done = runSseConnection({ url, signal: controller.signal, ...c });
    await waitFor(() => c.notices.length >= 1 || null, 5000, 'the connection');
    controller.abort();
    await expect(done).resolves.toBeUndefined();
    expect(c.notices).toEqual([{ kind: 'connected', attempt: 1, resumeFrom: null }]);
  });
});
