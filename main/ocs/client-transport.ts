/** The five actions of the `{agent}.ops` procedure. */
export type OpAction = 'start' | 'stop' | 'abort' | 'wait' | 'status';

/** One request to an agent's `{agent}.ops` procedure, before it is laid out on the wire. */
export interface OpRequest {
  action: OpAction;
  opName: string;
  /** Start parameters; ignored by every action except `start`. */
  params?: Record<string, unknown>;
  /** `wait` timeout in seconds; `null`/absent waits until the operation finishes. */
  timeout?: number | null;
  /** Sent only when set (the client decides, from get_api's `access_control`). */
  password?: string;
}

/** Positional and keyword arguments of one WAMP call. */
export interface CallArguments {
  args: unknown[];
  kwargs: Record<string, unknown>;
}

/**
 * How a client reaches the router. Both transports resolve with the first positional
 * result of the call and reject with an {@link OcsCallError}.
 */
export interface OcsTransport {
  readonly kind: 'wamp' | 'http';
  /** Calls `procedure`; resolves with its first positional result (`null` when there is none). */
  call(procedure: string, args: unknown[], kwargs?: Record<string, unknown>): Promise<unknown>;
  /** Lays out an ops request the way this transport's Python counterpart does. */
  opsArguments(request: OpRequest): CallArguments;
}

/**
 * The layout of Python's WAMP `client_t.OperationClient` (and `OCSAgent.call_op`):
 * args `[action, op_name]`, kwargs `{params, timeout}` with both keys always present.
 */
export function wampOpsArguments(request: OpRequest): CallArguments {
  const kwargs: Record<string, unknown> = {
    params: request.action === 'start' ? (request.params ?? {}) : null,
    timeout: request.timeout ?? null,
  };
  if (request.password) kwargs.password = request.password;
  return { args: [request.action, request.opName], kwargs };
}

/**
 * The layout of Python's HTTP `OCSClient`: args `[action, op_name, params]` (params `{}` unless
 * starting), kwargs `{}`, or `{timeout}` for wait (always present, `null` meaning no limit).
 */
export function httpOpsArguments(request: OpRequest): CallArguments {
  const params = request.action === 'start' ? (request.params ?? {}) : {};
  const kwargs: Record<string, unknown> = request.action === 'wait' ? { timeout: request.timeout ?? null } : {};
  if (request.password) kwargs.password = request.password;
  return { args: [request.action, request.opName, params], kwargs };
}
