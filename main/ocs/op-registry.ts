import { CredLevel, OpCode, ResponseCode, type ApiOpEntry, type OpReply, type ProcessOpInfo, type TaskOpInfo } from '../../shared/ocs-codes.js';
import { accessDenial } from './access.js';
import { describeError, runtimeError } from './errors.js';
import type { OcsLogger } from './logger.js';
import { makeRegisteredOp, type ProcessDefinition, type RegisteredOp, type TaskDefinition } from './op-definitions.js';
import { OpRunner } from './op-runner.js';
import { normalizeParams, ParamError, prescreenParams } from './params.js';
import { pyStr, pyTypeName } from './py-format.js';
import { OpSession } from './session.js';

/** Who is asking: the credential level of the caller, and whether this is the agent's own startup launch. */
export interface CallerContext {
  credLevel: number;
  /** Startup ops skip the access check (upstream launches them at SUPERUSER level under access policies). */
  startup?: boolean;
}

const RPC_CALLER: CallerContext = { credLevel: CredLevel.BASIC };
const EMPTY = {} as Record<string, never>;

/**
 * The Tasks and Processes of one agent and their current sessions, with the exact reply semantics of
 * upstream OCSAgent.start / wait / stop / abort / status. Session ids are agent-wide, from 0.
 */
export class OpRegistry {
  private readonly ops = new Map<string, RegisteredOp>();
  private readonly sessions = new Map<string, OpSession | null>();
  private readonly runner: OpRunner;
  private nextSessionId = 0;

  constructor(private readonly logger: OcsLogger) {
    this.runner = new OpRunner(logger);
  }

  /** Registers a Task; names are unique across tasks and processes. */
  addTask(name: string, definition: TaskDefinition): void {
    this.add(makeRegisteredOp(name, 'task', definition));
  }

  /** Registers a Process; names are unique across tasks and processes. */
  addProcess(name: string, definition: ProcessDefinition): void {
    this.add(makeRegisteredOp(name, 'process', definition));
  }

  /** The current (or most recent) session of `opName`, or null. */
  session(opName: string): OpSession | null {
    return this.sessions.get(opName) ?? null;
  }

  /** `{op_name: op_code}` for every op in registration order (the heartbeat message). */
  opCodes(): Record<string, number> {
    const codes: Record<string, number> = {};
    for (const [name, session] of this.sessions) codes[name] = session ? session.opCode : OpCode.NONE;
    return codes;
  }

  /** get_api entries `[name, session | no_history, op_info]` of one op type, sorted by name. */
  gather(type: 'task'): Array<ApiOpEntry<TaskOpInfo>>;
  gather(type: 'process'): Array<ApiOpEntry<ProcessOpInfo>>;
  gather(type: 'task' | 'process'): ApiOpEntry[] {
    const ops = [...this.ops.values()].filter((op) => op.type === type).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return ops.map((op) => {
      const session = this.sessions.get(op.name);
      return [op.name, session ? session.encoded() : { op_name: op.name, status: 'no_history' }, op.info];
    });
  }

  /** Ops flagged `startup`, in registration order, with their start params. */
  startupOps(): Array<[string, Record<string, unknown>]> {
    return [...this.ops.values()].filter((op) => op.startup !== false).map((op) => [op.name, op.startup as Record<string, unknown>]);
  }

  /** `start`: launches a new session unless one is in progress; rejects bad params up front. */
  start(opName: unknown, rawParams: unknown, caller: CallerContext = RPC_CALLER): OpReply {
    const op = this.lookup(opName);
    if (!op) return [ResponseCode.ERROR, `No task or process called "${pyStr(opName)}"`, EMPTY];
    const current = this.sessions.get(op.name);
    if (current && !current.isDone) return [ResponseCode.ERROR, `Operation "${op.name}" already in progress.`, current.encoded()];
    // Upstream clears a finished session before the access and param checks, so a rejected start leaves no session.
    if (current) this.sessions.set(op.name, null);
    const denial = caller.startup ? null : accessDenial(caller.credLevel, op.info.min_privs);
    if (denial) return [ResponseCode.ERROR, denial, EMPTY];
    let params: Record<string, unknown>;
    try {
      params = normalizeParams(rawParams);
      if (op.params) params = prescreenParams(op.params, params);
    } catch (error) {
      if (error instanceof ParamError && op.params) return [ResponseCode.ERROR, error.message, EMPTY];
      return [ResponseCode.ERROR, `CRASH: during param pre-processing: ${error instanceof Error ? error.message : describeError(error)}`, EMPTY];
    }
    const session = new OpSession(this.nextSessionId++, op.name, {
      credLevel: caller.credLevel,
      onMessage: (s, text) => this.logger.info(`${s.opName}:${s.sessionId} ${text}`),
    });
    this.sessions.set(op.name, session);
    this.runner.launch(op, session, params);
    return [ResponseCode.OK, `Started ${op.type} "${op.name}".`, session.encoded()];
  }

  /** `wait`: until done (timeout null), at once (timeout < 0), or up to `timeout` seconds. */
  async wait(opName: unknown, timeout: unknown): Promise<OpReply> {
    const op = this.lookup(opName);
    if (!op) return [ResponseCode.ERROR, `Unknown operation "${pyStr(opName)}".`, EMPTY];
    const session = this.sessions.get(op.name);
    if (!session) return [ResponseCode.OK, 'Idle.', EMPTY];
    if (timeout !== null && timeout !== undefined && typeof timeout !== 'number') {
      // Python compares `timeout < 0` and raises TypeError for anything but a number.
      throw runtimeError(`'<' not supported between instances of '${pyTypeName(timeout)}' and 'int'`);
    }
    let done = false;
    if (session.isDone || timeout === null || timeout === undefined) {
      await session.whenDone();
      done = true;
    } else if (timeout >= 0) {
      await waitAtMost(session.whenDone(), timeout * 1000);
      done = session.isDone;
    }
    if (done) {
      const outcome = session.success === true ? 'SUCCEEDED' : 'FAILED';
      return [ResponseCode.OK, `Operation "${op.name}" is currently not running (${outcome}).`, session.encoded()];
    }
    return [ResponseCode.TIMEOUT, `Operation "${op.name}" still running; wait timed out.`, session.encoded()];
  }

  /** `stop` (processes) or `abort` (tasks): acknowledged at once, the stopper runs afterwards. */
  requestStop(stopType: 'stop' | 'abort', opName: unknown, rawParams: unknown, caller: CallerContext = RPC_CALLER): OpReply {
    const op = this.lookup(opName);
    if (!op) return [ResponseCode.ERROR, `No operation called "${pyStr(opName)}".`, EMPTY];
    if ((stopType === 'stop') !== (op.type === 'process')) {
      // Upstream prints a literal "{op_type}" here (an f-string bug); we print the real op type.
      return [ResponseCode.ERROR, `Cannot "${stopType}" "${op.name}" because it is a "${op.type}".`, EMPTY];
    }
    const denial = caller.startup ? null : accessDenial(caller.credLevel, op.info.min_privs);
    if (denial) return [ResponseCode.ERROR, denial, EMPTY];
    const session = this.sessions.get(op.name);
    if (!session) return [ResponseCode.ERROR, 'No session active.', EMPTY];
    if (session.status === 'stopping' || session.status === 'done') {
      return [ResponseCode.ERROR, `The operation is already ${session.status}`, EMPTY];
    }
    let params: Record<string, unknown> = {};
    try {
      params = normalizeParams(rawParams);
    } catch {
      // Stop/abort params are advisory (ocs-web sends []); anything odd is ignored.
    }
    this.runner.requestStop(op, session, params);
    // The stray `"` is upstream's text; clients may match it, so it is kept.
    return [ResponseCode.OK, `Requested ${stopType} on ${op.type} ${op.name}".`, session.encoded()];
  }

  /** `status`: the current session, if any. */
  status(opName: unknown): OpReply {
    const op = this.lookup(opName);
    if (!op) return [ResponseCode.ERROR, `No task or process called "${pyStr(opName)}"`, EMPTY];
    const session = this.sessions.get(op.name);
    if (!session) return [ResponseCode.OK, 'No session active.', EMPTY];
    return [ResponseCode.OK, 'Session active.', session.encoded()];
  }

  /** Stops every running session (abort tasks, stop processes) and waits up to `graceMs` for them to end. */
  async stopAll(graceMs: number): Promise<void> {
    const running: Promise<void>[] = [];
    for (const [name, session] of this.sessions) {
      if (!session || session.status === 'stopping' || session.status === 'done') continue;
      const op = this.ops.get(name)!;
      this.requestStop(op.type === 'task' ? 'abort' : 'stop', name, {}, { credLevel: CredLevel.SUPERUSER, startup: true });
      running.push(session.whenDone());
    }
    await waitAtMost(Promise.all(running), graceMs);
  }

  // Python looks the name up in a dict: anything that is not a registered name (or not a str) is unknown.
  private lookup(opName: unknown): RegisteredOp | undefined {
    return typeof opName === 'string' ? this.ops.get(opName) : undefined;
  }

  private add(op: RegisteredOp): void {
    if (this.ops.has(op.name)) throw new Error(`Operation "${op.name}" is already registered`);
    this.ops.set(op.name, op);
    this.sessions.set(op.name, null);
  }
}

/** Resolves when `promise` settles or after `ms`, whichever comes first. */
async function waitAtMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
