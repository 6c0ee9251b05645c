import { fileURLToPath } from 'node:url';
import type { OpReply } from '../../shared/ocs-codes.js';
import { DEBIAN_PYTHON, startProcess, waitFor, type RunningProcess } from './net.js';

/** Folder of the Python peer scripts (test/python). */
export const PYTHON_PEERS_DIR = fileURLToPath(new URL('../python/', import.meta.url));

// Unbuffered output so lines arrive as they happen; no __pycache__ left in test/python.
const PYTHON_ENV = { PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' };

export interface PythonAgentOptions {
  /** Router WebSocket URL, e.g. `ws://127.0.0.1:8001/ws`. */
  url: string;
  realm?: string;
  addressRoot?: string;
  instanceId?: string;
  agentClass?: string;
  serializer?: 'json' | 'msgpack';
  /** Advertise `access_control` in get_api and accept the `password` kwarg (ocs >= 0.12). */
  accessControl?: boolean;
  /** Rejoin when the router goes away (retrying every 0.25–1 s) instead of exiting. */
  reconnect?: boolean;
}

/** One `{agent}.ops` call as the Python agent received it. */
export interface ReceivedOpsCall {
  args: unknown[];
  kwargs: Record<string, unknown>;
}

/** A running test/python/ocs_agent_peer.py. */
export interface PythonAgent extends RunningProcess {
  /** `{addressRoot}.{instanceId}` */
  readonly address: string;
  /** Every ops call received so far, in order. */
  opsCalls(): ReceivedOpsCall[];
  /** Toggles the heartbeat with SIGUSR1 and resolves once the agent reports `heartbeat on|off`. */
  toggleHeartbeat(): Promise<'on' | 'off'>;
}

/**
 * Starts the Python stand-in agent (ops `count`, `set_heartbeat`, `delay_task`; 1 Hz heartbeat)
 * and resolves once it has registered both procedures (`peer ready`).
 */
export async function startPythonAgent(options: PythonAgentOptions): Promise<PythonAgent> {
  const addressRoot = options.addressRoot ?? 'observatory';
  const instanceId = options.instanceId ?? 'fake-data1';
  const args = [
    `${PYTHON_PEERS_DIR}ocs_agent_peer.py`,
    '--url', options.url,
    '--realm', options.realm ?? 'test_realm',
    '--address-root', addressRoot,
    '--instance-id', instanceId,
    '--agent-class', options.agentClass ?? 'FakeDataAgent',
    '--serializer', options.serializer ?? 'json',
    ...(options.accessControl ? ['--access-control'] : []),
    ...(options.reconnect ? ['--reconnect'] : []),
  ];
  const proc = startProcess(DEBIAN_PYTHON, args, PYTHON_ENV);
  try {
    await proc.waitForLine(/^peer ready /);
  } catch (error) {
    await proc.stop();
    throw error;
  }
  const heartbeatLines = () => proc.lines.filter((line) => /^heartbeat (on|off)$/.test(line)).length;
  return {
    ...proc,
    address: `${addressRoot}.${instanceId}`,
    opsCalls: () => proc.lines.filter((line) => line.startsWith('ops-call ')).map((line) => JSON.parse(line.slice('ops-call '.length)) as ReceivedOpsCall),
    async toggleHeartbeat() {
      const before = heartbeatLines();
      proc.child.kill('SIGUSR1');
      await waitFor(() => heartbeatLines() > before, 5_000, 'the agent to report its heartbeat toggle');
      return proc.lines.filter((line) => /^heartbeat (on|off)$/.test(line)).at(-1)!.endsWith('on') ? 'on' : 'off';
    },
  };
}

export interface PythonCallerOptions {
  transport: 'wamp' | 'http';
  /** `ws://…/ws` for wamp, `http://…/call` for http. */
  url: string;
  /** Agent address, e.g. `observatory.fake-data1`. */
  agent: string;
  /** `start:OP[:JSON]`, `wait:OP[:TIMEOUT]`, `status:OP`, `abort:OP`, `stop:OP` or `api`. */
  steps: string[];
  realm?: string;
  serializer?: 'json' | 'msgpack';
  /** wamp only: `client_t` (default, Python OperationClient) or `ocsweb` (`[action, op, params]`). */
  layout?: 'client_t' | 'ocsweb';
  /** http only: sent when get_api advertises access_control. */
  password?: string;
  /** How long the whole run may take. Default 20 s. */
  timeoutMs?: number;
}

/** One printed step of ocs_caller_peer.py: a `reply`, a management `result`, or an `error`. */
export interface CallerStepResult {
  step: string;
  reply?: OpReply;
  result?: unknown;
  error?: string;
  args?: unknown[];
  kwargs?: Record<string, unknown>;
}

/** A running test/python/ocs_caller_peer.py. */
export interface PythonCaller {
  process: RunningProcess;
  /** The step results printed so far. */
  results(): CallerStepResult[];
  /** Resolves with result number `index` (0-based) as soon as it is printed. */
  result(index: number, timeoutMs?: number): Promise<CallerStepResult>;
  /** Resolves with every result once the caller prints `caller done`, then ends the process. */
  finished(): Promise<CallerStepResult[]>;
}

/** Starts the Python caller; its steps run in order, one JSON line each. */
export function startPythonCaller(options: PythonCallerOptions): PythonCaller {
  const args = [
    `${PYTHON_PEERS_DIR}ocs_caller_peer.py`,
    options.transport,
    '--url', options.url,
    '--agent', options.agent,
    ...(options.realm ? ['--realm', options.realm] : []),
    ...(options.serializer ? ['--serializer', options.serializer] : []),
    ...(options.layout ? ['--layout', options.layout] : []),
    ...(options.password ? ['--password', options.password] : []),
    ...options.steps,
  ];
  const process = startProcess(DEBIAN_PYTHON, args, PYTHON_ENV);
  const timeoutMs = options.timeoutMs ?? 20_000;
  const results = () => process.lines.filter((line) => line.startsWith('{"step"')).map((line) => JSON.parse(line) as CallerStepResult);
  return {
    process,
    results,
    result: (index, wait = timeoutMs) => waitFor(() => results()[index], wait, `caller step ${index} (${options.steps[index]})`),
    async finished() {
      try {
        await process.waitForLine(/^caller done$/, timeoutMs);
      } finally {
        await process.stop();
      }
      return results();
    },
  };
}

/** Runs the Python caller to the end and returns its step results. */
export function runPythonCaller(options: PythonCallerOptions): Promise<CallerStepResult[]> {
  return startPythonCaller(options).finished();
}
