/**
 * `station fastmon-client` as a real process against a real HTTP server: createMessageStream over a temp
 * station store on a free loopback port, API keys from that store, messages recorded straight into it.
 * The server is stopped and restarted on the same port to check that the client resumes with Last-Event-ID.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes } from '../../../main/fastmon-client/format.js';
import { createMessageStream } from '../../../main/serve/sse/index.js';
import { openStationStore, type StationStore } from '../../../main/store/index.js';
import { freePort, waitFor, type RunningProcess } from '../../helpers/net.js';
import { runStation, startStation } from '../../helpers/station.js';

interface TestServer {
  /** Headers of every stream request this server saw. */
  requests: IncomingHttpHeaders[];
  close(): Promise<void>;
}

let dir: string;
let store: StationStore;
let port: number;
let url: string;
let server: TestServer | null = null;
let key: string;
let seq = 0;

/** An HTTP server with only the message stream, on 127.0.0.1:port. */
async function startServer(onPort: number): Promise<TestServer> {
  const stream = createMessageStream({ store, heartbeatMs: 400 });
  const requests: IncomingHttpHeaders[] = [];
  const http = createServer((req, res) => {
    if (!stream.matches(new URL(req.url ?? '/', 'http://x').pathname)) {
      res.writeHead(404).end();
      return;
    }
    requests.push(req.headers);
    stream.handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(onPort, '127.0.0.1', resolve);
  });
  return {
    requests,
    async close() {
      stream.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

interface Tf {
  id: number;
  run: string;
  stf: string;
  tf: string;
  tfCount: number;
  bytes: number;
}

/** Records one tf_file_registered as the fastmon agent announces it (spec §1.6). */
function recordTf(run: string, stfSeq: number, tfSeq: number): Tf {
  const stf = `swf.${run}.${String(stfSeq).padStart(6, '0')}.stf`;
  const tf = `swf.${run}.${String(stfSeq).padStart(6, '0')}_tf_${String(tfSeq).padStart(3, '0')}.tf`;
  const tfCount = 10 + ((stfSeq * 7 + tfSeq) % 13);
  const bytes = tfCount * 100_003;
  const { id } = store.testbed.recordMessage({
    destination: '/topic/epictopic',
    body: {
      msg_type: 'tf_file_registered', namespace: 'fmc-test', run_id: run, run_number: Number(run), execution_id: null,
      processed_by: 'fastmon-agent-test-1', sender: 'fastmon-agent-test-1', tf_file_id: String(++seq), tf_filename: tf,
      tf_first: 0, tf_last: tfCount - 1, tf_count: tfCount, file_size_bytes: bytes, stf_filename: stf, status: 'registered',
    },
    receivedAt: Date.now(),
  });
  return { id, run, stf, tf, tfCount, bytes };
}

function recordOther(body: Record<string, unknown>): number {
  return store.testbed.recordMessage({ destination: '/topic/epictopic', body: { namespace: 'fmc-test', seq: ++seq, ...body }, receivedAt: Date.now() }).id;
}

/** The client's stdout lines (stderr collected apart). */
function collect(proc: RunningProcess): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const split = (into: string[]) => {
    let rest = '';
    return (chunk: Buffer) => {
      rest += chunk.toString('utf8');
      const parts = rest.split('\n');
      rest = parts.pop() ?? '';
      into.push(...parts.filter((line) => line !== ''));
    };
  };
  proc.child.stdout!.on('data', split(out));
  proc.child.stderr!.on('data', split(err));
  return { out, err };
}

const linesFor = (out: string[], tf: Tf) => out.filter((line) => line.includes(` → ${tf.tf} `));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'station-fastmon-client-'));
  store = openStationStore(dir);
  key = store.apiKeys.create('fastmon client test').key;
  port = await freePort();
  url = `http://127.0.0.1:${port}/api/messages/stream/`;
  server = await startServer(port);
});

afterAll(async () => {
  await server?.close();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('station fastmon-client', () => {
  it('refuses to start without a token: one line, exit 2', async () => {
    const { code, out } = await runStation(['fastmon-client', '--url', url], { STATION_API_KEY: '', NO_COLOR: '1' });
    expect(code).toBe(2);
    expect(out).toBe('station fastmon-client: no API key: pass --token KEY or set STATION_API_KEY (create one with `station keys create NAME`)');
  });

  it("prints the server's detail and exits 1 for an unknown (401) or revoked (403) key, without retrying", async () => {
    const before = server!.requests.length;
    const unknown = await runStation(['fastmon-client', '--url', url, '--token', 'f'.repeat(64)], { NO_COLOR: '1' });
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('(HTTP 401): Authentication credentials were not provided.');
    const revoked = store.apiKeys.create('revoked client');
    store.apiKeys.revoke('revoked client');
    // The key from the environment is used when --token is absent.
    const refused = await runStation(['fastmon-client', '--url', url], { STATION_API_KEY: revoked.key, NO_COLOR: '1' });
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/refused the connection \(HTTP 403\): API key revoked\.$/);
    expect(server!.requests.length - before).toBe(2);
  });

  it('prints one line per TF, resumes across a server restart with nothing missed or doubled, and summarises on SIGINT', async () => {
    const proc = startStation(['fastmon-client', '--url', url], { STATION_API_KEY: key, NO_COLOR: '1' });
    const { out, err } = collect(proc);
    try {
      await waitFor(() => err.some((line) => line.includes(`connected to ${url}`)) || null, 15_000, 'the connected notice');
      const seen: Tf[] = [];
      for (let stf = 1; stf <= 2; stf += 1) for (let n = 1; n <= 3; n += 1) seen.push(recordTf('100010', stf, n));
      recordOther({ msg_type: 'stf_gen', run_id: '100010', filename: 'swf.100010.000003.stf' }); // not in the default types
      for (let n = 1; n <= 2; n += 1) seen.push(recordTf('100011', 1, n));
      const statusId = recordOther({ msg_type: 'fastmon_status', processed_by: 'fastmon-agent-test-1', status: 'ok', message: 'run 100010: 2 of 2 STFs sampled, 6 TFs', run_id: '100010' });
      await waitFor(() => out.some((line) => line.includes('fastmon_status')) || null, 10_000, 'the fastmon_status line');
      for (const tf of seen) {
        const lines = linesFor(out, tf);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d  run ${tf.run}  ${tf.stf.replace(/\./g, '\\.')} → ${tf.tf.replace(/\./g, '\\.')}  ${tf.tfCount} TFs  [\\d.]+ (KiB|MiB)$`));
      }
      expect(out.find((line) => line.includes('fastmon_status'))).toMatch(/fastmon_status {2}run 100010 {2}ok: run 100010: 2 of 2 STFs sampled, 6 TFs {2}\(fastmon-agent-test-1\)$/);
      expect(out.some((line) => line.includes('stf_gen') || line.includes('heartbeat'))).toBe(false);
      expect(out.join('\n')).not.toContain('\u001b[');
      expect(out).toHaveLength(seen.length + 1);

      // The server goes away; what is recorded meanwhile must arrive once it is back.
      const lastSeenId = statusId; // the last event the client saw
      await server!.close();
      server = null;
      await waitFor(() => err.some((line) => /disconnected \(.*\); retrying in \d+\.\d s/.test(line)) || null, 10_000, 'the disconnect notice');
      const missed: Tf[] = [];
      for (let n = 4; n <= 6; n += 1) missed.push(recordTf('100011', 1, n));
      for (let n = 1; n <= 2; n += 1) missed.push(recordTf('100012', 1, n));
      await new Promise((resolve) => setTimeout(resolve, 700)); // let at least one reconnect attempt fail
      server = await startServer(port);
      await waitFor(() => err.some((line) => line.includes(`reconnected to ${url}, resuming after event ${lastSeenId}`)) || null, 20_000, 'the reconnect notice');
      expect(server.requests[0]['last-event-id']).toBe(String(lastSeenId));
      const live = recordTf('100012', 2, 1);
      const all = [...seen, ...missed, live];
      await waitFor(() => linesFor(out, live).length > 0 || null, 10_000, 'the live TF after the restart');
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const tf of all) expect(linesFor(out, tf), tf.tf).toHaveLength(1);
      expect(out).toHaveLength(all.length + 1);
      // Missed ones in order, before the live one.
      const order = [...missed, live].map((tf) => out.findIndex((line) => line.includes(` → ${tf.tf} `)));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(err.some((line) => /cannot connect \(connect ECONNREFUSED 127\.0\.0\.1:\d+\); retrying in/.test(line))).toBe(true);

      // SIGINT: the per-run summary, exit 0.
      const before = out.length;
      const code = await proc.stop('SIGINT');
      expect(code).toBe(0);
      const summary = out.slice(before);
      expect(summary[0]).toMatch(new RegExp(`^fastmon-client summary: ${all.length + 1} events in \\d+s, 3 runs$`));
      expect(summary[1].split(/\s{2,}/)).toEqual(['run', 'STFs', 'TF files', 'TF count', 'bytes', 'size']);
      const expected = ['100010', '100011', '100012'].map((run) => {
        const tfs = all.filter((tf) => tf.run === run);
        return [run, new Set(tfs.map((tf) => tf.stf)).size, tfs.length, tfs.reduce((s, tf) => s + tf.tfCount, 0), tfs.reduce((s, tf) => s + tf.bytes, 0)];
      });
      const totals = ['total', 1, 2, 3, 4].map((i) => (i === 'total' ? i : expected.reduce((s, row) => s + (row[i as number] as number), 0)));
      const rows = summary.slice(2, 6).map((line) => line.trim().split(/\s{2,}/));
      expect(rows.map((row) => row.slice(0, 5))).toEqual([...expected, totals].map((row) => row.map(String)));
      expect(rows.map((row) => row[5])).toEqual([...expected, totals].map((row) => formatBytes(row[4] as number)));
      expect(summary).toHaveLength(6);
      expect(err.some((line) => line.includes('SIGINT received'))).toBe(true);
    } finally {
      await proc.stop('SIGKILL');
    }
  });
});
