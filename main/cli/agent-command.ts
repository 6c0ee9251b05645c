import { join } from 'node:path';
import { Command } from 'commander';
import { createDemoHwp, createDemoShutter, createDemoThermometry } from '../agents/demo/index.js';
import { createMultiSmurfManager } from '../agents/multismurf-manager/index.js';
import { createPysmurfController, DEFAULT_SMURF_SITE_FILE, loadSmurfSite } from '../agents/pysmurf-controller/index.js';
import { createPysmurfMonitor, parseMonitorArguments } from '../agents/pysmurf-monitor/index.js';
import { createRegistryAgent } from '../agents/registry/index.js';
import { consoleLogger } from '../ocs/logger.js';
import type { OcsAgent } from '../ocs/agent.js';
import { defaultDataDir, openStationStore } from '../store/index.js';
import { BUS_FLAG_HELP } from '../testbed/bus-settings.js';
import { isTestbedAgentKind, startTestbedAgent, TESTBED_AGENT_KINDS, type TestbedAgentCliFlags } from '../testbed/agents/index.js';
import { parseNumber, stopOnSignals } from './lifecycle.js';
import { argumentValue, resolveConnection, type ConnectionFlags } from './site-connection.js';

interface AgentCliOptions extends ConnectionFlags, TestbedAgentCliFlags {
  instanceId: string;
  waitTime?: number;
  slot?: number;
  crate?: number;
  streamId?: string;
  monitorId?: string;
  pollInterval?: number;
  smurfSite?: string;
  udpHost?: string;
  udpPort?: number;
  bind?: string;
  dataDir?: string;
  expire?: number;
}

/** A built agent, and what to release after its shutdown (a UDP socket, the store). */
interface BuiltAgent {
  agent: OcsAgent;
  release?: () => Promise<void> | void;
  /** Extra line printed once it runs (e.g. the UDP port it listens on). */
  banner?: string;
}

/** Builds one agent class from the resolved options and the site config's instance arguments. */
type AgentFactory = (options: AgentCliOptions, addressRoot: string, instanceArguments: string[]) => BuiltAgent | Promise<BuiltAgent>;

const AGENT_CLASSES: Record<string, AgentFactory> = {
  registry: (options, addressRoot, instanceArguments) => {
    // OCS precedence: command line, then the site config's instance arguments, then the default (30 s).
    const fromSite = argumentValue(instanceArguments, '--wait-time');
    const waitTime = options.waitTime ?? (fromSite !== undefined ? parseNumber('--wait-time (site config)', 0)(fromSite) : undefined);
    return { agent: createRegistryAgent({ instanceId: options.instanceId, addressRoot, waitTime, logger: consoleLogger(`${addressRoot}.${options.instanceId}`) }) };
  },
  // The demo site's agents, runnable on their own (e.g. on another host) with any instance id.
  'demo-thermometry': (options, addressRoot) => ({ agent: createDemoThermometry(demoOptions(options, addressRoot)) }),
  'demo-hwp': (options, addressRoot) => ({ agent: createDemoHwp(demoOptions(options, addressRoot)) }),
  'demo-shutter': (options, addressRoot) => ({ agent: createDemoShutter(demoOptions(options, addressRoot)) }),
  'pysmurf-controller': createController,
  'pysmurf-monitor': createMonitor,
  'multismurf-manager': (options, addressRoot, instanceArguments) => {
    const fromSite = argumentValue(instanceArguments, '--expire');
    const expireS = options.expire ?? (fromSite !== undefined ? parseNumber('--expire (site config)', 0)(fromSite) : undefined);
    return { agent: createMultiSmurfManager({ instanceId: options.instanceId, addressRoot, expireS, logger: consoleLogger(`${addressRoot}.${options.instanceId}`) }) };
  },
};
/** Upstream-style class names are accepted too (`RegistryAgent`, `DemoThermometry`, `PysmurfController` …). */
const ALIASES: Record<string, string> = {
  RegistryAgent: 'registry',
  DemoThermometry: 'demo-thermometry',
  DemoHWPRotation: 'demo-hwp',
  DemoShutter: 'demo-shutter',
  PysmurfController: 'pysmurf-controller',
  PysmurfMonitor: 'pysmurf-monitor',
  MultiSmurfManager: 'multismurf-manager',
};

/** A number flag: the command line, else the site config's instance argument, else undefined. */
function numberArgument(value: number | undefined, instanceArguments: string[], flag: string, min = 0): number | undefined {
  if (value !== undefined) return value;
  const fromSite = argumentValue(instanceArguments, flag);
  return fromSite !== undefined ? parseNumber(`${flag} (site config)`, min)(fromSite) : undefined;
}

/** PysmurfController: slot from --slot, the site config's arguments or $SLOT (as upstream); scripts and stream ids from the smurf site file. */
function createController(options: AgentCliOptions, addressRoot: string, instanceArguments: string[]): BuiltAgent {
  const slot = numberArgument(options.slot, instanceArguments, '--slot') ?? (process.env.SLOT ? parseNumber('$SLOT', 0)(process.env.SLOT) : undefined);
  if (slot === undefined) throw new Error('PysmurfController needs a slot: --slot N (or the site config argument --slot, or $SLOT)');
  const crate = numberArgument(options.crate, instanceArguments, '--crate') ?? null;
  const site = loadSmurfSite(options.smurfSite ?? DEFAULT_SMURF_SITE_FILE, { dataDir: options.dataDir ? join(options.dataDir, 'smurf_data') : undefined });
  const configured = site.slots.find((entry) => entry.slot === slot && (crate === null || entry.crate === crate));
  const store = openStationStore(options.dataDir ?? defaultDataDir());
  const agent = createPysmurfController({
    instanceId: options.instanceId,
    addressRoot,
    logger: consoleLogger(`${addressRoot}.${options.instanceId}`),
    crate: crate ?? configured?.crate ?? null,
    slot,
    streamId: options.streamId ?? argumentValue(instanceArguments, '--stream-id') ?? configured?.streamId,
    monitorId: options.monitorId ?? argumentValue(instanceArguments, '--monitor-id') ?? argumentValue(instanceArguments, '-m') ?? site.monitor.instanceId,
    site,
    udp: { host: options.udpHost ?? site.monitor.udpHost, port: options.udpPort ?? site.monitor.udpPort },
    recorder: store.scriptRuns,
    pollInterval: numberArgument(options.pollInterval, instanceArguments, '--poll-interval'),
  });
  return { agent, release: () => store.close(), banner: `slot ${slot}, scripts in ${site.scriptDirs.join(', ')}, run history in ${store.path}` };
}

/** PysmurfMonitor: binds its UDP port first (a taken port is an error here, not a fallback), indexes files in the store. */
async function createMonitor(options: AgentCliOptions, addressRoot: string, instanceArguments: string[]): Promise<BuiltAgent> {
  const fromSite = parseMonitorArguments(instanceArguments);
  const store = openStationStore(options.dataDir ?? fromSite.dataDir ?? defaultDataDir());
  try {
    const monitor = await createPysmurfMonitor({
      instanceId: options.instanceId,
      addressRoot,
      logger: consoleLogger(`${addressRoot}.${options.instanceId}`),
      udpPort: options.udpPort ?? fromSite.udpPort,
      bindAddress: options.bind ?? fromSite.bindAddress,
      dataFiles: store.dataFiles,
    });
    return {
      agent: monitor.agent,
      release: async () => {
        await monitor.close();
        store.close();
      },
      banner: `listening for pysmurf datagrams on UDP ${monitor.bindAddress}:${monitor.port}, files indexed in ${store.path}`,
    };
  } catch (error) {
    store.close();
    throw error;
  }
}

function demoOptions(options: AgentCliOptions, addressRoot: string) {
  return { instanceId: options.instanceId, addressRoot, logger: consoleLogger(`${addressRoot}.${options.instanceId}`) };
}

/** `station agent <class>`: runs one OCS agent as its own process, against the embedded router or a site's crossbar. */
export function addAgentCommand(program: Command): void {
  const command = program
    .command('agent')
    .description('run one OCS agent as its own process')
    .argument('<class>', `agent class: ${[...Object.keys(AGENT_CLASSES), ...TESTBED_AGENT_KINDS].join(', ')}`)
    .option('--instance-id <id>', 'OCS agents: agent instance id (its address is {address-root}.{id}); required')
    .option('--site-file <file>', 'OCS site config (YAML); default $OCS_CONFIG_DIR/default.yaml if present')
    .option('--site-host <host>', 'host entry of the site config to use (default: this host, then localhost)')
    .option('--url <ws-url>', 'router WebSocket URL (overrides the site config)')
    .option('--realm <realm>', 'WAMP realm (overrides the site config)')
    .option('--address-root <root>', 'OCS address root (overrides the site config)')
    .option('--wait-time <seconds>', 'registry: period of the full agent_operations republish', parseNumber('--wait-time', 0))
    .option('--slot <n>', 'PysmurfController: crate slot (default: site config argument --slot, else $SLOT)', parseNumber('--slot', 0))
    .option('--crate <n>', 'PysmurfController: crate number', parseNumber('--crate', 0))
    .option('--stream-id <id>', "PysmurfController: stream id (SMURFPUB_ID); default the smurf site's entry for the slot, else the instance id")
    .option('--monitor-id <id>', "PysmurfController: instance id of the PysmurfMonitor to take session_data from (default the smurf site's)")
    .option('--poll-interval <seconds>', 'PysmurfController: check_state poll interval; fastmon: watch-directory poll period (default 5)', parseNumber('--poll-interval', 0))
    .option('--smurf-site <file>', 'PysmurfController: smurf site file (script dirs, op scripts, slots); default resources/smurf/smurf-site.yaml')
    .option('--udp-host <host>', "PysmurfController: where its scripts publish datagrams (default the smurf site's monitor host)")
    .option('--udp-port <port>', 'PysmurfController: UDP port its scripts publish to; PysmurfMonitor: UDP port to listen on (default 8200, 0 = free)', parseNumber('--udp-port', 0, 65535))
    .option('--bind <address>', 'PysmurfMonitor: address to listen on (default 127.0.0.1)')
    .option('--data-dir <dir>', 'PysmurfController/PysmurfMonitor: station data directory holding the store (default $STATION_DATA_DIR, else ~/.local/share/control-station)')
    .option('--expire <seconds>', 'MultiSmurfManager: heartbeat silence before a controller counts as expired (default 20)', parseNumber('--expire', 0))
    .option('--namespace <ns>', 'testbed agents: namespace (default: the --testbed-config file\'s)')
    .option('--testbed-config <file>', 'testbed agents: testbed.toml (the workflow runner overlays it onto the workflow config)')
    .option('--heartbeat-interval <seconds>', 'testbed agents: heartbeat period (default 60)', parseNumber('--heartbeat-interval', 1))
    .option('--seed <seed>', 'fastmon: seed of the STF selection and TF subsampling (default "fastmon")')
    .option('--selection-fraction <f>', 'fastmon: fraction of STFs sampled, 0–1 (default 0.1; the first STF of a run always)', parseNumber('--selection-fraction', 0, 1))
    .option('--tf-files-per-stf <n>', 'fastmon: TF subsamples per sampled STF (default 7)', parseNumber('--tf-files-per-stf', 1))
    .option('--tf-size-fraction <f>', 'fastmon: mean fraction of each partition taken, 0–1 (default 0.15)', parseNumber('--tf-size-fraction', 0, 1))
    .option('--tf-count-per-stf <n>', 'fastmon: TFs per STF (default 1000)', parseNumber('--tf-count-per-stf', 1))
    .option('--mode <mode>', 'fastmon: message (stf_ready, default) or continuous (poll --watch-dir)')
    .option('--watch-dir <dir>', 'fastmon: directory polled for *.stf in continuous mode (repeatable)', (dir: string, dirs: string[] = []) => [...dirs, dir]);
  for (const [flag, help] of BUS_FLAG_HELP) command.option(flag, `testbed agents: ${help}`);
  command.action(async (agentClass: string, options: AgentCliOptions) => {
      if (isTestbedAgentKind(agentClass)) return runTestbedAgent(agentClass, options);
      // Commander cannot make --instance-id required only for OCS classes: check it here.
      if (!options.instanceId) throw new Error("required option '--instance-id <id>' not specified");
      const factory = AGENT_CLASSES[ALIASES[agentClass] ?? agentClass];
      if (!factory) throw new Error(`unknown agent class "${agentClass}" (known: ${Object.keys(AGENT_CLASSES).join(', ')})`);
      const name = `station agent ${agentClass}`;
      const settings = await resolveConnection(options, options.instanceId, (text) => process.stderr.write(`${name}: ${text}\n`));
      const { agent, release, banner } = await factory(options, settings.addressRoot, settings.instanceArguments);
      // Handlers first: a caller waiting for the lines below may signal as soon as they appear.
      stopOnSignals(name, async () => {
        await agent.shutdown();
        await release?.();
      });
      agent.connect({ url: settings.url, realm: settings.realm });
      process.stdout.write(`${name}: ${agent.agentAddress} connecting to ${settings.url} (realm ${settings.realm})\n`);
      if (banner) process.stdout.write(`${name}: ${banner}\n`);
      agent.onReady(() => process.stdout.write(`${name}: ${agent.agentAddress} joined and registered\n`));
    });
}

/** `station agent testbed-<kind>`: one testbed agent on the testbed bus, recording into the station store. */
async function runTestbedAgent(kind: Parameters<typeof startTestbedAgent>[0], options: AgentCliOptions): Promise<void> {
  const name = `station agent ${kind}`;
  const agent = await startTestbedAgent(kind, options, consoleLogger(name));
  const { runtime } = agent;
  stopOnSignals(name, agent.stop);
  process.stdout.write(`${name}: ${runtime.agentName} ready in namespace ${runtime.namespace}\n`);
}
