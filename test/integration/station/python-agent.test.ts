/**
 * A Python OCS-format agent (autobahn-python, test/python/ocs_agent_peer.py) on the station's
 * embedded router: it shows up in the station's registry rows, can be commanded through the handler
 * table, and expires 5–6 s after its heartbeats stop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentRow, OpReplyView } from '../../../shared/ipc.js';
import type { AgentApi } from '../../../shared/ocs-codes.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { waitFor } from '../../helpers/net.js';
import { startPythonAgent, type PythonAgent } from '../../helpers/python.js';

let station: Station;
let agent: PythonAgent;
const pushedRows: Array<{ row: AgentRow; at: number }> = [];

async function row(address: string): Promise<AgentRow | undefined> {
  const envelope = await station.table.invoke('registry:snapshot', undefined);
  if (!envelope.ok) throw new Error(envelope.error.message);
  return (envelope.value as AgentRow[]).find((candidate) => candidate.address === address);
}

beforeAll(async () => {
  station = await createStation({ mode: 'headless', wampPort: 0, demo: false });
  station.table.onPush((channel, payload) => {
    if (channel === 'registry:rows') for (const pushed of payload as AgentRow[]) pushedRows.push({ row: pushed, at: Date.now() });
  });
  agent = await startPythonAgent({ url: station.router!.wsUrl, instanceId: 'py-thermo', agentClass: 'FakeDataAgent' });
});
afterAll(async () => {
  await agent?.stop();
  await station?.close();
});

describe('a Python OCS agent seen by the station', () => {
  it('appears in the registry rows with its class and op codes', async () => {
    const seen = await waitFor(() => row(agent.address), 5000, 'the Python agent in the snapshot');
    expect(seen).toMatchObject({ agentClass: 'FakeDataAgent', expired: false, opCodes: { count: 1, set_heartbeat: 1, delay_task: 1 } });
    // Rows are pushed in short batches, so the push may trail the snapshot by a few ms.
    await waitFor(() => pushedRows.some(({ row: pushed }) => pushed.address === agent.address), 1000, 'a pushed row of the agent');
  });

  it('is commanded through the table: get_api, start, status', async () => {
    const api = await station.table.invoke('agent:api', { address: agent.address });
    expect(api.ok && (api.value as AgentApi).tasks.map(([name]) => name).sort()).toEqual(['delay_task', 'set_heartbeat']);
    const started = await station.table.invoke('op:start', { address: agent.address, op: 'delay_task', params: { delay: 0.2 } });
    expect(started).toMatchObject({ ok: true, value: { status: 0 } });
    const done = await station.table.invoke('op:wait', { address: agent.address, op: 'delay_task', timeout: 5 });
    expect(done.ok && (done.value as OpReplyView).session).toMatchObject({ status: 'done', success: true });
    // The op code change reaches the row with the next heartbeat.
    await waitFor(async () => (await row(agent.address))?.opCodes.delay_task === 5, 3000, 'delay_task to show SUCCEEDED');
  });

  it('expires 5–6 s after its last heartbeat, with every op code 7, and comes back with the next one', async () => {
    expect(await agent.toggleHeartbeat()).toBe('off');
    const stoppedAt = Date.now();
    const expired = await waitFor(() => pushedRows.find(({ row: pushed, at }) => pushed.address === agent.address && pushed.expired && at >= stoppedAt), 8000, 'an expired row push');
    const lastBeatMs = expired.row.lastHeartbeat * 1000;
    expect(expired.row.timeExpired! * 1000 - lastBeatMs).toBeGreaterThanOrEqual(5000);
    expect(expired.at - lastBeatMs).toBeLessThan(6000);
    expect(expired.at - stoppedAt).toBeLessThan(7000);
    expect(Object.values(expired.row.opCodes)).toEqual([7, 7, 7]);

    expect(await agent.toggleHeartbeat()).toBe('on');
    await waitFor(async () => (await row(agent.address))?.expired === false, 3000, 'the agent to come back');
  });
});
