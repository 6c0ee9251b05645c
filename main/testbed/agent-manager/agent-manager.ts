/**
 * The per-user agent manager (spec §5.6): listens on `/queue/agent_control.<user>` and runs
 * start_testbed / stop_testbed / restart / status / ping through the orchestrator. Deviation from
 * upstream (spec §9): every command gets a reply, refusals included, to `reply_to` or else to
 * agentManagerReplyQueue(user); a `request_id` in the command is echoed.
 */
import { hostname } from 'node:os';
import { silentLogger, type OcsLogger } from '../../ocs/logger.js';
import type { Subscription, TestbedBus } from '../bus/index.js';
import { TestbedConfigError } from '../config/index.js';
import { agentControlQueue, naiveLocalTimestamp, validateDestination, type AgentManagerCommand, type TestbedMessage } from '../messages.js';
import { TestbedRefusal, pythonList, type TestbedOrchestrator } from '../orchestrator/index.js';
import type { TestbedRecords } from '../orchestrator/store-port.js';

/** Where replies go when a command names no `reply_to`. */
export function agentManagerReplyQueue(user: string): string {
  return `${agentControlQueue(user)}.replies`;
}

export interface AgentManagerOptions {
  orchestrator: TestbedOrchestrator;
  /** A connected (or connecting) bus; the manager subscribes and replies on it. */
  bus: TestbedBus;
  records: TestbedRecords;
  user: string;
  /** Shown in the heartbeat (the default testbed's namespace); null when unknown. */
  namespace: string | null;
  heartbeatMs?: number;
  logger?: OcsLogger;
  /** Called after a `restart` command stopped the agents (the CLI respawns the manager and exits). */
  onRestart?: () => void;
}

type Reply = Record<string, unknown> & { msg_type: string };

export class AgentManager {
  readonly instanceName: string;
  private subscription: Subscription | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private stopBusState: (() => void) | null = null;
  private readonly logger: OcsLogger;

  constructor(private readonly options: AgentManagerOptions) {
    this.instanceName = `agent-manager-${options.user}`;
    this.logger = options.logger ?? silentLogger;
  }

  get controlQueue(): string {
    return agentControlQueue(this.options.user);
  }

  /** Subscribes the control queue, heartbeats now and every heartbeatMs (default 30 s) and on bus changes. */
  async start(): Promise<void> {
    const { bus } = this.options;
    if (bus.state === 'disconnected') await bus.connect();
    this.subscription = bus.subscribe(this.controlQueue, (message) => this.handle(message));
    await this.subscription.ready;
    this.stopBusState = bus.onState(() => void this.heartbeat());
    await this.heartbeat();
    this.timer = setInterval(() => void this.heartbeat(), this.options.heartbeatMs ?? 30_000);
    this.timer.unref?.();
  }

  /** Runs one command and sends its reply. Never throws: failures become `ok: false` replies. */
  async handle(message: TestbedMessage): Promise<void> {
    const command = message as AgentManagerCommand;
    let reply: Reply;
    try {
      reply = await this.execute(command);
    } catch (error) {
      const refusal = error instanceof TestbedRefusal || error instanceof TestbedConfigError;
      if (!refusal) this.logger.error(`${String(command.command)} failed: ${(error as Error).message}`);
      reply = this.result(command, false, (error as Error).message);
    }
    await this.reply(command, reply);
    if (command.command === 'restart' && reply.ok === true) this.options.onRestart?.();
  }

  private async execute(command: AgentManagerCommand): Promise<Reply> {
    const { orchestrator, user } = this.options;
    switch (command.command) {
      case 'ping':
        return { msg_type: 'agent_manager_pong', status: 'alive', username: user };
      case 'status': {
        const status = await orchestrator.status();
        const running = status.programs.filter((p) => p.state === 'RUNNING');
        const text = status.programs.map((p) => `${p.name} ${p.state} ${p.description}`).join('\n');
        return { msg_type: 'agent_manager_status', username: user, agents_running: running.length > 0, supervisord_status: text };
      }
      case 'start_testbed': {
        const status = await orchestrator.status();
        const running = status.programs.filter((p) => p.state === 'RUNNING').map((p) => p.name);
        if (running.length > 0) {
          return this.result(command, false, `Cannot start: agents already running: ${pythonList(running)}. Run stop_testbed first.`);
        }
        const started = await orchestrator.startTestbed(orchestrator.checkConfig(command.config_name));
        const notes = [...started.skipped.map((s) => `skipped ${s}`), ...started.warnings];
        return this.result(command, true, `Started ${pythonList(started.names)}${notes.length ? `; ${notes.join('; ')}` : ''}`);
      }
      case 'stop_testbed': {
        const { stopped, supervisordRunning } = await orchestrator.stopAgents();
        return this.result(command, true, supervisordRunning ? `Stopped ${pythonList(stopped)}` : 'No agents running (supervisord not active)');
      }
      case 'restart': {
        await orchestrator.stopAgents();
        return this.result(command, true, 'Agents stopped; the agent manager restarts');
      }
      default:
        return this.result(command, false, `Unknown command ${JSON.stringify((command as { command?: unknown }).command)}`);
    }
  }

  private result(command: AgentManagerCommand, ok: boolean, text: string): Reply {
    return { msg_type: 'agent_manager_result', command: command.command, ok, message: text, username: this.options.user };
  }

  private async reply(command: AgentManagerCommand, reply: Reply): Promise<void> {
    let destination = agentManagerReplyQueue(this.options.user);
    if (typeof command.reply_to === 'string') {
      try {
        destination = validateDestination(command.reply_to);
      } catch {
        this.logger.warn(`reply_to ${JSON.stringify(command.reply_to)} is not a destination; replying on ${destination}`);
      }
    }
    const body = { ...reply, timestamp: naiveLocalTimestamp(), ...(command.request_id !== undefined ? { request_id: command.request_id } : {}) };
    await this.options.bus.send(destination, body).catch((e: Error) => this.logger.error(`reply to ${destination} failed: ${e.message}`));
  }

  /** Records the manager's heartbeat (status OK, WARNING while the bus is down; EXITED at stop). */
  async heartbeat(exited = false): Promise<void> {
    const connected = this.options.bus.state === 'connected';
    let supervisord = 'idle';
    try {
      supervisord = (await this.options.orchestrator.bridge.isRunning()) ? 'running' : 'idle';
    } catch {
      supervisord = 'not responding';
    }
    const namespace = this.options.namespace;
    this.options.records.recordHeartbeat({
      instanceName: this.instanceName,
      agentType: 'agent_manager',
      status: exited ? 'EXITED' : connected ? 'OK' : 'WARNING',
      operationalState: exited ? 'EXITED' : 'READY',
      namespace,
      pid: process.pid,
      hostname: hostname(),
      description: `Agent manager for ${this.options.user}. namespace: ${namespace ?? 'none'}. MQ: ${connected ? 'connected' : 'disconnected'}. supervisord: ${supervisord}`,
      mqConnected: connected,
      at: Date.now(),
    });
  }

  /** Unsubscribes and records EXITED; the bus belongs to the caller. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.subscription?.();
    this.subscription = null;
    this.stopBusState?.();
    this.stopBusState = null;
    await this.heartbeat(true);
  }
}
