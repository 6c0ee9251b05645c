/**
 * PysmurfMonitor on real sockets: the embedded router, the monitor's UDP port, a real store file,
 * datagrams from the TS SmurfPublisher and from a plain Python stdlib sender, and an autobahn-js
 * subscriber to the pysmurf_session_data feed.
 */
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPysmurfMonitor } from '../../../main/agents/pysmurf-monitor/index.js';
import { silentLogger } from '../../../main/ocs/logger.js';
import { SmurfPublisher } from '../../../main/smurf/publisher.js';
import type { StoreChange } from '../../../main/store/index.js';
import { waitFor } from '../../helpers/net.js';
import { FEED_TOPIC, MONITOR_ADDRESS, runSession, sendRaw, startMonitorFixture, type MonitorFixture } from './monitor-fixture.js';

let fixture: MonitorFixture;
beforeAll(async () => {
  fixture = await startMonitorFixture();
});
afterAll(async () => {
  await fixture?.close();
});

const FEED_INFO = () => ({
  agent_address: MONITOR_ADDRESS,
  agg_params: {},
  feed_name: 'pysmurf_session_data',
  address: FEED_TOPIC,
  record: false,
  session_id: fixture.monitor.agent.agentSessionId,
  agent_class: 'PysmurfMonitor',
});

/** The feed messages (first element of `[[message, feed_info]]`) with publisher id `id`. */
const feedMessages = (id: string) => fixture.feedEvents.map((args) => (args[0] as unknown[])[0] as Record<string, unknown>).filter((message) => message.id === id);

describe('PysmurfMonitor', () => {
  it('forwards session_data and session_log from the TS publisher as the full envelope, and nothing else', async () => {
    const pub = new SmurfPublisher({ env: { SMURFPUB_ID: 'crate1slot2', SMURFPUB_BACKEND: 'udp', SMURFPUB_UDP_HOST: '127.0.0.1', SMURFPUB_UDP_PORT: String(fixture.monitor.port) }, scriptId: 'uxm_setup.py' });
    await pub.log('not forwarded');
    await pub.sessionData({ nchans_per_bg: [10, 12, 0], filepath: '/data/bgmap.npy' });
    await pub.sessionLog('bgmap done');
    await pub.close();
    await waitFor(() => feedMessages('crate1slot2').length === 2, 5000, 'two feed messages');
    const events = fixture.feedEvents.filter((args) => ((args[0] as unknown[])[0] as { id: string }).id === 'crate1slot2');
    expect(events[0]).toEqual([
      [{ host: pub.host, id: 'crate1slot2', script: 'uxm_setup.py', time: expect.any(Number), seq_no: 2, type: 'session_data', payload: { nchans_per_bg: [10, 12, 0], filepath: '/data/bgmap.npy' } }, FEED_INFO()],
    ]);
    expect(events[1]).toEqual([[{ host: pub.host, id: 'crate1slot2', script: 'uxm_setup.py', time: expect.any(Number), seq_no: 3, type: 'session_log', payload: 'bgmap done' }, FEED_INFO()]]);
  });

  it('handles the exact bytes a Python publisher sends (json.dumps, NaN included) and indexes its data_file', async () => {
    const changes: StoreChange[] = [];
    const unsubscribe = fixture.store.onChange((change) => changes.push(change));
    const script = [
      'import json, socket, sys, time',
      'sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
      'def send(seq, kind, payload):',
      "    msg = {'host': 'smurf-srv-py', 'id': 'crate1slot3', 'script': 'take_iv.py', 'time': 1700000100.5, 'seq_no': seq, 'type': kind, 'payload': payload}",
      "    sock.sendto(bytes(json.dumps(msg), 'utf_8'), ('127.0.0.1', int(sys.argv[1])))",
      "send(0, 'start', {})",
      "send(1, 'session_data', {'quantiles': {'Rn': [0.007, float('nan')]}, 'filepath': '/data/iv_analyze.npy'})",
      "send(2, 'session_log', 'IV done')",
      "send(3, 'data_file', {'path': '/data/smurf_data/20231114/crate1slot3/1700000000/outputs/1700000050_iv_analyze', 'type': 'iv', 'format': 'npy', 'timestamp': 1700000050.25, 'action': 'take_iv', 'action_ts': '1700000000', 'plot': False, 'pysmurf_version': 'v8.0.0'})",
      "send(4, 'stop', {})",
      "print('sent')",
    ].join('\n');
    const { stdout } = await promisify(execFile)('python3', ['-c', script, String(fixture.monitor.port)]);
    expect(stdout.trim()).toBe('sent');
    await waitFor(() => feedMessages('crate1slot3').length === 2 && fixture.store.dataFiles.list({ pubId: 'crate1slot3' }).length === 1, 5000, 'the Python datagrams');
    expect(feedMessages('crate1slot3')).toEqual([
      { host: 'smurf-srv-py', id: 'crate1slot3', script: 'take_iv.py', time: 1700000100.5, seq_no: 1, type: 'session_data', payload: { quantiles: { Rn: [0.007, null] }, filepath: '/data/iv_analyze.npy' } },
      { host: 'smurf-srv-py', id: 'crate1slot3', script: 'take_iv.py', time: 1700000100.5, seq_no: 2, type: 'session_log', payload: 'IV done' },
    ]);
    const [file] = fixture.store.dataFiles.list({ pubId: 'crate1slot3' });
    expect(file).toEqual({
      id: expect.any(Number),
      path: '/data/smurf_data/20231114/crate1slot3/1700000000/outputs/1700000050_iv_analyze.npy',
      type: 'iv',
      format: 'npy',
      action: 'take_iv',
      actionTs: '1700000000',
      plot: false,
      pubId: 'crate1slot3',
      timestamp: 1700000050.25,
      receivedAt: expect.any(Number),
      source: 'data_file',
    });
    expect(changes).toContainEqual({ kind: 'datafile', file });
    unsubscribe();
  });

  it('indexes g3_file messages from the streamer as g3 files', async () => {
    const pub = new SmurfPublisher({ id: 'STREAMER:crate1slot4', backend: 'udp', udpHost: '127.0.0.1', udpPort: fixture.monitor.port });
    await pub.g3File('/data/timestreams/17000/crate1slot4/1700000000_000.g3');
    await pub.close();
    await waitFor(() => fixture.store.dataFiles.list({ source: 'g3_file' }).length === 1, 5000, 'the g3 file row');
    const [file] = fixture.store.dataFiles.list({ source: 'g3_file' });
    expect(file).toMatchObject({ path: '/data/timestreams/17000/crate1slot4/1700000000_000.g3', type: 'g3', pubId: 'STREAMER:crate1slot4', source: 'g3_file' });
  });

  it('counts and drops 1000 garbage datagrams and oversized ones, and keeps working', async () => {
    const before = fixture.monitor.stats();
    const garbage: Buffer[] = [];
    for (let i = 0; i < 1000; i++) {
      const kind = i % 4;
      if (kind === 0) garbage.push(Buffer.from(Array.from({ length: Math.floor(Math.random() * 300) }, () => Math.floor(Math.random() * 256))));
      else if (kind === 1) garbage.push(Buffer.from(JSON.stringify({ host: 'h', id: 'x', script: 's', time: 'soon', seq_no: i, type: 'session_data', payload: {} })));
      else if (kind === 2) garbage.push(Buffer.from(JSON.stringify({ host: 'h', id: 'x', script: 's', time: 1, seq_no: i, type: 'log', payload: {} }).slice(0, 20 + (i % 40))));
      else garbage.push(Buffer.from(JSON.stringify([i, 'session_data'])));
    }
    await sendRaw(fixture.monitor, garbage);
    await sendRaw(fixture.monitor, [Buffer.alloc(64_001, 0x7b), Buffer.alloc(65_000, 0x20)], 1);
    const after = fixture.monitor.stats();
    expect(after.received - before.received).toBe(1002);
    expect(after.malformed - before.malformed).toBe(1000);
    expect(after.oversized - before.oversized).toBe(2);
    expect(after.dropped - before.dropped).toBe(1002);
    expect(after.lastDropReason).toMatch(/^oversized: 65000 bytes from 127\.0\.0\.1:\d+$/);

    // A data_file without a path is refused as a bad payload; an unknown type is counted but kept quiet.
    const pub = new SmurfPublisher({ id: 'crate1slot5', backend: 'udp', udpHost: '127.0.0.1', udpPort: fixture.monitor.port });
    await pub.publish({ type: 'iv' }, 'data_file');
    await pub.publish({ x: 1 }, 'brand_new_type');
    await pub.sessionLog('still alive');
    await pub.close();
    await waitFor(() => feedMessages('crate1slot5').length === 1, 5000, 'the monitor to forward after the garbage');
    const stats = fixture.monitor.stats();
    expect(stats.badPayload - before.badPayload).toBe(1);
    expect(stats.unknownType - before.unknownType).toBe(1);
    expect(stats.byType).not.toHaveProperty('brand_new_type');

    // The counters reach the run process's session.data for OCS clients.
    await waitFor(async () => ((await runSession(fixture.client.session)).data.received as number) === stats.received, 5000, 'session.data counters');
    const session = await runSession(fixture.client.session);
    expect(session).toMatchObject({ op_name: 'run', status: 'running', degraded: false });
    expect(session.data).toMatchObject({
      udp: { address: '127.0.0.1', port: fixture.monitor.port },
      received: stats.received,
      dropped: { total: stats.dropped, malformed: stats.malformed, oversized: stats.oversized, bad_payload: stats.badPayload },
      unknown_type: stats.unknownType,
      forwarded: stats.forwarded,
      files: { store: 'ok', indexed: stats.filesIndexed, pending: 0, lost: 0, last_error: null },
      last_datagram_time: expect.any(Number),
    });
    expect(stats.filesIndexed).toBeGreaterThanOrEqual(2);
  });
});

describe('PysmurfMonitor lifecycle', () => {
  it('reports itself degraded while the store refuses writes, then catches up in order', async () => {
    let failing = true;
    const local = await startMonitorFixture({
      dataFiles: (store) => ({
        add: (file) => {
          if (failing) throw new Error('disk I/O error');
          return store.dataFiles.add(file);
        },
      }),
    });
    try {
      const pub = new SmurfPublisher({ id: 'crate1slot2', backend: 'udp', udpHost: '127.0.0.1', udpPort: local.monitor.port });
      await pub.registerFile({ path: '/data/a.txt', type: 'tune', format: 'txt' });
      await pub.registerFile({ path: '/data/b.txt', type: 'tune', format: 'txt' });
      await waitFor(async () => (await runSession(local.client.session)).degraded, 5000, 'degraded');
      expect((await runSession(local.client.session)).data.files).toMatchObject({ store: 'degraded', pending: 2, indexed: 0, last_error: 'disk I/O error' });
      failing = false;
      await waitFor(async () => !(await runSession(local.client.session)).degraded, 5000, 'recovered');
      const byArrival = local.store.dataFiles.list().sort((a, b) => a.id - b.id);
      expect(byArrival.map((file) => file.path)).toEqual(['/data/a.txt', '/data/b.txt']);
      expect((await runSession(local.client.session)).data.files).toMatchObject({ store: 'ok', pending: 0, indexed: 2, last_error: null });
      await pub.close();
    } finally {
      await local.close();
    }
  });

  it('releases its UDP port on close, and refuses a port that is taken, naming it', async () => {
    const monitor = await createPysmurfMonitor({ instanceId: 'm2', logger: silentLogger, udpPort: 0 });
    const port = monitor.port;
    const taken = createPysmurfMonitor({ instanceId: 'm3', logger: silentLogger, udpPort: port });
    await expect(taken).rejects.toThrow(`PysmurfMonitor cannot listen on UDP 127.0.0.1:${port}: bind EADDRINUSE`);
    await expect(taken).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await monitor.close();
    await monitor.close();
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, '127.0.0.1', () => resolve());
    });
    socket.close();
  });
});
