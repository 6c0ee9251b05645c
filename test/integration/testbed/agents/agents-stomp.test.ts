/**
 * The testbed agents on a real ActiveMQ (STOMP): the full 10-STF run, and stop_workflow mid-run.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestbedBusConfig } from '../../../../main/testbed/bus/index.js';
import { workflowControlQueue } from '../../../../main/testbed/messages.js';
import { startActiveMq, type ActiveMq } from '../../../helpers/activemq.js';
import { waitFor } from '../../../helpers/net.js';
import { fullTenStfRun, Harness } from './harness.js';

let broker: ActiveMq;
let h: Harness;
const bus = (): TestbedBusConfig => ({ kind: 'stomp', host: broker.host, port: broker.port, user: 'admin', password: 'admin', heartbeatMs: 2000, reconnectDelayMs: 200 });

beforeAll(async () => {
  broker = await startActiveMq();
}, 60_000);
afterAll(async () => {
  await broker?.dispose();
});
afterEach(async () => {
  await h?.dispose();
});

describe('testbed agents on ActiveMQ', () => {
  it('runs the full 10-STF workflow: exact sequence, ticks, stf_ready per STF with execution_id, store records', async () => {
    h = new Harness(bus());
    await fullTenStfRun(h);
  });

  it('stop_workflow mid-run ends the run with end_run and the execution as terminated', async () => {
    h = new Harness(bus());
    const observer = await h.observe();
    await h.runner();
    const executionId = await h.runWorkflow('torre1', { stf_count: 1, physics_period_count: 0 });
    await waitFor(() => h.of('resume_run', executionId).length >= 2, 10_000, 'two resume_run');
    await observer.send(workflowControlQueue('torre1'), { msg_type: 'stop_workflow', namespace: 'torre1' });
    expect(await h.executionEnded(executionId)).toBe('terminated');
    await waitFor(() => h.of('end_run', executionId).length === 1, 5_000, 'end_run');
    expect(h.of('end_run', executionId)[0]).toMatchObject({ total_stf_files: h.of('stf_gen', executionId).length });
  });
});
