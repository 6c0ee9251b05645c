/**
 * Fault: SIGKILL of ActiveMQ's JVM while the station runs a testbed workflow over it (in-process headless
 * station, real supervisord and agents, real broker), then the broker restarted on the same port. The
 * station must push the bus down within a few seconds, be connected again (its resubscriptions confirmed)
 * soon after the restart, see the agents reconnect (heartbeats with the bus connected), record a new
 * run completely, keep everything recorded before the kill and record nothing twice.
 * (The CLI's run across a graceful broker restart: test/integration/testbed/orchestrator/activemq-restart.test.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestbedExecutionView, TestbedMessageView, TestbedRunResult, TestbedStatusView } from '../../../shared/testbed.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { SupervisorBridge } from '../../../main/testbed/supervisor/index.js';
import { brokerJavaPid, startActiveMq, type ActiveMq } from '../../helpers/activemq.js';
import { waitFor } from '../../helpers/net.js';
import { recordPushes, tableValue } from '../../helpers/station-table.js';
import { duplicatedKeys, processRunning, quickTestbedConfig } from '../../helpers/testbed.js';

const NAMESPACE = 'amqkill';

let broker: ActiveMq;
let station: Station;
let dataDir: string;
let pushes: ReturnType<typeof recordPushes>;
const value = <T>(channel: string, request?: unknown) => tableValue<T>(station.table, channel, request);
const messages = (request: Record<string, unknown>) => value<TestbedMessageView[]>('testbed:messages', { namespace: NAMESPACE, limit: 10_000, ...request });
/** The first testbed:status push built after `since` that satisfies `check`. */
const pushedStatus = (since: number, check: (status: TestbedStatusView) => boolean) => () => pushes.of<TestbedStatusView>('testbed:status').find((s) => s.at > since && check(s));

beforeAll(async () => {
  broker = await startActiveMq();
  dataDir = mkdtempSync(join(tmpdir(), 'station-fault-amqkill-'));
  station = await createStation({ mode: 'headless', wampPort: 0, demo: false, smurf: false, dataDir, testbedBus: { kind: 'stomp', host: broker.host, port: broker.port, user: 'admin', password: 'admin' } });
  pushes = recordPushes(station.table);
  await value('testbed:config:save', { name: 'quick', text: quickTestbedConfig(NAMESPACE) });
}, 60_000);
afterAll(async () => {
  await station?.close();
  if (dataDir) await new SupervisorBridge({ dataDir }).shutdown(10_000);
  await broker?.dispose();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('SIGKILL of ActiveMQ under a running workflow, restarted on the same port', () => {
  it('shows the bus down, reconnects the station and the agents, records the next run, loses and duplicates nothing', async () => {
    await waitFor(async () => (await value<TestbedStatusView>('testbed:status')).bus.state === 'connected', 20_000, 'the recorder on the broker');
    // Realtime, one STF a second: the workflow is mid-run when the broker dies.
    const first = await value<TestbedRunResult>('testbed:run', { config: { name: 'quick' }, params: { stf_count: 8, stf_interval: 1, physics_period_count: 1, realtime: true } });
    await waitFor(async () => (await messages({ executionId: first.executionId, msgType: 'stf_gen' })).length >= 2, 30_000, 'two stf_gen recorded');
    const recorded = await messages({});

    const java = brokerJavaPid(broker);
    process.kill(java, 'SIGKILL');
    const killedAt = Date.now();
    const down = await waitFor(pushedStatus(killedAt, (s) => s.bus.state !== 'connected'), 10_000, 'a testbed:status push with the bus down');
    const detectedMs = down.at - killedAt;
    await waitFor(() => !processRunning(java), 5_000, 'the JVM to be gone');
    await broker.stop(); // the launcher script exits with its JVM; this forgets it
    await broker.start();
    const restartedAt = Date.now();
    const downMs = restartedAt - killedAt;

    // Connected only once resubscribed (bus-core): the push says so, and status agrees.
    const up = await waitFor(pushedStatus(restartedAt, (s) => s.bus.state === 'connected'), 30_000, 'a testbed:status push with the bus connected again');
    const reconnectMs = up.at - restartedAt;
    await waitFor(async () => {
      const agents = (await value<TestbedStatusView>('testbed:status')).agents.filter((a) => a.namespace === NAMESPACE && a.status !== 'EXITED');
      return agents.length >= 2 && agents.every((a) => a.mqConnected && a.status === 'OK' && a.lastHeartbeat > restartedAt);
    }, 40_000, 'both agents heartbeating with the bus connected');
    const agentsMs = Date.now() - restartedAt;

    // The run that straddled the kill ends (it waited out the outage), or is stopped if it cannot.
    const ended = async () => (await value<TestbedExecutionView[]>('testbed:executions', { namespace: NAMESPACE })).find((e) => e.executionId === first.executionId)?.status;
    const firstEnded = await waitFor(async () => ((await ended()) !== 'running' ? ended() : null), 40_000, 'the first run to end').catch(async () => {
      await value('testbed:stop-workflow', { executionId: first.executionId });
      return waitFor(async () => ((await ended()) !== 'running' ? ended() : null), 20_000, 'the first run to stop');
    });

    const second = await value<TestbedRunResult>('testbed:run', { config: { name: 'quick' }, params: { stf_count: 2, physics_period_count: 1, realtime: false } });
    const secondMessages = await waitFor(async () => {
      const list = await messages({ executionId: second.executionId });
      return list.some((m) => m.msgType === 'end_run') && list.filter((m) => m.msgType === 'stf_ready').length === 2 ? list : null;
    }, 30_000, 'the second run: end_run and 2 stf_ready');
    expect(secondMessages.filter((m) => m.msgType !== 'stf_ready').map((m) => m.msgType)).toEqual(['run_imminent', 'start_run', 'stf_gen', 'stf_gen', 'end_run']);

    const all = await messages({});
    const ids = new Set(all.map((m) => m.id));
    expect(recorded.filter((m) => !ids.has(m.id)), 'messages recorded before the kill and lost').toEqual([]);
    expect(duplicatedKeys(all), 'messages recorded twice').toEqual([]);
    // The socket closes with the JVM; reconnect attempts back off up to 10 s (StompBusConfig), each bounded by a 5 s connect timeout.
    expect(detectedMs).toBeLessThanOrEqual(5_000);
    expect(reconnectMs).toBeLessThanOrEqual(15_000);
    console.info(`[faults] ActiveMQ SIGKILL: bus down pushed ${detectedMs} ms after the kill; broker down ${downMs} ms (restart included); station connected (resubscribed) ${reconnectMs} ms after the restart, both agents heartbeating connected after ${agentsMs} ms; first run ${firstEnded}; ${recorded.length} messages recorded before the kill all kept, ${all.length} in all, none twice`);
  }, 180_000);
});
