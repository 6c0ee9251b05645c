/**
 * The stream's shared tail over real sockets and a real second process: rows another OS process writes
 * into the same store file arrive live, in id order, none missed or duplicated, interleaved with this
 * process's own writes. Two servers share the station: one polls `data_version` every 50 ms, the other
 * effectively never, so it sees other processes' rows only through the reads this process's writes trigger.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadlessServer, type HeadlessServer } from '../../../main/serve/index.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { waitFor } from '../../helpers/net.js';
import { connected, messageIds, openSse, type SseClient } from './sse-client.js';

const WRITER = fileURLToPath(new URL('./sse-writer-child.ts', import.meta.url));
const NAMESPACE = 'sse-cross';
const QUERY = `/api/messages/stream/?namespaces=${NAMESPACE}`;

let dir: string;
let station: Station;
let polling: HeadlessServer;
let eventOnly: HeadlessServer;
let key: string;
let child: ChildProcess;
const childLines: string[] = [];
let seq = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'station-sse-cross-'));
  station = await createStation({ mode: 'headless', wampPort: 0, demo: false, smurf: false, dataDir: dir, supervisordPath: '/nonexistent/supervisord' });
  const serve = (pollMs: number) =>
    startHeadlessServer({ host: '127.0.0.1', port: 0, table: station.table, rendererDir: dir, messageStream: { store: station.store, pollMs, heartbeatMs: 60_000 } });
  polling = await serve(50);
  eventOnly = await serve(3_600_000);
  key = station.store.apiKeys.create('cross-process client').key;
  child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, NAMESPACE], { stdio: ['pipe', 'pipe', 'inherit'] });
  createInterface({ input: child.stdout! }).on('line', (line) => childLines.push(line));
  await waitFor(() => childLines.includes('ready') || null, 20_000, 'the writer process');
});

afterAll(async () => {
  child?.stdin?.end();
  if (child && child.exitCode === null) await new Promise((resolve) => child.once('close', resolve));
  await polling?.close();
  await eventOnly?.close();
  await station?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Records one message in this process; returns its id. */
function record(): number {
  seq += 1;
  const body = { msg_type: 'stf_gen', sender: 'this-process', namespace: NAMESPACE, run_id: '200020', sequence: seq, pid: process.pid };
  return station.store.testbed.recordMessage({ destination: '/topic/epictopic', body, receivedAt: Date.now() }).id;
}

/** Asks the writer for `count` messages `gapMs` apart; resolves with their ids once it printed `done`. */
async function childWrites(count: number, gapMs: number): Promise<number[]> {
  const from = childLines.length;
  child.stdin!.write(`${count} ${gapMs}\n`);
  await waitFor(() => childLines.slice(from).includes('done') || null, 20_000, `the writer's ${count} messages`);
  return childLines.slice(from).filter((line) => line.startsWith('wrote ')).map((line) => Number(line.slice(6)));
}

async function idsUntil(client: SseClient, expected: number[], what: string): Promise<number[]> {
  await waitFor(() => messageIds(client).length >= expected.length || null, 10_000, what, 5);
  await new Promise((resolve) => setTimeout(resolve, 150)); // nothing extra may follow
  return messageIds(client);
}

describe('the message tail across processes', () => {
  it('delivers another process’s rows live without any write in this process', async () => {
    const client = await openSse(polling.port, { token: key, path: QUERY });
    try {
      await connected(client);
      const ids = await childWrites(5, 0);
      expect(await idsUntil(client, ids, 'the other process’s rows')).toEqual(ids);
    } finally {
      client.close();
    }
  });

  it('an in-process write right after another process’s commit delivers both, in id order', async () => {
    const clients = [await openSse(polling.port, { token: key, path: QUERY }), await openSse(eventOnly.port, { token: key, path: QUERY })];
    try {
      await Promise.all(clients.map(connected));
      const [theirs] = await childWrites(1, 0);
      const ours = record();
      expect(ours).toBeGreaterThan(theirs);
      for (const client of clients) expect(await idsUntil(client, [theirs, ours], 'both rows')).toEqual([theirs, ours]);
    } finally {
      clients.forEach((client) => client.close());
    }
  });

  it('interleaved writes of both processes arrive in id order, none missed or duplicated', async () => {
    const clients = [await openSse(polling.port, { token: key, path: QUERY }), await openSse(eventOnly.port, { token: key, path: QUERY })];
    try {
      await Promise.all(clients.map(connected));
      const theirs = childWrites(60, 2);
      const ours: number[] = [];
      // Paced, so the two writers take turns at the store's write lock instead of one starving the other.
      for (let i = 0; i < 60; i += 1) {
        ours.push(record());
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      const all = [...(await theirs), ...ours].sort((a, b) => a - b);
      // The writes really interleaved: some of this process's ids fall between the other's.
      const theirSet = new Set(await theirs);
      expect(all.filter((id, i) => i > 0 && theirSet.has(id) !== theirSet.has(all[i - 1])).length).toBeGreaterThan(2);
      expect(await idsUntil(clients[0], all, 'every row on the polling server')).toEqual(all);
      // The event-only server has every row up to this process's last write; one more write flushes the rest.
      const last = record();
      expect(await idsUntil(clients[1], [...all, last], 'every row on the event-only server')).toEqual([...all, last]);
      expect(await idsUntil(clients[0], [...all, last], 'the last row on the polling server')).toEqual([...all, last]);
    } finally {
      clients.forEach((client) => client.close());
    }
  });
});
