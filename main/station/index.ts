import type { ConnectionState, ConnectionTarget } from '../../shared/ipc.js';
import { IpcHandlerTable, type HandlerTable } from '../ipc/handler-table.js';
import { IpcError } from '../ipc/ipc-error.js';
import type { OcsLogger } from '../ocs/logger.js';
import { ROUTER_DEFAULTS, type RouterHandle } from '../wamp/index.js';
import { AgentRowsView } from './agent-rows.js';
import { startEmbeddedBus, type EmbeddedBus } from './embedded.js';
import { createHandlers } from './handlers.js';
import { OpService } from './op-service.js';
import { StationBus } from './station-bus.js';
import { resolveTarget } from './targets.js';

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
  log?: StationLog;
}

export interface Station {
  readonly table: HandlerTable;
  /** The embedded router (null when attached to a site's crossbar). */
  readonly router: RouterHandle | null;
  connection(): ConnectionState;
  close(): Promise<void>;
}

/**
 * The composition root: the embedded bus (router, Registry, demo site) or a site's crossbar, the
 * station's own WAMP session with its passive registry view, the op service, and the handler
 * table both IPC bindings drive. No Electron here.
 */
export async function createStation(options: StationOptions): Promise<Station> {
  const log: StationLog = options.log ?? (() => {});
  // In-station agents log every session message at info; only their problems are worth the station's log.
  const agentLogger: OcsLogger = { debug: () => {}, info: () => {}, warn: (m) => log('warn', m), error: (m) => log('error', m) };
  let embedded: Promise<EmbeddedBus> | null = null;
  // A holder rather than a `let`: TypeScript does not see the assignment inside the promise callback.
  const started: { bus: EmbeddedBus | null } = { bus: null };

  /** Starts the embedded bus on first use (at startup, or when switching to it from a site). */
  const ensureEmbedded = (): Promise<EmbeddedBus> => {
    embedded ??= startEmbeddedBus({
      host: options.wampHost ?? ROUTER_DEFAULTS.host,
      port: options.wampPort ?? ROUTER_DEFAULTS.port,
      demo: options.demo ?? true,
      log: (level, message) => level !== 'info' && log(level, `router: ${message}`),
      agentLogger,
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

  let table: IpcHandlerTable | null = null;
  const rows = new AgentRowsView({ onRows: (changed) => table?.publish('registry:rows', changed) });
  const ops = new OpService({ session: () => bus.session(), describe: () => bus.describe() });
  const bus: StationBus = new StationBus({
    rows,
    resolve: (target) => resolveTarget(target, async () => (await ensureEmbedded()).router),
    onState: (state) => {
      // A reason other than our own doing (a lost session, an unreachable router) is worth a warning.
      const expected = state.status === 'connected' || state.detail === null || state.status === 'disconnected';
      log(expected ? 'info' : 'warn', `${state.url} (realm ${state.realm}): ${state.status}${state.detail ? ` – ${state.detail}` : ''}`);
      table?.publish('connection:state', state);
    },
    onBusChanged: () => ops.clear(),
    logger: agentLogger,
  });
  table = new IpcHandlerTable(
    createHandlers({ mode: options.mode, rows, ops, connection: () => bus.state(), connect: (target: ConnectionTarget) => bus.connect(target) }),
    log,
  );

  const initial: ConnectionTarget = options.siteFile ? { kind: 'site', siteFile: options.siteFile, host: options.siteHost } : { kind: 'embedded' };
  try {
    await bus.connect(initial);
  } catch (error) {
    rows.close();
    await started.bus?.close();
    throw error instanceof IpcError ? new Error(error.message) : error;
  }

  const stationTable = table;
  return {
    table: stationTable,
    get router() {
      return started.bus?.router ?? null;
    },
    connection: () => bus.state(),
    async close() {
      await bus.close();
      rows.close();
      await started.bus?.close();
    },
  };
}

export type { ConnectionState, ConnectionTarget } from '../../shared/ipc.js';
export type { HandlerTable } from '../ipc/handler-table.js';
