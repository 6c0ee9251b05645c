import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationStore, type StationStore } from '../../../../main/store/index.js';
import { createTestbedBus, type TestbedBus } from '../../../../main/testbed/bus/index.js';
import { TOPIC_EPIC } from '../../../../main/testbed/messages.js';
import { MessageRecorder } from '../../../../main/testbed/orchestrator/index.js';
import { startRouter, type RouterHandle } from '../../../../main/wamp/index.js';
import { startActiveMq, type ActiveMq } from '../../../helpers/activemq.js';
import { waitFor } from '../../../helpers/net.js';

const stfGen = (seq: number, ns = 'torre1') => ({ msg_type: 'stf_gen', namespace: ns, run_id: '100010', sequence: seq, filename: `swf.100010.${String(seq).padStart(6, '0')}.stf`, sender: 'daq_simulator-agent-t-1', timestamp: `t${seq}` });

describe('MessageRecorder on the embedded router', () => {
  let router: RouterHandle;
  let dir: string;
  let store: StationStore;
  let recorderBus: TestbedBus;
  let sender: TestbedBus;
  let recorder: MessageRecorder;

  beforeAll(async () => {
    router = await startRouter({ port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'recorder-wamp-'));
    store = openStationStore(dir);
    const config = { kind: 'wamp' as const, url: router.wsUrl, realm: router.realm };
    recorderBus = createTestbedBus(config);
    sender = createTestbedBus(config);
    await sender.connect();
    recorder = new MessageRecorder({ bus: recorderBus, store });
    await recorder.start();
  });
  afterAll(async () => {
    await recorder.stop();
    await Promise.all([recorderBus.close(), sender.close()]);
    store.close();
    await router.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records every namespace on the epic and panda topics, not queues', async () => {
    await sender.send(TOPIC_EPIC, stfGen(1));
    await sender.send(TOPIC_EPIC, stfGen(2, 'other'));
    await sender.send('/topic/panda.slices', { msg_type: 'slice', run_id: '100010', content: { slice_id: 0 } });
    await sender.send('/queue/workflow_control.torre1', { msg_type: 'run_workflow', workflow_name: 'x' });
    await waitFor(() => store.testbed.listMessages({}).length >= 3, 5_000, 'three recorded messages');
    const rows = store.testbed.listMessages({});
    expect(rows.map((r) => [r.msgType, r.namespace, r.destination])).toEqual([
      ['stf_gen', 'torre1', TOPIC_EPIC],
      ['stf_gen', 'other', TOPIC_EPIC],
      ['slice', null, '/topic/panda.slices'],
    ]);
    expect(recorder.stats()).toMatchObject({ recorded: 3, duplicates: 0, failed: 0 });
  });

  it('drops a redelivery (same broker message id on the same destination)', () => {
    const before = store.testbed.listMessages({}).length;
    recorder.record(stfGen(7), { destination: TOPIC_EPIC, messageId: 'ID:broker-1:7' });
    recorder.record(stfGen(7), { destination: TOPIC_EPIC, messageId: 'ID:broker-1:7' });
    expect(store.testbed.listMessages({}).length).toBe(before + 1);
    expect(recorder.stats().duplicates).toBe(1);
  });
});

describe('MessageRecorder on ActiveMQ across a broker restart', () => {
  let broker: ActiveMq;
  let dir: string;
  let store: StationStore;
  let recorderBus: TestbedBus;
  let sender: TestbedBus;

  beforeAll(async () => {
    broker = await startActiveMq();
    dir = mkdtempSync(join(tmpdir(), 'recorder-stomp-'));
    store = openStationStore(dir);
    const config = (clientId: string) => ({ kind: 'stomp' as const, host: broker.host, port: broker.port, clientId, reconnectDelayMs: 200, maxReconnectDelayMs: 1_000 });
    recorderBus = createTestbedBus(config('recorder'));
    sender = createTestbedBus(config('sender'));
    await sender.connect();
  }, 60_000);
  afterAll(async () => {
    await Promise.all([recorderBus?.close(), sender?.close()]);
    store?.close();
    await broker?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resubscribes after the restart and stores each message once', async () => {
    const recorder = new MessageRecorder({ bus: recorderBus, store });
    await recorder.start();
    for (let seq = 1; seq <= 5; seq++) await sender.send(TOPIC_EPIC, stfGen(seq));
    await waitFor(() => store.testbed.listMessages({}).length === 5, 10_000, 'five messages before the restart');
    await broker.stop();
    await broker.start();
    await waitFor(() => recorderBus.state === 'connected' && sender.state === 'connected', 20_000, 'both buses reconnected');
    // The recorder resubscribes right after reconnecting; give the broker its SUBSCRIBE before publishing.
    await new Promise((r) => setTimeout(r, 500));
    for (let seq = 6; seq <= 10; seq++) await sender.send(TOPIC_EPIC, stfGen(seq));
    await waitFor(() => store.testbed.listMessages({}).length >= 10, 10_000, 'ten messages after the restart');
    await new Promise((r) => setTimeout(r, 300));
    const sequences = store.testbed.listMessages({}).map((r) => r.body.sequence);
    expect(sequences).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(recorder.stats()).toMatchObject({ recorded: 10, failed: 0 });
    await recorder.stop();
  }, 60_000);
});
