import { hostname, userInfo } from 'node:os';
import { silentLogger, type OcsLogger } from '../../ocs/logger.js';
import { createTestbedBus, type MessageHandler, type Subscription, type TestbedBus, type TestbedBusConfig } from '../bus/index.js';
import { naiveLocalTimestamp, type TestbedMessage } from '../messages.js';
import type { HeartbeatStatus, LogLevel, OperationalState, TestbedAgentStore } from './store-port.js';

/** Options of {@link createTestbedAgentRuntime}. */
export interface TestbedAgentRuntimeOptions {
  /** Upstream agent type, e.g. `DATA`, `DAQ_Simulator`, `Fast_Processing` (the name uses it lower-cased). */
  agentType: string;
  namespace: string;
  /** Default: the login name of this process. */
  user?: string;
  bus: TestbedBusConfig;
  store: TestbedAgentStore;
  logger?: OcsLogger;
  /** Heartbeat period (upstream 60 s). */
  heartbeatMs?: number;
  /** Bus connect timeout (default the bus's 15 s). */
  connectTimeoutMs?: number;
}

/** Log context stored with a log line (spec §4.7 `extra_data`). */
export interface LogContext {
  executionId?: string | null;
  runId?: string | null;
}

/**
 * What every testbed agent shares (upstream BaseAgent, spec §4): its name `<type>-agent-<user>-<id>`
 * from the store's global counter, a bus with the envelope rules for that name and namespace,
 * heartbeats in the store (at start, every `heartbeatMs`, on every bus state change, EXITED at
 * shutdown), log lines in the store, and the operational state.
 */
export interface TestbedAgentRuntime {
  readonly agentName: string;
  readonly agentType: string;
  readonly namespace: string;
  readonly user: string;
  readonly bus: TestbedBus;
  readonly store: TestbedAgentStore;
  readonly logger: OcsLogger;
  readonly operationalState: OperationalState;
  /** Changes the operational state; a change is heartbeated at once. */
  setOperationalState(state: OperationalState): void;
  /** Subscribes on the bus; start() waits until every subscription made before it is confirmed. */
  subscribe(destination: string, handler: MessageHandler): Subscription;
  /** Sends with `timestamp` (naive local ISO) added when the message has none. */
  send(destination: string, message: TestbedMessage): Promise<void>;
  /** Records a heartbeat now: OK while the bus is connected, else WARNING (or the status given). */
  heartbeat(status?: HeartbeatStatus): void;
  /** Logs locally and appends the line to the store's testbed log. */
  log(level: LogLevel, message: string, context?: LogContext): void;
  /** Connects the bus, waits for the subscriptions, heartbeats READY and starts the heartbeat timer. */
  start(): Promise<void>;
  /** Runs the shutdown hooks, heartbeats EXITED and closes the bus. Safe to call twice. */
  shutdown(): Promise<void>;
  /** Work to finish before the EXITED heartbeat (e.g. end a running workflow). */
  onShutdown(hook: () => Promise<void> | void): void;
}

/** Builds an agent's runtime (its name is allocated now); call start() after the agent subscribed. */
export function createTestbedAgentRuntime(options: TestbedAgentRuntimeOptions): TestbedAgentRuntime {
  const user = options.user ?? currentUser();
  const logger = options.logger ?? silentLogger;
  const store = options.store;
  const agentName = `${options.agentType.toLowerCase()}-agent-${user}-${store.testbed.nextAgentId()}`;
  // STOMP client-id is the agent name, as upstream connects (spec §4.1).
  const busConfig: TestbedBusConfig = options.bus.kind === 'stomp' ? { ...options.bus, clientId: agentName } : options.bus;
  const bus = createTestbedBus(busConfig, { identity: { agentName, namespace: options.namespace }, logger, connectTimeoutMs: options.connectTimeoutMs });
  const heartbeatMs = options.heartbeatMs ?? 60_000;
  const pending: Promise<void>[] = [];
  const shutdownHooks: (() => Promise<void> | void)[] = [];
  let state: OperationalState = 'STARTING';
  let timer: NodeJS.Timeout | null = null;
  let unwatchBus = () => {};
  let stopping: Promise<void> | null = null;

  const runtime: TestbedAgentRuntime = {
    agentName,
    agentType: options.agentType,
    namespace: options.namespace,
    user,
    bus,
    store,
    logger,
    get operationalState() {
      return state;
    },
    setOperationalState(next) {
      if (next === state || state === 'EXITED') return;
      state = next;
      runtime.heartbeat();
    },
    subscribe(destination, handler) {
      const subscription = bus.subscribe(destination, handler);
      pending.push(subscription.ready);
      return subscription;
    },
    send(destination, message) {
      return bus.send(destination, message.timestamp ? message : { ...message, timestamp: naiveLocalTimestamp() });
    },
    heartbeat(status) {
      const mqConnected = bus.state === 'connected';
      const effective = status ?? (state === 'EXITED' ? 'EXITED' : mqConnected ? 'OK' : 'WARNING');
      try {
        store.testbed.recordHeartbeat({
          instanceName: agentName,
          agentType: options.agentType,
          status: effective,
          operationalState: state,
          namespace: options.namespace,
          pid: process.pid,
          hostname: hostname(),
          description: `${options.agentType} agent. MQ: ${mqConnected ? 'connected' : 'disconnected'}`,
          mqConnected,
          at: Date.now(),
        });
      } catch (error) {
        // A busy or closed store must not take the agent down; the next heartbeat retries.
        logger.warn(`${agentName}: heartbeat not recorded: ${(error as Error).message}`);
      }
    },
    log(level, message, context = {}) {
      const line = `${agentName}: ${message}`;
      if (level === 'ERROR') logger.error(line);
      else if (level === 'WARNING') logger.warn(line);
      else if (level === 'INFO') logger.info(line);
      else logger.debug(line);
      try {
        store.testbed.appendLog({ instanceName: agentName, level, message, executionId: context.executionId ?? null, runId: context.runId ?? null, at: Date.now() });
      } catch (error) {
        logger.warn(`${agentName}: log line not stored: ${(error as Error).message}`);
      }
    },
    async start() {
      runtime.heartbeat();
      await bus.connect();
      await Promise.all(pending);
      unwatchBus = bus.onState(() => runtime.heartbeat());
      timer = setInterval(() => runtime.heartbeat(), heartbeatMs);
      timer.unref();
      if (state === 'STARTING') runtime.setOperationalState('READY');
      runtime.log('INFO', `started in namespace ${options.namespace} (${describeBus(options.bus)})`);
    },
    shutdown() {
      stopping ??= (async () => {
        if (timer) clearInterval(timer);
        for (const hook of shutdownHooks) {
          try {
            await hook();
          } catch (error) {
            logger.error(`${agentName}: shutdown step failed: ${(error as Error).message}`);
          }
        }
        state = 'EXITED';
        // The bus going down now is the shutdown itself, not an outage: no WARNING after EXITED.
        unwatchBus();
        runtime.heartbeat('EXITED');
        await bus.close();
      })();
      return stopping;
    },
    onShutdown(hook) {
      shutdownHooks.push(hook);
    },
  };
  return runtime;
}

function describeBus(config: TestbedBusConfig): string {
  return config.kind === 'stomp' ? `STOMP ${config.host}:${config.port}` : `WAMP ${config.url} realm ${config.realm}`;
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'user';
  }
}
