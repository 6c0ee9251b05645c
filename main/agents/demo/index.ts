import type { OcsAgent } from '../../ocs/agent.js';
import type { WampConnectionOptions } from '../../ocs/connection.js';
import { createDemoHwp } from './hwp.js';
import { createDemoShutter } from './shutter.js';
import { createDemoThermometry, type DemoAgentOptions } from './thermometry.js';

export { createDemoHwp } from './hwp.js';
export { createDemoShutter } from './shutter.js';
export { createDemoThermometry, type DemoAgentOptions } from './thermometry.js';

/** Instance ids of the demo site, in the order they are created. */
export const DEMO_INSTANCE_IDS = ['demo-thermo', 'demo-hwp', 'demo-shutter'] as const;

/** Options of the whole site (each agent keeps its own instance id). */
export type DemoSiteOptions = Omit<DemoAgentOptions, 'instanceId'>;

/** The demo site's agents, not yet connected. */
export function createDemoAgents(options: DemoSiteOptions = {}): OcsAgent[] {
  return [createDemoThermometry(options), createDemoHwp(options), createDemoShutter(options)];
}

/** A running demo site: its agents on one router. */
export interface DemoSite {
  readonly agents: readonly OcsAgent[];
  /** Resolves once every agent has joined and registered. */
  whenReady(timeoutMs?: number): Promise<void>;
  /** Stops every agent's ops and leaves the realm. */
  close(): Promise<void>;
}

/** Creates the demo agents and connects each to `connection` (its own WAMP session, like a separate process would). */
export function startDemoSite(connection: WampConnectionOptions, options: DemoSiteOptions = {}): DemoSite {
  const agents = createDemoAgents(options);
  for (const agent of agents) agent.connect(connection);
  return {
    agents,
    whenReady: async (timeoutMs) => void (await Promise.all(agents.map((agent) => agent.whenReady(timeoutMs)))),
    close: async () => void (await Promise.all(agents.map((agent) => agent.shutdown(1000)))),
  };
}
