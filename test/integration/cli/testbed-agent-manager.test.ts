/**
 * `station testbed agent-manager` as its own process on the embedded bus (a router started here):
 * replies to ping/status on a reply_to queue, heartbeats in the store, SIGTERM → EXITED and exit 0,
 * and `restart`: it replies, exits 0 and a fresh detached manager (same arguments, logging to
 * <data dir>/testbed/logs/agent-manager.log) takes over the control queue. That respawned process is
 * not our child: it is found by the pid of its heartbeat and stopped by that pid.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationStore, type StationStore } from '../../../main/store/index.js';
import { createTestbedBus, type TestbedBus } from '../../../main/testbed/bus/index.js';
import type { TestbedMessage } from '../../../main/testbed/messages.js';
import { startRouter, type RouterHandle } from '../../../main/wamp/index.js';
import { waitFor, type RunningProcess } from '../../helpers/net.js';
import { startStation } from '../../helpers/station.js';
import { pidExists } from '../../../main/os/pid.js';

const REPLY_TO = '/queue/test_agent_manager_replies';

describe('station testbed agent-manager (CLI process, embedded bus)', () => {
  let router: RouterHandle;
  let dataDir: string;
  let store: StationStore;
  let client: TestbedBus;
  const replies: TestbedMessage[] = [];
  /** Every manager process seen (ours and the respawned one), stopped by pid at the end. */
  const pids = new Set<number>();
  let controlQueue = '';
  let instanceName = '';

  const startManager = async (): Promise<RunningProcess> => {
    const proc = startStation(['testbed', 'agent-manager', '--bus', 'wamp', '--wamp-url', router.wsUrl, '--wamp-realm', router.realm, '--data-dir', dataDir, '--heartbeat', '0.2']);
    if (proc.child.pid) pids.add(proc.child.pid);
    const [, user, queue] = await proc.waitForLine(/^agent manager for (\S+) listening on (\S+) \(/);
    controlQueue = queue;
    instanceName = `agent-manager-${user}`;
    return proc;
  };
  const ask = async (command: Record<string, unknown>, timeoutMs = 15_000) => {
    const request_id = `r${replies.length}-${Math.random()}`;
    await client.send(controlQueue, { ...command, reply_to: REPLY_TO, request_id } as unknown as TestbedMessage);
    return waitFor(() => replies.find((r) => r.request_id === request_id), timeoutMs, `reply to ${String(command.command)}`);
  };
  const heartbeatOf = (pid: number) => {
    const agent = store.testbed.getAgent(instanceName);
    return agent?.pid === pid ? agent : null;
  };

  beforeAll(async () => {
    router = await startRouter({ port: 0 });
    dataDir = mkdtempSync(join(tmpdir(), 'agent-manager-cli-'));
    store = openStationStore(dataDir);
    client = createTestbedBus({ kind: 'wamp', url: router.wsUrl, realm: router.realm });
    await client.connect();
    await client.subscribe(REPLY_TO, (m) => void replies.push(m)).ready;
  });

  afterAll(async () => {
    for (const pid of pids) {
      if (!pidExists(pid)) continue;
      process.kill(pid, 'SIGKILL');
      await waitFor(() => !pidExists(pid), 5_000, `manager ${pid} killed`).catch(() => {});
    }
    await client?.close();
    store?.close();
    await router?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 20_000);

  it('heartbeats, answers ping and status on reply_to, and on SIGTERM records EXITED and exits 0', async () => {
    const manager = await startManager();
    const pid = manager.child.pid!;
    const beat = await waitFor(() => heartbeatOf(pid), 5_000, 'manager heartbeat');
    expect(beat).toMatchObject({ agentType: 'agent_manager', status: 'OK', operationalState: 'READY', mqConnected: true });
    expect(beat.description).toMatch(/MQ: connected\. supervisord: idle$/);
    // Heartbeats keep coming (every 0.2 s).
    const first = beat.lastHeartbeat;
    await waitFor(() => (heartbeatOf(pid)?.lastHeartbeat ?? 0) > first, 5_000, 'a later heartbeat');

    const user = instanceName.slice('agent-manager-'.length);
    expect(await ask({ command: 'ping' })).toMatchObject({ msg_type: 'agent_manager_pong', status: 'alive', username: user });
    expect(await ask({ command: 'status' })).toMatchObject({ msg_type: 'agent_manager_status', username: user, agents_running: false });

    expect(await manager.stop('SIGTERM')).toBe(0);
    expect(manager.lines.join('\n')).toContain('agent-manager: SIGTERM received, shutting down');
    expect(store.testbed.getAgent(instanceName, Date.now())).toMatchObject({ pid, reportedStatus: 'EXITED', reportedOperationalState: 'EXITED' });
  });

  it('restart replies, exits 0 and comes back as a new process that answers ping', async () => {
    const manager = await startManager();
    const oldPid = manager.child.pid!;
    await waitFor(() => heartbeatOf(oldPid), 5_000, 'manager heartbeat');

    const reply = await ask({ command: 'restart' });
    expect(reply).toMatchObject({ msg_type: 'agent_manager_result', command: 'restart', ok: true, message: 'Agents stopped; the agent manager restarts' });
    expect(await manager.exited()).toBe(0);

    // The respawned manager heartbeats under the same name with its own pid.
    const fresh = await waitFor(() => {
      const agent = store.testbed.getAgent(instanceName);
      return agent && agent.pid !== oldPid && agent.status === 'OK' ? agent : null;
    }, 15_000, 'the respawned manager heartbeating');
    const newPid = fresh.pid!;
    pids.add(newPid);
    expect(pidExists(newPid)).toBe(true);
    expect(pidExists(oldPid)).toBe(false);
    const log = join(dataDir, 'testbed', 'logs', 'agent-manager.log');
    expect(existsSync(log)).toBe(true);
    expect(readFileSync(log, 'utf8')).toMatch(/agent manager for \S+ listening on /);

    expect(await ask({ command: 'ping' })).toMatchObject({ msg_type: 'agent_manager_pong', status: 'alive' });
    expect(heartbeatOf(newPid)).toMatchObject({ status: 'OK', mqConnected: true });

    // Stop the respawned manager by its pid: it shuts down cleanly too.
    process.kill(newPid, 'SIGTERM');
    await waitFor(() => !pidExists(newPid), 10_000, 'the respawned manager to exit');
    expect(store.testbed.getAgent(instanceName, Date.now())).toMatchObject({ pid: newPid, reportedStatus: 'EXITED' });
    expect(readFileSync(log, 'utf8')).toContain('agent-manager: SIGTERM received, shutting down');
  }, 40_000);
});
