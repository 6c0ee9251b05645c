/**
 * PysmurfMonitor (agent class `PysmurfMonitor`): listens for pysmurf publisher datagrams on UDP,
 * forwards `session_data`/`session_log` messages (the full envelope) on the `pysmurf_session_data`
 * feed for the controllers, and indexes `data_file`/`g3_file` messages in the station store.
 * Bad datagrams are counted and dropped; nothing a sender does can stop it.
 */
import type { RemoteInfo } from 'node:dgram';
import { OcsAgent } from '../../ocs/agent.js';
import { consoleLogger, type OcsLogger } from '../../ocs/logger.js';
import { DEFAULT_SMURF_UDP_PORT, SMURF_UDP_MAX_BYTES, parseDatagram, type SmurfDatagram } from '../../smurf/datagram.js';
import { dataFileFromMessage, isFileMessage } from '../../smurf/data-file-message.js';
import { FileIndexer, type DataFileSink } from './file-indexer.js';
import { MonitorCounters, type MonitorStats } from './monitor-stats.js';
import { listenUdp } from './udp-listener.js';
import { monitorSessionData } from './session-data.js';

export { parseMonitorArguments, type MonitorArguments } from './cli-options.js';
export type { DataFileSink } from './file-indexer.js';
export type { MonitorStats } from './monitor-stats.js';

/** The feed controllers subscribe to (`{root}.{monitor}.feeds.pysmurf_session_data`). */
export const SESSION_DATA_FEED = 'pysmurf_session_data';

export interface PysmurfMonitorOptions {
  instanceId: string;
  addressRoot?: string;
  logger?: OcsLogger;
  /** Default 8200 (pysmurf's); 0 = a free port. */
  udpPort?: number;
  /** Default 127.0.0.1; 0.0.0.0 to hear crates on the network. */
  bindAddress?: string;
  /** The station store's DataFileStore; without it files are counted but not indexed. */
  dataFiles?: DataFileSink;
  /** Larger datagrams are dropped as oversized. Default 64000 (what pysmurf sends at most). */
  maxDatagramBytes?: number;
  /** How often the `run` process refreshes its session.data. Default 1000 ms. */
  statusIntervalMs?: number;
  /** How often files are retried while the store fails. Default 5000 ms. */
  storeRetryMs?: number;
}

export interface PysmurfMonitor {
  /** Not yet connected: the caller connects it (and shuts it down). */
  readonly agent: OcsAgent;
  /** The bound UDP port. */
  readonly port: number;
  readonly bindAddress: string;
  stats(): MonitorStats & { filesIndexed: number };
  /** Closes the UDP socket and stops store retries (the agent's connection is the caller's). */
  close(): Promise<void>;
}

const FORWARDED_TYPES = new Set(['session_data', 'session_log']);

/** Binds the UDP port, then returns the monitor agent. Rejects with the address when the port cannot be bound. */
export async function createPysmurfMonitor(options: PysmurfMonitorOptions): Promise<PysmurfMonitor> {
  const addressRoot = options.addressRoot ?? 'observatory';
  const logger = options.logger ?? consoleLogger(`${addressRoot}.${options.instanceId}`);
  const maxBytes = options.maxDatagramBytes ?? SMURF_UDP_MAX_BYTES;
  const agent = new OcsAgent({ agentClass: 'PysmurfMonitor', instanceId: options.instanceId, addressRoot, logger });
  agent.registerFeed(SESSION_DATA_FEED, { record: false });
  const counters = new MonitorCounters();
  const indexer = new FileIndexer(options.dataFiles ?? null, logger, options.storeRetryMs);

  const forward = (message: SmurfDatagram) => {
    agent.publishToFeed(SESSION_DATA_FEED, message);
    counters.forwarded();
  };
  const onDatagram = (data: Buffer, from: RemoteInfo) => {
    const now = Date.now() / 1000;
    counters.received(now);
    if (data.length > maxBytes) return counters.dropped('oversized', `${data.length} bytes from ${from.address}:${from.port}`);
    const parsed = parseDatagram(data);
    if (!parsed.ok) return counters.dropped('malformed', `${parsed.reason} (from ${from.address}:${from.port})`);
    const message = parsed.message;
    counters.accepted(message.type, parsed.knownType);
    if (FORWARDED_TYPES.has(message.type)) return forward(message);
    if (!isFileMessage(message.type)) return;
    const converted = dataFileFromMessage(message, now);
    if (!converted.ok) return counters.dropped('bad_payload', `${converted.reason} (publisher ${message.id})`);
    indexer.add(converted.file);
  };

  const udp = await listenUdp(options.bindAddress ?? '127.0.0.1', options.udpPort ?? DEFAULT_SMURF_UDP_PORT, guard(onDatagram, logger), logger);
  const stats = () => ({ ...counters.snapshot(), filesIndexed: indexer.status().indexed });

  agent.registerProcess('run', {
    startup: true,
    stop: true,
    params: [],
    docstring:
      'run()\n\n**Process** - Report the UDP listener: datagrams received, dropped (malformed, oversized, bad payload), ' +
      'messages forwarded on the pysmurf_session_data feed and data files indexed. Listening does not depend on this process.\n\n' +
      'Notes:\n    session.data: {udp, received, dropped, by_type, unknown_type, forwarded, files, last_datagram_time, last_drop_reason}; ' +
      'degraded while the store refuses writes.',
    run: async (session, _params, ctx) => {
      do {
        const files = indexer.status();
        session.data = monitorSessionData({ address: udp.address, port: udp.port }, counters.snapshot(), files);
        session.degraded = files.store === 'degraded';
      } while (await ctx.sleep(options.statusIntervalMs ?? 1000));
      return [true, 'Monitor exited cleanly.'];
    },
  });

  return {
    agent,
    port: udp.port,
    bindAddress: udp.address,
    stats,
    async close() {
      indexer.close();
      await udp.close();
    },
  };
}

// A bug in handling one datagram must never take the listener (or the station) down.
function guard(handler: (data: Buffer, from: RemoteInfo) => void, logger: OcsLogger): (data: Buffer, from: RemoteInfo) => void {
  return (data, from) => {
    try {
      handler(data, from);
    } catch (error) {
      logger.error(`Failed to handle a datagram from ${from.address}:${from.port}: ${(error as Error)?.stack ?? String(error)}`);
    }
  };
}
