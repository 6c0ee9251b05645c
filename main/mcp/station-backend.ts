/** Builds the MCP backend of one data directory: the station store, a TestbedOrchestrator and the agent-manager channel. */
import type { OcsLogger } from '../ocs/logger.js';
import { openStationStore } from '../store/index.js';
import type { TestbedBusConfig } from '../testbed/bus/index.js';
import { agentControlQueue } from '../testbed/messages.js';
import { TestbedOrchestrator } from '../testbed/orchestrator/index.js';
import { currentUser } from '../testbed/supervisor/index.js';
import { BusAgentManagerChannel } from './agent-manager-channel.js';
import type { McpBackend } from './ports.js';

export interface StationBackendOptions {
  dataDir: string;
  bus: TestbedBusConfig;
  /** Default: the OS user. */
  user?: string;
  logger?: OcsLogger;
  /** Where testbed configs are looked up (default: the orchestrator's). */
  configDirs?: string[];
}

/** The backend plus close(), which closes the bus connections and the store. */
export interface StationBackend extends McpBackend {
  close(): Promise<void>;
}

/** Opens the store (throws with the file name if it cannot) and wires the orchestrator and channel to it. */
export function openStationBackend(options: StationBackendOptions): StationBackend {
  const user = options.user ?? currentUser();
  const stationStore = openStationStore(options.dataDir);
  const orchestrator = new TestbedOrchestrator({ dataDir: options.dataDir, bus: options.bus, user, store: stationStore, logger: options.logger, configDirs: options.configDirs });
  const agentManager = new BusAgentManagerChannel({ user, bus: options.bus });
  return {
    user,
    store: stationStore.testbed,
    orchestrator,
    agentManager,
    controlQueue: agentControlQueue(user),
    audit: { log: stationStore.audit, client: 'mcp', user, warn: (message) => options.logger?.warn(message) },
    async close() {
      await Promise.allSettled([orchestrator.close(), agentManager.close()]);
      stationStore.close();
    },
  };
}
