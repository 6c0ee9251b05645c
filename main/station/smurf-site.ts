import { createMultiSmurfManager } from '../agents/multismurf-manager/index.js';
import { createPysmurfController } from '../agents/pysmurf-controller/index.js';
import type { ScriptRunRecorder } from '../smurf/script-run-recorder.js';
import type { SmurfSiteConfig } from '../agents/pysmurf-controller/site-config.js';
import { createPysmurfMonitor } from '../agents/pysmurf-monitor/index.js';
import type { OcsAgent } from '../ocs/agent.js';
import type { WampConnectionOptions } from '../ocs/connection.js';
import type { OcsLogger } from '../ocs/logger.js';

/** Instance ids of the station's simulated smurf site (a contract with the UI and the e2e tests). */
export const SMURF_MANAGER_ID = 'multismurf';

/** `pysmurf-controller-c1s2` for crate 1, slot 2. */
export function controllerInstanceId(crate: number | null, slot: number): string {
  return `pysmurf-controller-${crate === null ? '' : `c${crate}`}s${slot}`;
}

export interface SmurfSiteOptions {
  connection: WampConnectionOptions;
  addressRoot: string;
  site: SmurfSiteConfig;
  /** UDP port of the monitor; default the site file's, 0 = a free one. */
  udpPort?: number;
  recorder: ScriptRunRecorder;
  dataFiles: Parameters<typeof createPysmurfMonitor>[0]['dataFiles'];
  logger: OcsLogger;
  /** Station log, for the port fallback. */
  warn(message: string): void;
}

/** The running simulated site: monitor, one controller per slot, the manager, all on one router. */
export interface SmurfSite {
  readonly monitorAddress: string;
  readonly managerAddress: string;
  readonly controllers: readonly OcsAgent[];
  /** The UDP port the monitor listens on (and the controllers' scripts publish to). */
  readonly udpPort: number;
  whenReady(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts the monitor on the site's UDP port, falling back to a free one when that is taken. */
async function startMonitor(options: SmurfSiteOptions, instanceId: string) {
  const base = { instanceId, addressRoot: options.addressRoot, logger: options.logger, bindAddress: options.site.monitor.udpHost, dataFiles: options.dataFiles };
  const wanted = options.udpPort ?? options.site.monitor.udpPort;
  try {
    return await createPysmurfMonitor({ ...base, udpPort: wanted });
  } catch (error) {
    // The monitor's error carries the errno in its message only.
    const busy = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' || /EADDRINUSE/.test((error as Error).message);
    if (!busy || wanted === 0) throw error;
    const monitor = await createPysmurfMonitor({ ...base, udpPort: 0 });
    options.warn(`smurf monitor: UDP port ${wanted} is in use; listening on ${monitor.port} instead (the controllers publish there)`);
    return monitor;
  }
}

/** Brings up the simulated smurf site of the site config on the given router. */
export async function startSmurfSite(options: SmurfSiteOptions): Promise<SmurfSite> {
  const { site, addressRoot, logger } = options;
  const monitorId = site.monitor.instanceId;
  const monitor = await startMonitor(options, monitorId);
  const udp = { host: site.monitor.udpHost, port: monitor.port };
  const controllers = site.slots.map((slot) =>
    createPysmurfController({
      instanceId: controllerInstanceId(slot.crate, slot.slot),
      addressRoot,
      logger,
      crate: slot.crate,
      slot: slot.slot,
      streamId: slot.streamId,
      monitorId,
      site,
      udp,
      recorder: options.recorder,
    }),
  );
  const manager = createMultiSmurfManager({ instanceId: SMURF_MANAGER_ID, addressRoot, logger });
  const agents = [monitor.agent, ...controllers, manager];
  for (const agent of agents) agent.connect(options.connection);
  return {
    monitorAddress: monitor.agent.agentAddress,
    managerAddress: manager.agentAddress,
    controllers,
    udpPort: monitor.port,
    async whenReady(timeoutMs = 10_000) {
      await Promise.all(agents.map((agent) => agent.whenReady(timeoutMs)));
    },
    async close() {
      // The manager first (it fans out to the controllers), the monitor last (scripts may still publish).
      await manager.shutdown(1000);
      await Promise.all(controllers.map((controller) => controller.shutdown(3000)));
      await monitor.agent.shutdown(1000);
      await monitor.close();
    },
  };
}
