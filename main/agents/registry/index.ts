import { OcsAgent } from '../../ocs/agent.js';
import type { OcsLogger } from '../../ocs/logger.js';
import { param } from '../../ocs/params.js';
import { Registry, type RegistryOptions } from './registry.js';

export { Registry, type RegistryOptions } from './registry.js';

export interface RegistryAgentOptions extends RegistryOptions {
  /** Instance id; clients (`ocs-client-cli scan --use-registry`) default to "registry". */
  instanceId?: string;
  /** OCS address root. Default "observatory". */
  addressRoot?: string;
  logger?: OcsLogger;
}

const MAIN_DOC = `main(test_mode=False)

**Process** - Main run process for the Registry agent. This will loop
and keep track of which agents have expired. It will keep track of
current active agents in the session.data variable so it can be seen by
clients.

Parameters:
    test_mode (bool, optional): Run the main Process loop only once.
        This is meant only for testing. Default is False.`;

/**
 * Builds a RegistryAgent, a drop-in for upstream's: `main` process (startup), deprecated
 * `register_agent` task, the `agent_operations` record feed and the wildcard heartbeat subscription.
 * Connect it with `agent.connect({url, realm})`; stop it with `agent.shutdown()`.
 */
export function createRegistryAgent(options: RegistryAgentOptions = {}): OcsAgent {
  return createRegistry(options).agent;
}

/** Like createRegistryAgent, but also returns the Registry (for in-process inspection and tests). */
export function createRegistry(options: RegistryAgentOptions = {}): { agent: OcsAgent; registry: Registry } {
  const addressRoot = options.addressRoot ?? 'observatory';
  const agent = new OcsAgent({ agentClass: 'RegistryAgent', instanceId: options.instanceId ?? 'registry', addressRoot, logger: options.logger });
  const registry = new Registry(agent, options);
  // Every agent's heartbeat; the router excludes our own, so the registry never lists itself (as upstream).
  agent.subscribeOnStart((args) => registry.onHeartbeat(args), `${addressRoot}..feeds.heartbeat`, { match: 'wildcard' });
  agent.registerFeed('agent_operations', { record: true, aggParams: { frame_length: 60 }, bufferTime: 0 });
  agent.registerProcess('main', {
    run: (session, params, ctx) => registry.main(session, params, ctx),
    stop: true,
    params: [param('test_mode', { default: false, type: 'bool' })],
    docstring: MAIN_DOC,
    startup: true,
  });
  agent.registerTask('register_agent', {
    run: (_session, params) => {
      const address = typeof params.agent_address === 'string' ? params.agent_address : 'unknown';
      agent.logger.warn(`Warning!!! The register_agent task has been deprecated. Agent '${address}' is using an out of date version of ocs or socs!!`);
      return [true, "'register_agent' is deprecated"];
    },
    docstring: null,
  });
  return { agent, registry };
}
