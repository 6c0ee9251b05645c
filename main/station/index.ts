import { join } from 'node:path';
import type { ConnectionState, ConnectionTarget } from '../../shared/ipc.js';
import { loadStationConfig, resolveStreamSettings, type StationStreamSettings } from '../config/station-config.js';
import { ACCESS_DEFAULTS } from '../ipc/connection-lock.js';
import { IpcHandlerTable, type HandlerTable } from '../ipc/handler-table.js';
import { IpcError } from '../ipc/ipc-error.js';
import type { OcsLogger } from '../ocs/logger.js';
import { defaultDataDir, type StationStore } from '../store/index.js';
import { ROUTER_DEFAULTS, type RouterHandle } from '../wamp/index.js';
import { isLoopbackHost } from '../serve/loopback.js';
import { startStreamServer, type StreamServer } from '../serve/stream-server.js';
import { openStationLogFile } from './station-log-file.js';
import type { AlarmNotify } from '../alarms/notify.js';
import { AgentRowsView } from './agent-rows.js';
import { createStationAlarms } from './alarm-wiring.js';
import { startEmbeddedBus, type EmbeddedBus } from './embedded.js';
import { FastmonService } from './fastmon-service.js';
import { LogsService, siteLogDirs } from './logs-service.js';
import { FeedService } from './feed-service.js';
import { createHandlers } from './handlers.js';
import { createAuditRecorder } from './audit-recorder.js';
import { OpHistoryRecorder } from './op-history-recorder.js';
import { noteOpReplies } from './op-history-sessions.js';
import { opLevels } from './op-levels.js';
import { OpService } from './op-service.js';
import type { SmurfSite } from './smurf-site.js';
import { createStationSmurf } from './smurf-wiring.js';
import { StationBus } from './station-bus.js';
import { resolveTarget } from './targets.js';
import type { TestbedBusConfig } from '../testbed/bus/index.js';
import { createStationTestbed } from './testbed-wiring.js';
import type { TestbedService } from './testbed-service.js';

export type StationLog = (level: 'info' | 'warn' | 'error', message: string) => void;

export interface StationOptions {
  mode: 'electron' | 'headless';
  /** Embedded router port, default 8001, 0 = free port. */
  wampPort?: number;
  /** Embedded router bind address, default 127.0.0.1. */
  wampHost?: string;
  /** Use the site's crossbar (hub.wamp_server etc.) instead of the embedded router. */
  siteFile?: string;
  siteHost?: string;
  /** In-station demo agents; default true when the embedded router is used. */
  demo?: boolean;
  /** The simulated smurf crate (4 controllers, monitor, manager) on the embedded router; default true. */
  smurf?: boolean;
  /** User data directory: the station store and the simulated smurf files; default defaultDataDir(). */
  dataDir?: string;
  /** UDP port of the simulated crate's monitor (0 = a free one); default the smurf site file's, a free one if taken. */
  smurfUdpPort?: number;
  /** The testbed bus; default from the environment (STATION_TESTBED_BUS, ACTIVEMQ_*) and <dataDir>/station.toml, else the embedded router. */
  testbedBus?: TestbedBusConfig;
  /** The supervisord the testbed uses (tests point it at a missing file); default PATH and /usr/bin, /usr/local/bin. */
  supervisordPath?: string;
  /** Desktop mode's message stream listener, over station.toml `[stream]` (tests use port 0); ignored in headless mode. */
  stream?: StationStreamSettings;
  /** Desktop notification per raised alarm (Electron's Notification); headless stations have none (the UI banner shows them). */
  notify?: AlarmNotify;
  /** Seconds without heartbeat before an agent counts as expired (default 5, as the Registry); tests shorten it. */
  agentTimeout?: number;
  log?: StationLog;
}

export interface Station {
  readonly table: HandlerTable;
  /** The embedded router (null when attached to a site's crossbar). */
  readonly router: RouterHandle | null;
  /** The simulated smurf site on the embedded router, or null. */
  readonly smurf: SmurfSite | null;
  /** Where the store lives. */
  readonly dataDir: string;
  /** The station store (open until close()); the headless server's message stream reads it. */
  readonly store: StationStore;
  /** Testbed control: configs, runs, agents, recorded messages. */
  readonly testbed: TestbedService;
  /** Desktop mode: the message stream's URL (`http://host:port/api/messages/stream/`), or null when off or not listening (headless mode serves it on its own server). */
  readonly streamUrl: string | null;
  connection(): ConnectionState;
  close(): Promise<void>;
}

/**
 * The composition root: the embedded bus (router, Registry, demo site) or a site's crossbar, the
 * station's own WAMP session with its passive registry view, the op service, and the handler
 * table both IPC bindings drive. No Electron here.
 */
export async function createStation(options: StationOptions): Promise<Station> {
  const dataDir = options.dataDir ?? defaultDataDir();
  const toStderr: StationLog = options.log ?? (() => {});
  const logFile = openStationLogFile(join(dataDir, 'logs'), (message) => toStderr('warn', message));
  const log: StationLog = (level, message) => {
    logFile.write(level, message);
    toStderr(level, message);
  };
  // In-station agents log every session message at info: those go to the log file only; their problems to stderr too.
  const agentLogger: OcsLogger = { debug: () => {}, info: (m) => logFile.write('info', m), warn: (m) => log('warn', m), error: (m) => log('error', m) };
  let embedded: Promise<EmbeddedBus> | null = null;
  // A holder rather than a `let`: TypeScript does not see the assignment inside the promise callback.
  const started: { bus: EmbeddedBus | null } = { bus: null };
  let table: IpcHandlerTable | null = null;
  const onEmbedded = (): boolean => started.bus !== null && bus.session() !== null && bus.state().target.kind === 'embedded';
  // Opens the store first: a station that cannot keep its history should not start at all.
  const smurf = createStationSmurf({
    dataDir,
    simulate: options.smurf ?? true,
    udpPort: options.smurfUdpPort,
    session: () => bus.session(),
    ownAgents: () => {
      const site = started.bus?.smurf;
      return site && onEmbedded() ? { managerAddress: site.managerAddress, monitorAddress: site.monitorAddress } : null;
    },
    publish: (channel, payload) => table?.publish(channel, payload),
    logger: agentLogger,
    warn: (message) => log('warn', message),
  });

  /** Starts the embedded bus on first use (at startup, or when switching to it from a site). */
  const ensureEmbedded = (): Promise<EmbeddedBus> => {
    embedded ??= startEmbeddedBus({
      host: options.wampHost ?? ROUTER_DEFAULTS.host,
      port: options.wampPort ?? ROUTER_DEFAULTS.port,
      demo: options.demo ?? true,
      // The router's per-connection info lines go to the station log file only, not to stderr.
      log: (level, message) => (level === 'info' ? logFile.write(level, `router: ${message}`) : log(level, `router: ${message}`)),
      agentLogger,
      smurf: smurf.starter,
    }).then(
      async (bus) => {
        started.bus = bus;
        await bus.whenReady();
        return bus;
      },
      (error: Error) => {
        embedded = null;
        const where = `${options.wampHost ?? ROUTER_DEFAULTS.host}:${options.wampPort ?? ROUTER_DEFAULTS.port}`;
        throw new IpcError('internal', `cannot start the embedded WAMP router on ${where}: ${error.message}`);
      },
    );
    return embedded;
  };

  const testbed = createStationTestbed({
    dataDir,
    store: smurf.store,
    router: async () => (await ensureEmbedded()).router,
    publish: (channel, payload) => table?.publish(channel, payload),
    logger: agentLogger,
    warn: (message) => log('warn', message),
    supervisordPath: options.supervisordPath,
    // Undefined: the environment and <dataDir>/station.toml decide (see stationTestbedBus).
    bus: options.testbedBus,
  });
  // The live fastmon panel: TF pushes from recorded tf_file_registered messages, run summaries from the store.
  const fastmon = new FastmonService({ records: smurf.store.testbed, publish: (channel, payload) => table?.publish(channel, payload), subscribe: (listener) => smurf.store.onChange(listener) });
  // The log viewer: files under the data dir and the site's OCS log-dir, agent and script output from the store.
  const logs = new LogsService({ dataDir, store: smurf.store, ocsLogDirs: () => siteLogDirs(bus.state().target), publish: (channel, payload) => table?.publish(channel, payload) });
  // The operation monitor: every op-code change of every agent, recorded in batches and pushed as ops:changes.
  const opHistory = new OpHistoryRecorder({
    store: smurf.store.opHistory,
    publish: (records) => table?.publish('ops:changes', records),
    onError: (error) => log('warn', `operation history: ${(error as Error)?.message ?? String(error)}`),
  });
  const rows = new AgentRowsView({
    agentTimeout: options.agentTimeout,
    onRows: (changed) => {
      table?.publish('registry:rows', changed);
      opHistory.observe(changed);
    },
  });
  const ops = noteOpReplies(new OpService({ session: () => bus.session(), describe: () => bus.describe() }), opHistory);
  // Live feed plots: ref-counted feed subscriptions on the station's session, re-made after a rejoin (it is a heartbeat view).
  const feeds = new FeedService({ session: () => bus.session(), api: (address) => ops.api(address), publish: (channel, payload) => table?.publish(channel, payload), warn: (message) => log('warn', message) });
  // Alarms: fed by the table's pushes (registry rows, testbed status) and the store; raised ones also go to `notify`.
  const alarms = createStationAlarms({ mode: options.mode, store: smurf.store, ops, publish: (channel, payload) => table?.publish(channel, payload), notify: options.notify, warn: (message) => log('warn', message) });
  const bus: StationBus = new StationBus({
    rows,
    views: [smurf.slots, feeds],
    resolve: (target) => resolveTarget(target, async () => (await ensureEmbedded()).router),
    onState: (state) => {
      // A reason other than our own doing (a lost session, an unreachable router) is worth a warning.
      const expected = state.status === 'connected' || state.detail === null || state.status === 'disconnected';
      log(expected ? 'info' : 'warn', `${state.url} (realm ${state.realm}): ${state.status}${state.detail ? ` – ${state.detail}` : ''}`);
      table?.publish('connection:state', state);
    },
    onBusChanged: () => {
      ops.clear();
      alarms.busChanged();
    },
    logger: agentLogger,
  });
  table = new IpcHandlerTable(
    createHandlers({ mode: options.mode, rows, ops, smurf: smurf.service, testbed: testbed.service, fastmon, logs, alarms, feeds, opHistory, audit: smurf.store.audit, connection: () => bus.state(), connect: (target: ConnectionTarget) => bus.connect(target) }),
    log,
    // User actions land in the store's audit log and reach the Audit view live.
    createAuditRecorder({ log: smurf.store.audit, publish: (entries) => table?.publish('audit:entries', entries) }),
    // Connections' lock levels: station.toml [access] (already checked by the testbed wiring), ops' min_privs.
    { accessSettings: { ...ACCESS_DEFAULTS, ...loadStationConfig(dataDir).access }, requestLevel: opLevels(ops) },
  );
  table.onPush((channel, payload) => alarms.onPush(channel, payload));

  const initial: ConnectionTarget = options.siteFile ? { kind: 'site', siteFile: options.siteFile, host: options.siteHost } : { kind: 'embedded' };
  try {
    await bus.connect(initial);
    // The recorder listens from the start, so a run started by the CLI is recorded too; a broker may be
    // down or slow, so only the embedded router is waited for.
    if (testbed.onEmbeddedRouter && started.bus) await testbed.start();
    else if (!testbed.onEmbeddedRouter) void testbed.start();
  } catch (error) {
    rows.close();
    opHistory.close();
    alarms.close();
    await testbed.close();
    await started.bus?.close();
    smurf.close();
    await logFile.close();
    throw error instanceof IpcError ? new Error(error.message) : error;
  }

  const stream = options.mode === 'electron' ? await startDesktopStream(dataDir, smurf.store, options.stream, log) : null;
  const stationTable = table;
  return {
    table: stationTable,
    get router() {
      return started.bus?.router ?? null;
    },
    get smurf() {
      return started.bus?.smurf ?? null;
    },
    dataDir,
    store: smurf.store,
    testbed: testbed.service,
    streamUrl: stream?.url ?? null,
    connection: () => bus.state(),
    async close() {
      await stream?.close();
      fastmon.close();
      await logs.shutdown();
      await testbed.close();
      await bus.close();
      rows.close();
      opHistory.close();
      alarms.close();
      await started.bus?.close();
      // Last: the controllers record their runs' ends while they shut down.
      smurf.close();
      await logFile.close();
    },
  };
}

/**
 * Desktop mode has no HTTP server, so the message stream gets its own listener from station.toml `[stream]`
 * (over `overrides`). It is an extra: a bind failure is one warning and the station runs without it.
 */
async function startDesktopStream(dataDir: string, store: StationStore, overrides: StationStreamSettings | undefined, log: StationLog): Promise<StreamServer | null> {
  // Already read and checked by the testbed wiring, so a bad file has stopped the station before this.
  const config = loadStationConfig(dataDir);
  const settings = resolveStreamSettings(config, overrides);
  if (!settings.enabled) return null;
  const where = `${settings.host}:${settings.port}`;
  let server: StreamServer;
  try {
    server = await startStreamServer({ host: settings.host, port: settings.port, store, log });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 'the port is in use' : (error as Error).message;
    log('warn', `message stream: cannot listen on ${where} (${reason}); the station runs without it. Set another port under [stream] in ${config.file} (port = 0 picks a free one) or turn it off with enabled = false`);
    return null;
  }
  if (!isLoopbackHost(settings.host)) {
    log('warn', `message stream: listening on ${settings.host}, reachable from other machines; anyone holding an API key can read every recorded testbed message`);
  }
  log('info', `message stream ${server.url} (Authorization: Token <key>; create one with: station keys create NAME)`);
  return server;
}

export type { ConnectionState, ConnectionTarget } from '../../shared/ipc.js';
export type { HandlerTable } from '../ipc/handler-table.js';
