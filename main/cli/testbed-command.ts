/**
 * `station testbed run [CONFIG] | stop-workflow [ID] | stop-agents | status | agent-manager`: the
 * upstream testbed CLI (spec §5.1, §5.4, §5.6) on the station's own supervisord and testbed bus.
 * Exit codes: 0 ok, 1 error or refusal, 4 `stop-agents` without a running supervisord (upstream's).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { consoleLogger } from '../ocs/logger.js';
import { defaultDataDir, openStationStore, type StationStore } from '../store/index.js';
import type { NewAuditEntry } from '../store/audit-log.js';
import { auditedAction, type AuditedWhat } from '../station/audited-action.js';
import { AgentManager } from '../testbed/agent-manager/index.js';
import { BUS_FLAG_HELP, resolveCommandBusSettings, type BusFlags } from '../testbed/bus-settings.js';
import { createTestbedBus, type TestbedBusConfig } from '../testbed/bus/index.js';
import { DEFAULT_TESTBED_CONFIG_DIR, TestbedConfigError } from '../testbed/config/index.js';
import { TestbedOrchestrator, TestbedRefusal, describeBus, formatStatus } from '../testbed/orchestrator/index.js';
import { SupervisorNotInstalled } from '../testbed/supervisor/index.js';
import { DATA_DIR_FLAG, DATA_DIR_HELP, stopOnSignals } from './lifecycle.js';

interface TestbedCliOptions extends BusFlags {
  dataDir?: string;
  configDir?: string[];
  param?: string[];
  json?: boolean;
}

/** Exit code of `stop-agents` when supervisord is not running (supervisorctl's, which upstream passes on). */
export const EXIT_NOT_RUNNING = 4;

/** `k=v` → [k, v] with v as a boolean, number or string. */
export function parseParam(text: string): [string, string | number | boolean] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new Error(`--param must look like key=value, got "${text}"`);
  const key = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1).trim();
  if (raw === 'true' || raw === 'false') return [key, raw === 'true'];
  const number = Number(raw);
  return [key, raw !== '' && Number.isFinite(number) ? number : raw];
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function withCommonFlags(command: Command): Command {
  command.option(DATA_DIR_FLAG, DATA_DIR_HELP);
  for (const [flag, help] of BUS_FLAG_HELP) command.option(flag, help);
  return command;
}

/** The bus from the flags, the environment and `<data dir>/station.toml`, in that order. */
function busFor(options: TestbedCliOptions): TestbedBusConfig {
  return resolveCommandBusSettings(options, options.dataDir ?? defaultDataDir());
}

function orchestratorFor(options: TestbedCliOptions): TestbedOrchestrator {
  const dataDir = options.dataDir ?? defaultDataDir();
  // --config-dir entries first, then the user's configs and the shipped ones (the orchestrator's default).
  const configDirs = [...(options.configDir ?? []), join(dataDir, 'testbed', 'configs'), DEFAULT_TESTBED_CONFIG_DIR];
  return new TestbedOrchestrator({ dataDir, bus: busFor(options), configDirs });
}

/** Prints a known failure as upstream does (`Error: …`) and sets the exit code; rethrows anything else. */
function fail(error: unknown): void {
  if (error instanceof TestbedRefusal || error instanceof TestbedConfigError || error instanceof SupervisorNotInstalled) {
    process.stderr.write(`Error: ${error.message}\n`);
    if (error instanceof TestbedRefusal && error.hint) process.stderr.write(`${error.hint}\n`);
  } else {
    process.stderr.write(`Error: ${(error as Error).message}\n`);
  }
  process.exitCode = 1;
}

/**
 * Runs a user action of the CLI and records it in the data dir's audit log (client `cli`), as the UI's
 * actions are; the store is opened only for the record, so a command works even where it cannot be.
 */
function audited<T>(options: TestbedCliOptions, what: AuditedWhat, run: () => Promise<T>, summary?: (result: T) => unknown): Promise<T> {
  let store: StationStore | null = null;
  const log = {
    append: (entry: NewAuditEntry) => {
      store = openStationStore(options.dataDir ?? defaultDataDir());
      try {
        return store.audit.append(entry);
      } finally {
        store.close();
      }
    },
  };
  return auditedAction({ log, client: 'cli', warn: (message) => process.stderr.write(`${message}\n`) }, what, run, summary);
}

/** Runs `body` with an orchestrator and always closes it (bus, store). */
async function withOrchestrator(options: TestbedCliOptions, body: (o: TestbedOrchestrator) => Promise<void>): Promise<void> {
  let orchestrator: TestbedOrchestrator | null = null;
  try {
    orchestrator = orchestratorFor(options);
    await body(orchestrator);
  } catch (error) {
    fail(error);
  } finally {
    await orchestrator?.close();
  }
}

/** Adds `station testbed …`. */
export function addTestbedCommand(program: Command): void {
  const testbed = program.command('testbed').description('ePIC streaming-workflow testbed: agents under supervisord, workflows on the testbed bus');

  withCommonFlags(testbed.command('run [config]'))
    .description("start the workflow runner and the config's enabled agents, then trigger its workflow")
    .option('--param <key=value>', 'override a workflow parameter (repeatable), e.g. stf_count=10, realtime=false', collect)
    .option('--config-dir <dir>', 'look up configs here first (repeatable)', collect)
    .action((config: string | undefined, options: TestbedCliOptions) =>
      withOrchestrator(options, async (orchestrator) => {
        const params = Object.fromEntries((options.param ?? []).map(parseParam));
        const outcome = await audited(options, { action: 'testbed:run', target: config ?? 'testbed.toml', params: { config, params } }, () => orchestrator.run(config, params), (o) => ({ executionId: o.executionId, namespace: o.namespace, started: o.started }));
        process.stderr.write(`Agents: ${outcome.started.join(', ')} (bus: ${describeBus(busFor(options))})\n`);
        for (const skipped of outcome.skipped) process.stderr.write(`Not started: ${skipped}\n`);
        for (const warning of outcome.warnings) process.stderr.write(`${warning}\n`);
        process.stdout.write(`Workflow '${outcome.workflowName}' triggered (execution ${outcome.executionId}). Use 'station testbed status' to monitor.\n`);
      }),
    );

  withCommonFlags(testbed.command('stop-workflow [executionId]'))
    .description('stop one running execution (or every running one) with a proper end_run')
    .action((executionId: string | undefined, options: TestbedCliOptions) =>
      withOrchestrator(options, async (orchestrator) => {
        await audited(options, { action: 'testbed:stop-workflow', target: executionId ?? 'every running workflow', params: { executionId } }, () => orchestrator.stopWorkflow(executionId));
        process.stdout.write(`Stop requested for ${executionId ?? 'every running workflow'}.\n`);
      }),
    );

  withCommonFlags(testbed.command('stop-agents'))
    .description("stop every testbed agent (supervisord keeps running)")
    .action((options: TestbedCliOptions) =>
      withOrchestrator(options, async (orchestrator) => {
        const { stopped, supervisordRunning } = await audited(options, { action: 'testbed:stop-agents', target: 'all testbed agents', params: {} }, () => orchestrator.stopAgents(), (r) => ({ stopped: r.stopped }));
        if (!supervisordRunning) {
          process.stdout.write('No agents running (supervisord not active)\n');
          process.exitCode = EXIT_NOT_RUNNING;
          return;
        }
        for (const name of stopped) process.stdout.write(`${name}: stopped\n`);
        if (stopped.length === 0) process.stdout.write('No agents were running.\n');
      }),
    );

  withCommonFlags(testbed.command('status'))
    .description('supervisord programs, running workflows and live agents')
    .option('--json', 'print the status as JSON')
    .action((options: TestbedCliOptions) =>
      withOrchestrator(options, async (orchestrator) => {
        const status = await orchestrator.status();
        // The JSON also names the bus the commands use (flags > environment > station.toml > defaults).
        process.stdout.write(options.json ? `${JSON.stringify({ ...status, bus: describeBus(busFor(options)) }, null, 2)}\n` : `${formatStatus(status)}\n`);
      }),
    );

  withCommonFlags(testbed.command('agent-manager'))
    .description("the per-user agent manager: commands on /queue/agent_control.<user>, heartbeat every 30 s")
    .option('--heartbeat <seconds>', 'heartbeat period', '30')
    .action((options: TestbedCliOptions & { heartbeat: string }) => runAgentManager(options));
}

async function runAgentManager(options: TestbedCliOptions & { heartbeat: string }): Promise<void> {
  const dataDir = options.dataDir ?? defaultDataDir();
  const busConfig = busFor(options);
  const store = openStationStore(dataDir);
  const orchestrator = new TestbedOrchestrator({ dataDir, bus: busConfig, store });
  const logger = consoleLogger(`agent-manager-${orchestrator.user}`);
  let namespace: string | null = null;
  try {
    namespace = orchestrator.checkConfig().config.namespace;
  } catch {
    namespace = null; // no usable default config: start_testbed names one
  }
  const config = busConfig.kind === 'stomp' ? { ...busConfig, clientId: `agent-manager-${orchestrator.user}-${process.pid}` } : busConfig;
  const bus = createTestbedBus(config, { identity: { agentName: `agent-manager-${orchestrator.user}` }, logger, connectTimeoutMs: 0 });
  const heartbeatMs = Number(options.heartbeat) * 1000;
  if (!Number.isFinite(heartbeatMs) || heartbeatMs < 100) throw new Error(`--heartbeat must be a number of seconds ≥ 0.1, got "${options.heartbeat}"`);
  const shutdown = async () => {
    await manager.stop();
    await bus.close();
    await orchestrator.close();
    store.close();
  };
  const manager = new AgentManager({
    orchestrator,
    bus,
    records: store.testbed,
    user: orchestrator.user,
    namespace,
    heartbeatMs,
    logger,
    onRestart: () => void shutdown().then(() => respawn(dataDir)),
  });
  await manager.start();
  process.stdout.write(`agent manager for ${orchestrator.user} listening on ${manager.controlQueue} (${describeBus(busConfig)})\n`);
  stopOnSignals('agent-manager', shutdown);
}

/** `restart`: a fresh manager with the same arguments, detached, logging to <dataDir>/testbed/logs/agent-manager.log. */
function respawn(dataDir: string): void {
  const logDir = join(dataDir, 'testbed', 'logs');
  mkdirSync(logDir, { recursive: true });
  const log = openSync(join(logDir, 'agent-manager.log'), 'a');
  spawn(process.execPath, process.argv.slice(1), { detached: true, stdio: ['ignore', log, log] }).unref();
  process.exit(0);
}
