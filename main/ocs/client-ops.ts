import type { OcsReply, OpInfo } from './client-api.js';
import type { OpAction } from './client-transport.js';

/** Sends one ops request for a named operation (bound by OcsClient). */
export type OpRequester = (action: OpAction, opName: string, options?: { params?: Record<string, unknown>; timeout?: number | null }) => Promise<OcsReply>;

interface OpHandleBase {
  /** The operation name as the agent registered it (may contain `-`). */
  readonly name: string;
  /** get_api's op_info (blocking, abortable, docstring, min_privs ...). */
  readonly info: OpInfo;
  /** The op's docstring; by convention its first line is the call signature. */
  readonly docstring: string | null;
  /** Starts the operation with `params`. */
  start(params?: Record<string, unknown>): Promise<OcsReply>;
  /** Waits until the operation is done, or at most `timeout` s (negative: answer at once). No timeout by default. */
  wait(timeout?: number | null): Promise<OcsReply>;
  /** The current or last session. */
  status(): Promise<OcsReply>;
}

/** A task of a remote agent, like a Python OCSClient task attribute. */
export interface TaskHandle extends OpHandleBase {
  readonly kind: 'task';
  /** Requests an abort; the reply comes at once, before the task has ended. */
  abort(): Promise<OcsReply>;
  /** Starts, and if that succeeded waits without timeout (Python's `client.task(**params)`). */
  run(params?: Record<string, unknown>): Promise<OcsReply>;
}

/** A process of a remote agent, like a Python OCSClient process attribute. */
export interface ProcessHandle extends OpHandleBase {
  readonly kind: 'process';
  /** Requests a stop; the reply comes at once, before the process has ended. */
  stop(): Promise<OcsReply>;
}

export type OpHandle = TaskHandle | ProcessHandle;

/** Builds the handle for one operation listed by get_api. */
export function makeOpHandle(kind: 'task' | 'process', name: string, info: OpInfo, request: OpRequester): OpHandle {
  const base = {
    name,
    info,
    docstring: info.docstring ?? null,
    start: (params: Record<string, unknown> = {}) => request('start', name, { params }),
    wait: (timeout: number | null = null) => request('wait', name, { timeout }),
    status: () => request('status', name),
  };
  if (kind === 'process') return { ...base, kind, stop: () => request('stop', name) };
  return {
    ...base,
    kind,
    abort: () => request('abort', name),
    async run(params: Record<string, unknown> = {}) {
      const started = await base.start(params);
      // Python returns the start reply when the start was refused, else the wait reply.
      return started.status === 0 ? base.wait(null) : started;
    },
  };
}
