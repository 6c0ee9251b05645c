/**
 * Error URIs the client raises itself. The `client_http.*` ones are the URIs Python's
 * `ocs.client_http.ControlClientError` uses, so tools can test for the same strings.
 */
export const ClientErrorUri = {
  /** The HTTP bridge could not be reached (refused, reset, DNS ...). */
  connectionError: 'client_http.error.connection_error',
  /** The HTTP bridge answered with a status other than 200. */
  requestError: 'client_http.error.request_error',
  /** The WAMP session was closed before or while the call was pending. */
  sessionClosed: 'client.error.session_closed',
  /** The peer answered with something that is not the documented shape. */
  invalidReply: 'client.error.invalid_reply',
  /** The agent's get_api does not list the requested operation. */
  unknownOperation: 'client.error.unknown_operation',
} as const;

/** Well-known WAMP error URIs a client may want to test for. */
export const WampErrorUri = {
  noSuchProcedure: 'wamp.error.no_such_procedure',
  canceled: 'wamp.error.canceled',
  runtimeError: 'wamp.error.runtime_error',
} as const;

/**
 * A failed call: a WAMP ERROR (over either transport) or a client-side failure.
 * Mirrors Python's ControlClientError, whose `args[0][4:7]` are `uri, args, kwargs`.
 */
export class OcsCallError extends Error {
  override readonly name = 'OcsCallError';

  constructor(
    /** The WAMP error URI, e.g. `wamp.error.no_such_procedure`, or one of {@link ClientErrorUri}. */
    readonly uri: string,
    /** Positional error arguments (for WAMP errors usually `[message]`). */
    readonly args: unknown[] = [],
    readonly kwargs: Record<string, unknown> = {},
    /** Which procedure was being called, for the message. */
    readonly procedure?: string,
  ) {
    super(describe(uri, args, procedure));
  }
}

function describe(uri: string, args: unknown[], procedure?: string): string {
  const detail = args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ');
  const where = procedure ? ` calling ${procedure}` : '';
  return detail ? `${uri}${where}: ${detail}` : `${uri}${where}`;
}

/** True when `error` is an {@link OcsCallError} with the given URI. */
export function isCallError(error: unknown, uri?: string): error is OcsCallError {
  return error instanceof OcsCallError && (uri === undefined || error.uri === uri);
}
