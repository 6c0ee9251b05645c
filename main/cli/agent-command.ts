import { Command } from 'commander';
import { createDemoHwp, createDemoShutter, createDemoThermometry } from '../agents/demo/index.js';
import { createRegistryAgent } from '../agents/registry/index.js';
import { consoleLogger } from '../ocs/logger.js';
import type { OcsAgent } from '../ocs/agent.js';
import { parseNumber, stopOnSignals } from './lifecycle.js';
import { argumentValue, resolveConnection, type ConnectionFlags } from './site-connection.js';

interface AgentCliOptions extends ConnectionFlags {
  instanceId: string;
  waitTime?: number;
}

/** Builds one agent class from the resolved options and the site config's instance arguments. */
type AgentFactory = (options: AgentCliOptions, addressRoot: string, instanceArguments: string[]) => OcsAgent;

const AGENT_CLASSES: Record<string, AgentFactory> = {
  registry: (options, addressRoot, instanceArguments) => {
    // OCS precedence: command line, then the site config's instance arguments, then the default (30 s).
    const fromSite = argumentValue(instanceArguments, '--wait-time');
    const waitTime = options.waitTime ?? (fromSite !== undefined ? parseNumber('--wait-time (site config)', 0)(fromSite) : undefined);
    return createRegistryAgent({ instanceId: options.instanceId, addressRoot, waitTime, logger: consoleLogger(`${addressRoot}.${options.instanceId}`) });
  },
  // The demo site's agents, runnable on their own (e.g. on another host) with any instance id.
  'demo-thermometry': (options, addressRoot) => createDemoThermometry(demoOptions(options, addressRoot)),
  'demo-hwp': (options, addressRoot) => createDemoHwp(demoOptions(options, addressRoot)),
  'demo-shutter': (options, addressRoot) => createDemoShutter(demoOptions(options, addressRoot)),
};
/** Upstream-style class names are accepted too (`RegistryAgent`, `DemoThermometry` …). */
const ALIASES: Record<string, string> = { RegistryAgent: 'registry', DemoThermometry: 'demo-thermometry', DemoHWPRotation: 'demo-hwp', DemoShutter: 'demo-shutter' };

function demoOptions(options: AgentCliOptions, addressRoot: string) {
  return { instanceId: options.instanceId, addressRoot, logger: consoleLogger(`${addressRoot}.${options.instanceId}`) };
}

/** `station agent <class>`: runs one OCS agent as its own process, against the embedded router or a site's crossbar. */
export function addAgentCommand(program: Command): void {
  program
    .command('agent')
    .description('run one OCS agent as its own process')
    .argument('<class>', `agent class: ${Object.keys(AGENT_CLASSES).join(', ')}`)
    .requiredOption('--instance-id <id>', 'agent instance id (its address is {address-root}.{id})')
    .option('--site-file <file>', 'OCS site config (YAML); default $OCS_CONFIG_DIR/default.yaml if present')
    .option('--site-host <host>', 'host entry of the site config to use (default: this host, then localhost)')
    .option('--url <ws-url>', 'router WebSocket URL (overrides the site config)')
    .option('--realm <realm>', 'WAMP realm (overrides the site config)')
    .option('--address-root <root>', 'OCS address root (overrides the site config)')
    .option('--wait-time <seconds>', 'registry: period of the full agent_operations republish', parseNumber('--wait-time', 0))
    .action(async (agentClass: string, options: AgentCliOptions) => {
      const factory = AGENT_CLASSES[ALIASES[agentClass] ?? agentClass];
      if (!factory) throw new Error(`unknown agent class "${agentClass}" (known: ${Object.keys(AGENT_CLASSES).join(', ')})`);
      const name = `station agent ${agentClass}`;
      const settings = await resolveConnection(options, options.instanceId, (text) => process.stderr.write(`${name}: ${text}\n`));
      const agent = factory(options, settings.addressRoot, settings.instanceArguments);
      agent.connect({ url: settings.url, realm: settings.realm });
      process.stdout.write(`${name}: ${agent.agentAddress} connecting to ${settings.url} (realm ${settings.realm})\n`);
      agent.onReady(() => process.stdout.write(`${name}: ${agent.agentAddress} joined and registered\n`));
      stopOnSignals(name, () => agent.shutdown());
    });
}
