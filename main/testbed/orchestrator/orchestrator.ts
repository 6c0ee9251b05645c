/**
 * TestbedOrchestrator: `testbed run` / `stop-agents` / `status` (spec §5.1, §5.4) on the station's own
 * supervisord. Deviation from upstream: the persistent workflow runner blocks the next `run` only while
 * a workflow of that namespace is still running, not until `stop-agents`.
 */
import { join } from 'node:path';
import { silentLogger, type OcsLogger } from '../../ocs/logger.js';
import { openStationStore, type StationStore } from '../../store/index.js';
import { createTestbedBus, type TestbedBus, type TestbedBusConfig } from '../bus/index.js';
import { DEFAULT_TESTBED_CONFIG_DIR, WORKFLOW_RUNNER_PROGRAM, type ParamValue } from '../config/index.js';
import { naiveLocalTimestamp, workflowControlQueue, type RunWorkflowMessage, type StopWorkflowMessage } from '../messages.js';
import { SupervisorBridge, SUPERVISOR_INSTALL_HINT, currentUser, findSupervisord, type ProgramStatus } from '../supervisor/index.js';
import { checkConfig, type CheckedConfig } from './config-source.js';
import { TestbedRefusal, pythonList } from './errors.js';
import { DEFAULT_STATION_BIN, KNOWN_PROGRAMS, programsFor, type ProgramSpec } from './programs.js';
import { heartbeatsFromAll, pollUntil } from './readiness.js';
import type { TestbedStatus } from './status.js';
import { storeHandle, type StoreHandle, type TestbedRecords } from './store-port.js';

export interface TestbedOrchestratorOptions {
  dataDir: string;
  bus: TestbedBusConfig;
  /** Owner of the executions and the supervisord socket (default: the OS user). */
  user?: string;
  /** bin/station.js the programs run (default: this package's). */
  stationBin?: string;
  /** Node executable for the programs (default: this process's). */
  nodePath?: string;
  logger?: OcsLogger;
  /** The station's open store; default: opened from dataDir on first use. */
  store?: StationStore;
  /** Where configs are looked up (default: `<dataDir>/testbed/configs`, then resources/testbed). */
  configDirs?: string[];
  supervisordPath?: string;
  /** How long started agents may take to heartbeat, and the runner to take run_workflow (default 20 s / 10 s). */
  readyTimeoutMs?: number;
  ackTimeoutMs?: number;
}

/** What `run` did. */
export interface TestbedRunOutcome {
  executionId: string;
  namespace: string;
  workflowName: string;
  /** Programs started (or already running and kept). */
  started: string[];
  /** Enabled agents not started, with the reason. */
  skipped: string[];
  /** Things the user should know (agents that did not reach RUNNING, params no section has). */
  warnings: string[];
  /** True once the runner created the execution record. */
  acknowledged: boolean;
}

/** Drives the testbed of one data directory; one per station process or CLI call. */
export class TestbedOrchestrator {
  readonly bridge: SupervisorBridge;
  readonly user: string;
  private readonly logger: OcsLogger;
  private readonly store: StoreHandle;
  private bus: Promise<TestbedBus> | null = null;

  constructor(private readonly options: TestbedOrchestratorOptions) {
    this.user = options.user ?? currentUser();
    this.logger = options.logger ?? silentLogger;
    this.store = storeHandle(options.dataDir, (dir) => openStationStore(dir), options.store);
    const programs = KNOWN_PROGRAMS.map((name) => ({ name, command: ['true'] }));
    this.bridge = new SupervisorBridge({ dataDir: options.dataDir, user: options.user, programs, logger: this.logger, supervisordPath: options.supervisordPath });
  }

  get configDirs(): string[] {
    return this.options.configDirs ?? [join(this.options.dataDir, 'testbed', 'configs'), DEFAULT_TESTBED_CONFIG_DIR];
  }

  private records(): TestbedRecords {
    return this.store.records();
  }

  /** The programs of a config (runner + implemented enabled agents) and the skipped keys. */
  programsFor(checked: CheckedConfig): { programs: ProgramSpec[]; skipped: string[] } {
    return programsFor(checked.config, {
      dataDir: this.options.dataDir,
      bus: this.options.bus,
      stationBin: this.options.stationBin ?? DEFAULT_STATION_BIN,
      nodePath: this.options.nodePath ?? process.execPath,
    }, checked.workflow.sections);
  }

  /** Loads and merges a config; throws TestbedConfigError. Nothing is started. */
  checkConfig(configName?: string, params: Readonly<Record<string, unknown>> = {}): CheckedConfig {
    return checkConfig(configName, params, this.configDirs);
  }

  /**
   * `testbed run`: checks the config, refuses while a workflow of its namespace runs, starts supervisord,
   * the runner and the enabled agents, waits for their heartbeats and sends run_workflow with a fresh
   * execution id on the namespace's control queue.
   */
  async run(configName?: string, params: Readonly<Record<string, unknown>> = {}): Promise<TestbedRunOutcome> {
    const { realtime, rest } = splitRealtime(params);
    const checked = this.checkConfig(configName, rest);
    const { config, workflow } = checked;
    await this.refuseWhileRunning(config.namespace);
    const started = await this.startTestbed(checked);
    const executionId = this.records().nextExecutionId(config.workflow.name, this.user);
    const message: RunWorkflowMessage = {
      msg_type: 'run_workflow',
      namespace: config.namespace,
      workflow_name: config.workflow.name,
      config: config.workflow.config,
      realtime: realtime ?? workflow.realtime,
      params: { ...workflow.params },
      execution_id: executionId,
      testbed_config: config.file,
      source: 'station',
      sender: `cmd-sender-${process.pid}`,
      timestamp: naiveLocalTimestamp(),
    };
    await (await this.connectedBus()).send(workflowControlQueue(config.namespace), message);
    const acknowledged = await pollUntil(() => this.records().getExecution(executionId) !== null, this.options.ackTimeoutMs ?? 10_000);
    const warnings = [...started.warnings, ...workflow.ignoredParams.map((key) => `parameter ${key} is not a key of any workflow section: ignored`)];
    if (!acknowledged) warnings.push(`the workflow runner has not taken execution ${executionId} yet; see 'station testbed status'`);
    return { executionId, namespace: config.namespace, workflowName: config.workflow.name, started: started.names, skipped: started.skipped, warnings, acknowledged };
  }

  /**
   * Steps 4–7 of §5.4 without run_workflow (the agent manager's start_testbed): supervisord with the
   * config's programs, the runner, then the enabled agents; already running programs are kept.
   */
  async startTestbed(checked: CheckedConfig): Promise<{ names: string[]; skipped: string[]; warnings: string[] }> {
    const { programs, skipped } = this.programsFor(checked);
    await this.bridge.ensureRunning(programs);
    const warnings: string[] = [];
    const [runner, ...agents] = programs;
    await this.bridge.start(runner.name);
    await Promise.all(agents.map((p) => this.bridge.start(p.name).catch((e: Error) => warnings.push(`${p.name}: ${e.message}`))));
    const states = await this.bridge.status();
    const running = states.filter((s) => programs.some((p) => p.name === s.name) && s.state === 'RUNNING');
    if (running.length < programs.length) warnings.unshift('Warning: Some agents failed to start');
    const ready = await pollUntil(() => heartbeatsFromAll(this.records(), running, checked.config.namespace), this.options.readyTimeoutMs ?? 20_000);
    if (!ready) warnings.push('Warning: not every agent reported a connected bus yet');
    return { names: programs.map((p) => p.name), skipped, warnings };
  }

  /** Refuses (upstream text) while the namespace's runner is running a workflow; terminalizes orphaned executions. */
  private async refuseWhileRunning(namespace: string): Promise<void> {
    const running = this.records().listExecutions({ namespace, status: 'running' });
    if (running.length === 0) return;
    const states = (await this.bridge.isRunning()) ? await this.bridge.status() : [];
    const runner = states.find((s) => s.name === WORKFLOW_RUNNER_PROGRAM && s.state === 'RUNNING');
    // An execution older than the runner process was left behind by a runner that died: it is not running any more.
    const runnerSince = runner ? Date.now() - (runner.uptimeSeconds + 2) * 1000 : Infinity;
    const live = running.filter((e) => e.startedAt >= runnerSince);
    for (const orphan of running.filter((e) => !live.includes(e))) this.records().finishExecution(orphan.executionId, 'failed', Date.now());
    if (live.length === 0) return;
    const names = states.filter((s) => s.state === 'RUNNING').map((s) => s.name);
    throw new TestbedRefusal(`Cannot start - agents already running: ${pythonList(names)}`, "Run 'testbed stop-agents' first to stop existing agents.");
  }

  /** Sends stop_workflow for one execution, or for every running one when no id is given. */
  async stopWorkflow(executionId?: string): Promise<void> {
    const records = this.records();
    let targets: { namespace: string; executionId?: string }[];
    if (executionId !== undefined) {
      const execution = records.getExecution(executionId);
      if (!execution) throw new TestbedRefusal(`No execution ${executionId}`);
      if (execution.status !== 'running') throw new TestbedRefusal(`Execution ${executionId} is not running (${execution.status})`);
      targets = [{ namespace: execution.namespace, executionId }];
    } else {
      targets = records.listExecutions({ status: 'running' }).map((e) => ({ namespace: e.namespace, executionId: e.executionId }));
      if (targets.length === 0) throw new TestbedRefusal('No workflow is running');
    }
    const bus = await this.connectedBus();
    for (const target of targets) {
      const message: StopWorkflowMessage = { msg_type: 'stop_workflow', namespace: target.namespace, execution_id: target.executionId, sender: `cmd-sender-${process.pid}`, timestamp: naiveLocalTimestamp() };
      await bus.send(workflowControlQueue(target.namespace), message);
    }
  }

  /** Stops every program; supervisord keeps running. `supervisordRunning: false` when there was none (exit code 4 upstream). */
  async stopAgents(): Promise<{ stopped: string[]; supervisordRunning: boolean }> {
    if (!(await this.bridge.isRunning())) return { stopped: [], supervisordRunning: false };
    const before = await this.bridge.status();
    await this.bridge.stopAll();
    return { stopped: before.filter((s) => s.state === 'RUNNING' || s.state === 'STARTING' || s.state === 'BACKOFF').map((s) => s.name), supervisordRunning: true };
  }

  /** supervisord programs, agent heartbeats and running executions. */
  async status(): Promise<TestbedStatus> {
    const installed = findSupervisord(this.options.supervisordPath ? { supervisordPath: this.options.supervisordPath } : {}) !== null;
    const running = installed && (await this.bridge.isRunning());
    const programs: ProgramStatus[] = running ? await this.bridge.status() : [];
    const records = this.records();
    return {
      supervisordInstalled: installed,
      supervisordRunning: running,
      supervisordMessage: installed ? null : `supervisord is not installed. ${SUPERVISOR_INSTALL_HINT}`,
      programs,
      agents: records.listAgents({ includeExited: false }),
      executions: records.listExecutions({ status: 'running' }),
    };
  }

  startAgent(name: string): Promise<void> {
    return this.bridge.start(name);
  }
  stopAgent(name: string): Promise<void> {
    return this.bridge.stop(name);
  }
  restartAgent(name: string): Promise<void> {
    return this.bridge.restart(name);
  }
  tail(name: string, bytes?: number): Promise<string> {
    return this.bridge.tail(name, bytes);
  }

  private connectedBus(): Promise<TestbedBus> {
    this.bus ??= (async () => {
      const config = this.options.bus.kind === 'stomp' ? { ...this.options.bus, clientId: `cmd-sender-${process.pid}-${Date.now().toString(36)}` } : this.options.bus;
      const bus = createTestbedBus(config, { logger: this.logger });
      await bus.connect();
      return bus;
    })().catch((error: Error) => {
      this.bus = null;
      throw new Error(`cannot reach the testbed bus (${describeBus(this.options.bus)}): ${error.message}`);
    });
    return this.bus;
  }

  /** Closes the bus connection and a store it opened itself. */
  async close(): Promise<void> {
    const bus = this.bus;
    this.bus = null;
    if (bus) await (await bus.catch(() => null))?.close();
    this.store.close();
  }
}

/** One line naming the bus, for errors and banners. */
export function describeBus(bus: TestbedBusConfig): string {
  return bus.kind === 'wamp' ? `embedded router ${bus.url} realm ${bus.realm}` : `ActiveMQ STOMP ${bus.host}:${bus.port}`;
}

function splitRealtime(params: Readonly<Record<string, unknown>>): { realtime?: boolean; rest: Record<string, ParamValue> } {
  const { realtime, ...rest } = params as Record<string, ParamValue>;
  if (realtime !== undefined && typeof realtime !== 'boolean') throw new TestbedRefusal(`parameter realtime must be true or false, got ${JSON.stringify(realtime)}`);
  return { realtime, rest };
}
