import autobahn from 'autobahn';

/**
 * An error to be returned to a WAMP caller as ERROR `uri` with positional `args`. Python agents
 * answer with `wamp.error.runtime_error` and `[str(exception)]` when a handler raises; we do the same.
 */
export class WampCallError extends Error {
  constructor(
    readonly uri: string,
    readonly args: unknown[] = [],
  ) {
    super(typeof args[0] === 'string' ? args[0] : uri);
    this.name = 'WampCallError';
  }
}

/** A `wamp.error.runtime_error` carrying `message`, as autobahn-python sends for an exception in a callee. */
export function runtimeError(message: string): WampCallError {
  return new WampCallError('wamp.error.runtime_error', [message]);
}

/** Text of any thrown value, for session messages (`CRASH: ...`) and runtime errors. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Converts anything thrown by a handler into the autobahn error the WAMP caller receives. */
export function toWampError(error: unknown): autobahn.Error {
  if (error instanceof WampCallError) return new autobahn.Error(error.uri, error.args);
  const message = error instanceof Error ? error.message : String(error);
  return new autobahn.Error('wamp.error.runtime_error', [message]);
}
