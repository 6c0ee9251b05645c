/**
 * The station's testbed on ActiveMQ instead of the embedded router (createStation({testbedBus: stomp})):
 * the agents under the real supervisord talk STOMP to a real broker, the station's recorder records the
 * run from the broker, and the view's channels show it exactly as on the embedded bus.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestbedMessageView, TestbedRunResult, TestbedStatusView } from '../../../shared/testbed.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { SupervisorBridge } from '../../../main/testbed/supervisor/index.js';
import { startActiveMq, type ActiveMq } from '../../helpers/activemq.js';
import { waitFor } from '../../helpers/net.js';
import { quickTestbedConfig } from '../../helpers/testbed.js';

const CONFIG = quickTestbedConfig('stomptest');

let broker: ActiveMq;
let station: Station;
let dataDir: string;

async function value<T>(channel: string, request?: unknown): Promise<T> {
  const envelope = await station.table.invoke(channel, request);
  if (!envelope.ok) throw new Error(`${channel} failed: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.value as T;
}

beforeAll(async () => {
  broker = await startActiveMq();
  dataDir = mkdtempSync(join(tmpdir(), 'station-testbed-stomp-'));
  station = await createStation({
    mode: 'headless',
    wampPort: 0,
    demo: false,
    smurf: false,
    dataDir,
    testbedBus: { kind: 'stomp', host: broker.host, port: broker.port, user: 'admin', password: 'admin' },
  });
}, 60_000);
afterAll(async () => {
  await station?.close();
  await new SupervisorBridge({ dataDir }).shutdown(10_000);
  await broker?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('the station testbed on ActiveMQ', () => {
  it('runs a fast 2-STF workflow over STOMP and records each message once', async () => {
    await value('testbed:config:save', { name: 'stomp', text: CONFIG });
    const status = await value<TestbedStatusView>('testbed:status');
    expect(status.bus.description).toBe(`ActiveMQ STOMP ${broker.host}:${broker.port}`);
    await waitFor(async () => (await value<TestbedStatusView>('testbed:status')).bus.state === 'connected', 15_000, 'the recorder on the broker');
    const result = await value<TestbedRunResult>('testbed:run', { config: { name: 'stomp' }, params: { stf_count: 2, realtime: false } });
    const messages = await waitFor(
      async () => {
        const list = await value<TestbedMessageView[]>('testbed:messages', { executionId: result.executionId });
        return list.some((m) => m.msgType === 'end_run') && list.filter((m) => m.msgType === 'stf_ready').length === 2 ? list : null;
      },
      30_000,
      'end_run and 2 stf_ready over STOMP',
    );
    expect(messages.filter((m) => m.msgType !== 'stf_ready').map((m) => m.msgType)).toEqual(['run_imminent', 'start_run', 'stf_gen', 'stf_gen', 'end_run']);
    expect(new Set(messages.map((m) => `${m.msgType}:${String(m.body.filename ?? '')}`)).size).toBe(messages.length);
  }, 60_000);
});
