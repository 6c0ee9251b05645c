import { createRegistryAgent } from '../agents/registry/index.js';
import { startDemoSite, type DemoSite } from '../agents/demo/index.js';
import type { OcsAgent } from '../ocs/agent.js';
import type { OcsLogger } from '../ocs/logger.js';
import { startRouter, type RouterHandle } from '../wamp/index.js';
import type { SmurfSite } from './smurf-site.js';
import type { SmurfSiteStarter } from './smurf-wiring.js';

export interface EmbeddedOptions {
  host: string;
  port: number;
  demo: boolean;
  /** Router log (info lines are per-connection chatter; the caller may drop them). */
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** Logger for the in-station agents. */
  agentLogger: OcsLogger;
  /** Starts the simulated smurf site on the router; absent = none. */
  smurf?: SmurfSiteStarter | null;
}

/** The station's own bus: the embedded router, the TS Registry on it and (optionally) the demo site. */
export interface EmbeddedBus {
  readonly router: RouterHandle;
  readonly registry: OcsAgent;
  readonly demo: DemoSite | null;
  readonly smurf: SmurfSite | null;
  /** Resolves once the Registry, demo and smurf agents have joined and registered. */
  whenReady(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts the embedded router and the in-station agents on it. */
export async function startEmbeddedBus(options: EmbeddedOptions): Promise<EmbeddedBus> {
  const router = await startRouter({
    host: options.host,
    port: options.port,
    log: options.log,
  });
  const connection = { url: router.wsUrl, realm: router.realm };
  const registry = createRegistryAgent({ addressRoot: router.addressRoot, logger: options.agentLogger });
  registry.connect(connection);
  const demo = options.demo ? startDemoSite(connection, { addressRoot: router.addressRoot, logger: options.agentLogger }) : null;
  let smurf: SmurfSite | null = null;
  try {
    smurf = options.smurf ? await options.smurf(connection, router.addressRoot) : null;
  } catch (error) {
    // Nothing half-started: the agents already on the router leave with it.
    await Promise.all([registry.shutdown(1000), demo?.close()]);
    await router.close();
    throw error;
  }
  return {
    router,
    registry,
    demo,
    smurf,
    async whenReady(timeoutMs = 10_000) {
      await Promise.all([registry.whenReady(timeoutMs), demo?.whenReady(timeoutMs), smurf?.whenReady(timeoutMs)]);
    },
    async close() {
      await Promise.all([registry.shutdown(1000), demo?.close(), smurf?.close()]);
      await router.close();
    },
  };
}
