/**
 * `station agent <smurf class>` as its own process against a `station router` process: each class
 * joins, registers and answers get_agent_class; the controller takes its stream id from the smurf
 * site file, the monitor indexes a real UDP datagram in the store of its --data-dir.
 */
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationStore } from '../../../main/store/index.js';
import { waitFor, type RunningProcess } from '../../helpers/net.js';
import { startRouterProcess, startStation } from '../../helpers/station.js';

const running: RunningProcess[] = [];
let router: Awaited<ReturnType<typeof startRouterProcess>>;
let dataDir: string;

beforeAll(async () => {
  router = await startRouterProcess();
  running.push(router.proc);
  dataDir = mkdtempSync(join(tmpdir(), 'agent-smurf-'));
});
afterAll(async () => {
  for (const proc of running.reverse()) await proc.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(procedure: string, args: unknown[]): Promise<unknown> {
  const response = await fetch(router.callUrl, { method: 'POST', body: Buffer.from(JSON.stringify({ procedure, args })) });
  return ((await response.json()) as { args: unknown[] }).args[0];
}

function agent(agentClass: string, instanceId: string, extra: string[]): RunningProcess {
  const proc = startStation(['agent', agentClass, '--instance-id', instanceId, '--url', router.wsUrl, '--data-dir', dataDir, ...extra]);
  running.push(proc);
  return proc;
}

describe('station agent (smurf classes)', () => {
  it('PysmurfController joins with its slot, answers get_agent_class and reports the site stream id from check_state', async () => {
    const proc = agent('PysmurfController', 'ctl-c1s2', ['--slot', '2', '--crate', '1', '--udp-port', '1']);
    await proc.waitForLine(/observatory\.ctl-c1s2 joined and registered/);
    expect(await call('observatory.ctl-c1s2', ['get_agent_class'])).toBe('PysmurfController');
    const streamId = await waitFor(async () => {
      const reply = (await call('observatory.ctl-c1s2.ops', ['status', 'check_state', {}])) as [number, string, { data?: { stream_id?: string } }];
      return reply[2].data?.stream_id;
    }, 10_000, 'check_state stream_id');
    expect(streamId).toBe('crate1slot2');
    expect(await proc.stop('SIGINT')).toBe(0);
  });

  it('PysmurfController without a slot exits with a clear error', async () => {
    const proc = startStation(['agent', 'PysmurfController', '--instance-id', 'ctl-x', '--url', router.wsUrl, '--data-dir', dataDir], { SLOT: '' });
    running.push(proc);
    expect(await proc.exited()).toBe(1);
    expect(proc.lines.join('\n')).toMatch(/PysmurfController needs a slot: --slot N/);
  });

  it('PysmurfMonitor binds its UDP port, answers get_agent_class and indexes a data_file datagram in the store', async () => {
    const proc = agent('PysmurfMonitor', 'mon', ['--udp-port', '0']);
    const [, port] = await proc.waitForLine(/listening for pysmurf datagrams on UDP 127\.0\.0\.1:(\d+)/);
    await proc.waitForLine(/observatory\.mon joined and registered/);
    expect(await call('observatory.mon', ['get_agent_class'])).toBe('PysmurfMonitor');
    const now = Date.now() / 1000;
    const datagram = {
      host: 'test',
      id: 'cli-test',
      script: 'agent-smurf.test',
      time: now,
      seq_no: 0,
      type: 'data_file',
      payload: { path: '/data/smurf_data/12345/cli-test/outputs/x.npy', type: 'noise', format: 'npy', timestamp: now, action: 'take_noise', action_ts: '12345', plot: false },
    };
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => socket.send(JSON.stringify(datagram), Number(port), '127.0.0.1', (error) => (error ? reject(error) : resolve())));
    socket.close();
    const store = openStationStore(dataDir);
    try {
      const files = await waitFor(() => {
        const list = store.dataFiles.list({ pubId: 'cli-test' });
        return list.length > 0 ? list : null;
      }, 5000, 'the indexed file');
      expect(files[0]).toMatchObject({ path: datagram.payload.path, type: 'noise', action: 'take_noise', pubId: 'cli-test', source: 'data_file' });
    } finally {
      store.close();
    }
    expect(await proc.stop('SIGINT')).toBe(0);
  });

  it('MultiSmurfManager joins under its upstream class name and answers get_agent_class', async () => {
    const proc = agent('MultiSmurfManager', 'multismurf', ['--expire', '5']);
    await proc.waitForLine(/observatory\.multismurf joined and registered/);
    expect(await call('observatory.multismurf', ['get_agent_class'])).toBe('MultiSmurfManager');
    expect(await proc.stop('SIGINT')).toBe(0);
  });
});
