import { defaultDataDir, openStationStore, type StationStore } from '../../store/index.js';
import type { OcsLogger } from '../../ocs/logger.js';
import { resolveBusSettings, type BusFlags } from '../bus-settings.js';
import { isValidNamespace, loadTestbedConfig } from '../config/index.js';
import { createDataAgent, DATA_AGENT_TYPE } from './data-agent.js';
import { createFastProcessingAgent, FAST_PROCESSING_AGENT_TYPE } from './fast-processing-agent.js';
import { createProcessingAgent, PROCESSING_AGENT_TYPE } from './processing-agent.js';
import { createTestbedAgentRuntime, type TestbedAgentRuntime } from './runtime.js';
import { createFastmonAgent, FASTMON_AGENT_TYPE } from '../../fastmon/fastmon-agent.js';
import { resolveFastmonSettings, withStationDefaults, type FastmonCliFlags } from '../../fastmon/settings.js';
import { loadStationConfig } from '../../config/station-config.js';
import type { TestbedAgentStore } from './store-port.js';
import { createWorkflowRunner } from './workflow-runner.js';

/** Upstream agent type of the persistent workflow runner (`daq_simulator-agent-<user>-<id>`). */
export const WORKFLOW_RUNNER_AGENT_TYPE = 'DAQ_Simulator';

/** `station agent <kind>` → agent type and how the agent attaches to its runtime. */
const KINDS = {
  'testbed-workflow-runner': {
    agentType: WORKFLOW_RUNNER_AGENT_TYPE,
    attach: (runtime: TestbedAgentRuntime, flags: TestbedAgentCliFlags) => void createWorkflowRunner(runtime, { testbedConfigFile: flags.testbedConfig }),
  },
  'testbed-data': { agentType: DATA_AGENT_TYPE, attach: (runtime: TestbedAgentRuntime) => createDataAgent(runtime) },
  'testbed-fast-processing': { agentType: FAST_PROCESSING_AGENT_TYPE, attach: (runtime: TestbedAgentRuntime) => createFastProcessingAgent(runtime) },
  'testbed-processing': { agentType: PROCESSING_AGENT_TYPE, attach: (runtime: TestbedAgentRuntime) => createProcessingAgent(runtime) },
  // `station agent fastmon` (the name; no testbed- prefix).
  fastmon: { agentType: FASTMON_AGENT_TYPE, attach: (runtime: TestbedAgentRuntime, flags: TestbedAgentCliFlags) => void createFastmonAgent(runtime, resolveFastmonSettings(flags)) },
} as const;

export type TestbedAgentKind = keyof typeof KINDS;
export const TESTBED_AGENT_KINDS = Object.keys(KINDS) as TestbedAgentKind[];

export function isTestbedAgentKind(value: string): value is TestbedAgentKind {
  return Object.hasOwn(KINDS, value);
}

/** The flags of `station agent testbed-*` and `fastmon` (bus flags as `station testbed …`). */
export interface TestbedAgentCliFlags extends BusFlags, FastmonCliFlags {
  namespace?: string;
  dataDir?: string;
  /** The testbed file: the runner overlays it (spec §5.3 rule 3); its namespace is the fallback for --namespace. */
  testbedConfig?: string;
  /** Heartbeat period in seconds (default 60). */
  heartbeatInterval?: number;
}

/** A started agent and how to stop it. */
export interface StartedTestbedAgent {
  runtime: TestbedAgentRuntime;
  store: StationStore | TestbedAgentStore;
  stop(): Promise<void>;
}

/**
 * Starts one testbed agent from its CLI flags: namespace from --namespace (else the testbed file's),
 * store in --data-dir (else $STATION_DATA_DIR / the default), bus from the flags and environment.
 * Throws a clear error on bad input before anything is connected.
 */
export async function startTestbedAgent(kind: TestbedAgentKind, flags: TestbedAgentCliFlags, logger: OcsLogger, env: NodeJS.ProcessEnv = process.env): Promise<StartedTestbedAgent> {
  const spec = KINDS[kind];
  const namespace = flags.namespace ?? (flags.testbedConfig ? loadTestbedConfig(flags.testbedConfig).namespace : undefined);
  if (!namespace) throw new Error(`${kind} needs a namespace: --namespace N (or --testbed-config F with [testbed] namespace)`);
  if (!isValidNamespace(namespace)) throw new Error(`--namespace must be letters, digits, '.', '_' or '-', got "${namespace}"`);
  const bus = resolveBusSettings(flags, env);
  const dataDir = flags.dataDir ?? defaultDataDir(env);
  // fastmon's sampling defaults come from <dataDir>/station.toml [fastmon]; bad flags or file fail here, before the store is opened.
  const agentFlags = kind === 'fastmon' ? withStationDefaults(flags, loadStationConfig(dataDir).fastmon) : flags;
  if (kind === 'fastmon') resolveFastmonSettings(agentFlags);
  const store = openStationStore(dataDir);
  try {
    const runtime = createTestbedAgentRuntime({ agentType: spec.agentType, namespace, bus, store, logger, heartbeatMs: flags.heartbeatInterval !== undefined ? flags.heartbeatInterval * 1000 : undefined });
    spec.attach(runtime, { ...flags, ...agentFlags });
    await runtime.start();
    return {
      runtime,
      store,
      stop: async () => {
        await runtime.shutdown();
        store.close();
      },
    };
  } catch (error) {
    store.close();
    throw error;
  }
}
