/**
 * `station agent testbed-*` as real processes (the compiled CLI) on the embedded router: each kind
 * starts, heartbeats READY into the store of --data-dir, answers on the bus and exits EXITED on SIGTERM.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationStore } from '../../../../main/store/index.js';
import { createTestbedBus } from '../../../../main/testbed/bus/index.js';
import { TOPIC_EPIC, workflowControlQueue, type TestbedMessage } from '../../../../main/testbed/messages.js';
import { startRouter, type RouterHandle } from '../../../../main/wamp/index.js';
import { freePort, waitFor } from '../../../helpers/net.js';
import { startStation } from '../../../helpers/station.js';

let router: RouterHandle;
let url: string;
const dataDir = mkdtempSync(join(tmpdir(), 'testbed-agent-cli-'));

beforeAll(async () => {
  const port = await freePort();
  router = await startRouter({ port });
  url = `ws://127.0.0.1:${port}/ws`;
});
afterAll(async () => {
  await router?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('station agent testbed-*', () => {
  it('starts the runner and the data agent, runs a workflow through them, and exits EXITED on SIGTERM', async () => {
    const flags = ['--namespace', 'clins', '--data-dir', dataDir, '--bus', 'wamp', '--wamp-url', url, '--wamp-realm', 'test_realm'];
    const runner = startStation(['agent', 'testbed-workflow-runner', ...flags]);
    const data = startStation(['agent', 'testbed-data', ...flags]);
    const observer = createTestbedBus({ kind: 'wamp', url, realm: 'test_realm' });
    const store = openStationStore(dataDir);
    try {
      const [, runnerName] = await runner.waitForLine(/testbed-workflow-runner: (daq_simulator-agent-\S+) ready in namespace clins/);
      const [, dataName] = await data.waitForLine(/testbed-data: (data-agent-\S+) ready in namespace clins/);
      expect(store.testbed.getAgent(runnerName)).toMatchObject({ status: 'OK', operationalState: 'READY', pid: runner.child.pid });
      const seen: TestbedMessage[] = [];
      await observer.connect();
      await observer.subscribe(TOPIC_EPIC, (m) => void seen.push(m)).ready;
      await observer.send(workflowControlQueue('clins'), { msg_type: 'run_workflow', namespace: 'clins', workflow_name: 'stf_datataking', config: 'fast_processing_default', realtime: false, params: { stf_count: 3, physics_period_count: 1 } });
      await waitFor(() => seen.filter((m) => m.msg_type === 'stf_ready').length === 3 && seen.some((m) => m.msg_type === 'end_run'), 15_000, 'the run');
      const executionId = String(seen[0].execution_id);
      expect(executionId).toMatch(/^stf_datataking-.+-\d{4}$/);
      expect(seen.filter((m) => m.msg_type === 'stf_ready').every((m) => m.sender === dataName && m.execution_id === executionId)).toBe(true);
      await waitFor(() => store.testbed.getExecution(executionId)?.status === 'completed', 5_000, 'execution completed');

      expect(await runner.stop('SIGTERM')).toBe(0);
      expect(await data.stop('SIGTERM')).toBe(0);
      expect(store.testbed.getAgent(runnerName)).toMatchObject({ status: 'EXITED', operationalState: 'EXITED' });
      expect(store.testbed.getAgent(dataName)).toMatchObject({ status: 'EXITED' });
    } finally {
      await observer.close();
      store.close();
      await runner.stop();
      await data.stop();
    }
  });

  it('refuses to start without a namespace, naming the flag', async () => {
    const proc = startStation(['agent', 'testbed-data', '--data-dir', dataDir, '--wamp-url', url]);
    expect(await proc.exited()).toBe(1);
    expect(proc.lines.join('\n')).toContain('testbed-data needs a namespace: --namespace N (or --testbed-config F with [testbed] namespace)');
  });
});
