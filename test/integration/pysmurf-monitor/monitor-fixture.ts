import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type autobahn from 'autobahn';
import { createPysmurfMonitor, type DataFileSink, type PysmurfMonitor } from '../../../main/agents/pysmurf-monitor/index.js';
import { silentLogger } from '../../../main/ocs/logger.js';
import { openStationStore, type StationStore } from '../../../main/store/index.js';
import { startRouter, type RouterHandle } from '../../../main/wamp/index.js';
import { openSession, type OpenSession } from '../../helpers/autobahn.js';
import { waitFor } from '../../helpers/net.js';

export const MONITOR_ADDRESS = 'observatory.pysmurf-monitor';
export const FEED_TOPIC = `${MONITOR_ADDRESS}.feeds.pysmurf_session_data`;

/** A router, a real store in a temp dir, the monitor on a free UDP port, and an autobahn-js subscriber to its feed. */
export interface MonitorFixture {
  router: RouterHandle;
  store: StationStore;
  monitor: PysmurfMonitor;
  client: OpenSession;
  /** Positional args of every feed event received, in order. */
  feedEvents: unknown[][];
  close(): Promise<void>;
}

export async function startMonitorFixture(options: { dataFiles?: (store: StationStore) => DataFileSink } = {}): Promise<MonitorFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'station-monitor-'));
  const router = await startRouter({ port: 0 });
  const store = openStationStore(dir);
  const monitor = await createPysmurfMonitor({
    instanceId: 'pysmurf-monitor',
    logger: silentLogger,
    udpPort: 0,
    dataFiles: options.dataFiles ? options.dataFiles(store) : store.dataFiles,
    statusIntervalMs: 50,
    storeRetryMs: 100,
  });
  monitor.agent.connect({ url: router.wsUrl, realm: router.realm });
  await monitor.agent.whenReady();
  const client = await openSession(router.wsUrl, router.realm);
  const feedEvents: unknown[][] = [];
  await client.session.subscribe(FEED_TOPIC, (args) => void feedEvents.push(args ?? []));
  return {
    router,
    store,
    monitor,
    client,
    feedEvents,
    async close() {
      await client.close();
      await monitor.close();
      await monitor.agent.shutdown(500);
      await router.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The monitor's `run` session, as a client sees it through `status`. */
export async function runSession(session: autobahn.Session): Promise<Record<string, unknown> & { data: Record<string, unknown>; degraded: boolean }> {
  const reply = (await session.call<unknown[]>(`${MONITOR_ADDRESS}.ops`, ['status', 'run'])) as unknown as [number, string, never];
  return reply[2];
}

/** Sends raw datagrams to the monitor in small bursts, waiting for each burst to arrive (loopback never drops, but the kernel buffer is small). */
export async function sendRaw(monitor: PysmurfMonitor, datagrams: Buffer[], burst = 50): Promise<void> {
  const socket = createSocket('udp4');
  const start = monitor.stats().received;
  try {
    for (let i = 0; i < datagrams.length; i += burst) {
      for (const datagram of datagrams.slice(i, i + burst)) {
        await new Promise<void>((resolve, reject) => socket.send(datagram, monitor.port, '127.0.0.1', (error) => (error ? reject(error) : resolve())));
      }
      const expected = start + Math.min(i + burst, datagrams.length);
      await waitFor(() => monitor.stats().received >= expected, 5000, `${expected - start} datagrams at the monitor`);
    }
  } finally {
    socket.close();
  }
}
