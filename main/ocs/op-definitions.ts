import type { ProcessOpInfo, TaskOpInfo } from '../../shared/ocs-codes.js';
import { signatureLine, type ParamDecl } from './params.js';
import type { OpSession } from './session.js';

/** What an op returns when it ends: `[ok, message]`, like upstream's `(True, "...")`. */
export type OpOutcome = [ok: boolean, message: string];

/** Handed to a running op so it can notice a stop/abort request without polling the session. */
export interface OpRunContext {
  /** Aborted as soon as stop (process) or abort (task) has been requested. */
  readonly signal: AbortSignal;
  /** True once stop/abort has been requested. */
  readonly stopRequested: boolean;
  /** Sleeps `ms`; resolves early with false if stop/abort is requested, else true. */
  sleep(ms: number): Promise<boolean>;
}

/** The body of a Task or Process: `(session, params, ctx) => [ok, message]`. */
export type OpRunner = (session: OpSession, params: Record<string, unknown>, ctx: OpRunContext) => OpOutcome | Promise<OpOutcome>;

/**
 * Stop/abort hook, launched asynchronously after the request was acknowledged. The runtime has already
 * set status `stopping` and aborted `ctx.signal`, so `true` (signal only) suffices for cooperative ops.
 */
export type OpStopHook = (session: OpSession, params: Record<string, unknown>) => unknown;

interface OpDefinitionBase {
  run: OpRunner;
  /** Declared params: checked before the op starts; bad params are rejected in the start reply. Omit to pass params through. */
  params?: ParamDecl[];
  /** Docstring for get_api. Its first line is the call signature; it is generated from `params` when missing. null = none. */
  docstring?: string | null;
  /** Launch on the first join to the realm; an object is used as the start params. */
  startup?: boolean | Record<string, unknown>;
  /** Minimum credential level to start/stop it (reported as max(1, minPrivs)). */
  minPrivs?: number;
  /** Reported as op_info.blocking; every TS op runs on the event loop, so the default is false. */
  blocking?: boolean;
}

/** A Task: runs to completion; abortable if `abort` is given. */
export interface TaskDefinition extends OpDefinitionBase {
  abort?: OpStopHook | true;
}

/** A Process: runs until stopped; `stop` is required (`true` = the signal alone stops it). */
export interface ProcessDefinition extends OpDefinitionBase {
  stop: OpStopHook | true;
}

/** A registered op, as the op registry keeps it. */
export interface RegisteredOp {
  name: string;
  type: 'task' | 'process';
  run: OpRunner;
  stopHook: OpStopHook | true | undefined;
  params: ParamDecl[] | undefined;
  startup: false | Record<string, unknown>;
  info: TaskOpInfo | ProcessOpInfo;
}

/** Docstring whose first line is the call signature (`name(a=1, b)`), as OCS clients expect. */
export function docstringFor(name: string, definition: OpDefinitionBase): string | null {
  if (definition.docstring === null) return null;
  const signature = signatureLine(name, definition.params);
  const text = definition.docstring?.trim();
  if (!text) return signature;
  return text.startsWith(`${name}(`) ? text : `${signature}\n\n${text}`;
}

/** Builds the registry entry (with its get_api op_info) of a Task or Process. */
export function makeRegisteredOp(name: string, type: 'task' | 'process', definition: TaskDefinition | ProcessDefinition): RegisteredOp {
  const blocking = definition.blocking ?? false;
  const docstring = docstringFor(name, definition);
  const minPrivs = Math.max(1, definition.minPrivs ?? 1);
  const stopHook = type === 'task' ? (definition as TaskDefinition).abort : (definition as ProcessDefinition).stop;
  const info: TaskOpInfo | ProcessOpInfo =
    type === 'task'
      ? { blocking, abortable: stopHook !== undefined, docstring, op_type: 'task', min_privs: minPrivs }
      : { blocking, docstring, op_type: 'process', min_privs: minPrivs };
  const startup = definition.startup === undefined || definition.startup === false ? false : definition.startup === true ? {} : definition.startup;
  return { name, type, run: definition.run, stopHook, params: definition.params, startup, info };
}
