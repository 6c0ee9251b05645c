/**
 * `GET /api/messages/stream/` over real sockets: a headless station (createStation + startHeadlessServer),
 * API keys from its store, and a raw http.request client parsing the event stream as curl would show it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadlessServer, type HeadlessServer } from '../../../main/serve/index.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { waitFor } from '../../helpers/net.js';
import { openSse, type OpenSseOptions, type SseClient, type SseEvent } from './sse-client.js';

let dir: string;
let station: Station;
let server: HeadlessServer;
let key: string;
const warnings: string[] = [];
const NAMESPACE = 'sse-test';
let seq = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'station-sse-'));
  station = await createStation({ mode: 'headless', wampPort: 0, demo: false, smurf: false, dataDir: dir, supervisordPath: '/nonexistent/supervisord' });
  server = await startHeadlessServer({
    host: '127.0.0.1',
    port: 0,
    table: station.table,
    rendererDir: dir,
    log: (level, message) => level === 'warn' && warnings.push(message),
    messageStream: { store: station.store, heartbeatMs: 300, maxBufferedBytes: 512 * 1024 },
  });
  key = station.store.apiKeys.create('test client').key;
});

afterAll(async () => {
  await server?.close();
  await station?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens the stream on the test server; `query` is appended to the stream's path. */
const openStream = (options: Omit<OpenSseOptions, 'path'> & { query?: string } = {}): Promise<SseClient> =>
  openSse(server.port, { ...options, path: `/api/messages/stream/${options.query ?? ''}` });

/** Records one message in the station's store; returns its id. */
function record(body: Record<string, unknown> = {}): number {
  seq += 1;
  return station.store.testbed.recordMessage({
    destination: '/topic/epictopic',
    body: { msg_type: 'stf_gen', sender: 'daq-agent-1', namespace: NAMESPACE, run_id: '100010', sequence: seq, ...body },
    receivedAt: Date.now(),
  }).id;
}

const messages = (client: SseClient) => client.events.filter((event) => event.id !== undefined);

async function eventsUntil(client: SseClient, count: number): Promise<SseEvent[]> {
  await waitFor(() => messages(client).length >= count || null, 10_000, `${count} message events`, 2);
  return messages(client);
}

describe('GET /api/messages/stream/', () => {
  it('refuses a missing or unknown key with 401 and a revoked one with 403, as JSON', async () => {
    for (const token of [undefined, 'f'.repeat(64)]) {
      const client = await openStream({ token });
      expect(client.status).toBe(401);
      expect(client.headers['content-type']).toBe('application/json');
      expect(JSON.parse(await client.body)).toEqual({ detail: 'Authentication credentials were not provided.' });
    }
    const revoked = station.store.apiKeys.create('revoked client');
    station.store.apiKeys.revoke('revoked client');
    const client = await openStream({ token: revoked.key });
    expect(client.status).toBe(403);
    expect(JSON.parse(await client.body)).toEqual({ detail: 'API key revoked.' });
  });

  it('does not accept the page token or query-string keys', async () => {
    expect((await openStream({ token: server.token })).status).toBe(401);
    expect((await openStream({ query: `?token=${key}` })).status).toBe(401);
  });

  it('streams connected first, then recorded messages with ids, and heartbeats; without CORS', async () => {
    const client = await openStream({ token: key });
    try {
      expect(client.status).toBe(200);
      expect(client.headers).toMatchObject({ 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
      expect(client.headers['access-control-allow-origin']).toBeUndefined();
      await waitFor(() => client.events.length >= 1 || null, 5000, 'the connected event');
      expect(client.events[0].event).toBe('connected');
      expect(JSON.parse(client.events[0].data!)).toEqual({ client_id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'connected' });
      const id = record({ msg_type: 'start_run' });
      const [event] = await eventsUntil(client, 1);
      expect(event.id).toBe(String(id));
      expect(event.event).toBe('start_run');
      expect(JSON.parse(event.data!)).toMatchObject({ msg_type: 'start_run', sender_agent: 'daq-agent-1', namespace: NAMESPACE, queue_name: 'epictopic', recipient_agent: null });
      await waitFor(() => client.events.some((e) => e.event === 'heartbeat') || null, 5000, 'a heartbeat');
      expect(JSON.parse(client.events.find((e) => e.event === 'heartbeat')!.data!)).toEqual({ timestamp: expect.any(Number) });
    } finally {
      client.close();
    }
  });

  it('applies the filters: ANDed across parameters, ORed within, agents on sender or processed_by', async () => {
    const client = await openStream({ token: key, query: `?msg_types=stf_gen,%20tf_file_registered&agents=proc-9,daq-agent-1&namespaces=${NAMESPACE}` });
    try {
      await waitFor(() => client.events.length >= 1 || null, 5000, 'the connected event');
      record({ msg_type: 'end_run' }); // wrong type
      record({ sender: 'other-agent' }); // wrong agent
      record({ namespace: 'elsewhere' }); // wrong namespace
      const byProcessor = record({ msg_type: 'tf_file_registered', sender: 'fastmon-1', processed_by: 'proc-9' });
      const bySender = record();
      const got = await eventsUntil(client, 2);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(messages(client).map((event) => Number(event.id))).toEqual([byProcessor, bySender]);
      expect(got.map((event) => event.event)).toEqual(['tf_file_registered', 'stf_gen']);
    } finally {
      client.close();
    }
  });

  it('replays exactly the messages missed while disconnected after Last-Event-ID, then continues live', async () => {
    const query = `?namespaces=${NAMESPACE}`;
    const first = await openStream({ token: key, query });
    record();
    const [seen] = await eventsUntil(first, 1);
    first.close();
    await first.ended;
    const missed = Array.from({ length: 5 }, () => record());
    record({ namespace: 'elsewhere' }); // filtered out of the replay too
    const second = await openStream({ token: key, query, lastEventId: Number(seen.id) });
    let live = 0;
    try {
      await eventsUntil(second, 5);
      live = record();
      await eventsUntil(second, 6);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(messages(second).map((event) => Number(event.id))).toEqual([...missed, live]);
      expect(second.events[0].event).toBe('connected');
    } finally {
      second.close();
    }
    const byQuery = await openStream({ token: key, query: `${query}&last_event_id=${missed[2]}` });
    try {
      expect((await eventsUntil(byQuery, 3)).map((event) => Number(event.id))).toEqual([missed[3], missed[4], live]);
    } finally {
      byQuery.close();
    }
  });

  it('drops a client that never reads once it buffers too much, while a reading client keeps receiving', async () => {
    const stalled = await openStream({ token: key, read: false });
    const reader = await openStream({ token: key });
    try {
      await waitFor(() => reader.events.length >= 1 || null, 5000, 'the connected event');
      const padding = 'x'.repeat(64 * 1024);
      const sent: number[] = [];
      // Lockstep with the reader, so only the stalled client can fall behind (kernel buffers absorb a few MB first).
      for (let i = 0; i < 1000 && !warnings.some((w) => w.includes('client too slow')); i += 1) {
        sent.push(record({ padding }));
        await eventsUntil(reader, sent.length);
      }
      expect(warnings.find((w) => w.includes('client too slow'))).toMatch(/dropped after \d+ buffered bytes/);
      // One event larger than the limit still reaches a client that keeps up.
      const after = record({ padding: 'y'.repeat(1024 * 1024) });
      await eventsUntil(reader, sent.length + 1);
      expect(messages(reader).map((event) => Number(event.id))).toEqual([...sent, after]);
      stalled.res.resume(); // let it see the end of its connection
      await stalled.ended;
    } finally {
      stalled.close();
      reader.close();
    }
  });
});
