import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushChannel } from '../../../../shared/ipc.js';
import type { TestbedMessageView, TestbedStatusView } from '../../../../shared/testbed.js';
import { TestbedConfigs } from '../../../../main/station/testbed-configs.js';
import { TestbedService } from '../../../../main/station/testbed-service.js';
import { openStationStore, type StationStore } from '../../../../main/store/index.js';

/** A service on a real store whose supervisord is missing (no orchestrator is ever needed). */
describe('TestbedService', () => {
  let dir: string;
  let store: StationStore;
  let service: TestbedService;
  let orchestratorAsked = 0;
  const pushes: Array<{ channel: PushChannel; payload: unknown }> = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'testbed-service-'));
    store = openStationStore(dir);
    pushes.length = 0;
    orchestratorAsked = 0;
    service = new TestbedService({
      configs: new TestbedConfigs({ userDir: join(dir, 'testbed', 'configs') }),
      orchestrator: () => {
        orchestratorAsked += 1;
        return Promise.reject(new Error('not in this test'));
      },
      records: store.testbed,
      publish: (channel, payload) => pushes.push({ channel, payload }),
      supervisordPath: join(dir, 'no-supervisord'),
      bus: () => ({ description: 'embedded router ws://127.0.0.1:1/ws realm test_realm', state: 'connected' }),
      statusPushMs: 30,
      watchLeaseMs: 150,
    });
  });
  afterEach(() => {
    service.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports a missing supervisord with the install hint and refuses actions without touching the orchestrator', async () => {
    const status = await service.status();
    expect(status.supervisor).toMatchObject({ installed: false, running: false, installHint: expect.stringContaining('apt-get install supervisor') });
    await expect(service.run({ params: {} })).rejects.toMatchObject({ code: 'agent_error', message: expect.stringContaining('supervisord is not installed') });
    await expect(service.stopAgents()).rejects.toMatchObject({ code: 'agent_error' });
    expect(orchestratorAsked).toBe(0);
  });

  it('pushes the status while a watch lease lasts, then stops', async () => {
    await service.status(true);
    await new Promise((resolve) => setTimeout(resolve, 120));
    const during = pushes.filter((push) => push.channel === 'testbed:status').length;
    expect(during).toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = pushes.filter((push) => push.channel === 'testbed:status').length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(pushes.filter((push) => push.channel === 'testbed:status').length).toBe(after);
    expect((pushes[0].payload as TestbedStatusView).bus.state).toBe('connected');
  });

  it('pushes each recorded message once (duplicates are not announced) and lists the newest first page', () => {
    const unsubscribe = store.onChange((event) => service.onStoreChange(event));
    const body = { msg_type: 'stf_gen', run_id: '100010', execution_id: 'x-0001', namespace: 'alice', sender: 'daq', filename: 'swf.100010.000001.stf' };
    store.testbed.recordMessage({ messageId: 'm1', destination: '/topic/epictopic', body, receivedAt: Date.now() });
    store.testbed.recordMessage({ messageId: 'm1', destination: '/topic/epictopic', body, receivedAt: Date.now() });
    for (let k = 2; k <= 5; k += 1) store.testbed.recordMessage({ messageId: `m${k}`, destination: '/topic/epictopic', body: { ...body, sequence: k }, receivedAt: Date.now() + k });
    unsubscribe();
    const pushed = pushes.filter((push) => push.channel === 'testbed:messages').flatMap((push) => push.payload as TestbedMessageView[]);
    const ids = service.messages({ limit: 100 }).map((m) => m.id);
    expect(ids).toHaveLength(5);
    expect(pushed.map((m) => m.id)).toEqual(ids);
    expect(pushed[0]).toMatchObject({ msgType: 'stf_gen', sender: 'daq', namespace: 'alice', runId: '100010', executionId: 'x-0001', destination: '/topic/epictopic' });
    // Without afterId the newest `limit` (ascending); with it, the ones after.
    expect(service.messages({ limit: 2 }).map((m) => m.id)).toEqual(ids.slice(3));
    expect(service.messages({ afterId: ids[0], limit: 2 }).map((m) => m.id)).toEqual(ids.slice(1, 3));
  });
});
