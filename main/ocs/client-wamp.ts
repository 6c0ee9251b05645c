import autobahn from 'autobahn';
import { ClientErrorUri, OcsCallError } from './client-errors.js';
import { wampOpsArguments, type CallArguments, type OcsTransport, type OpRequest } from './client-transport.js';

interface PendingCall {
  procedure: string;
  reject(error: OcsCallError): void;
}

// Pending calls per session, so any number of transports on one session hook its onleave once.
const pendingBySession = new WeakMap<autobahn.Session, Set<PendingCall>>();

function pendingCallsOf(session: autobahn.Session): Set<PendingCall> {
  const known = pendingBySession.get(session);
  if (known) return known;
  const calls = new Set<PendingCall>();
  pendingBySession.set(session, calls);
  const previous = session.onleave;
  // Chain rather than replace: autobahn's Connection installs its own onleave before onopen.
  session.onleave = (reason, details) => {
    failAll(calls, reason);
    previous?.call(session, reason, details);
  };
  return calls;
}

function failAll(calls: Set<PendingCall>, reason: string): void {
  for (const entry of calls) entry.reject(new OcsCallError(ClientErrorUri.sessionClosed, [reason], {}, entry.procedure));
  calls.clear();
}

/**
 * Fails every call pending on `session` with `client.error.session_closed`. For the owner of a
 * connection whose transport dropped: autobahn-js then never calls `session.onleave`.
 */
export function failPendingCalls(session: autobahn.Session, reason: string): void {
  const calls = pendingBySession.get(session);
  if (calls) failAll(calls, reason);
}

/**
 * Calls over an open autobahn-js session. The session stays owned by the caller; this
 * transport never closes it.
 *
 * autobahn-js forgets calls that are pending when the WebSocket drops (their promises never
 * settle), so pending calls are tracked per session and failed with `client.error.session_closed`
 * when the session leaves, or when the owner reports the loss through
 * {@link WampTransport.sessionLost} (e.g. from `Connection.onclose`).
 */
export class WampTransport implements OcsTransport {
  readonly kind = 'wamp' as const;
  private readonly pending: Set<PendingCall>;

  constructor(private readonly session: autobahn.Session) {
    this.pending = pendingCallsOf(session);
  }

  /** @inheritdoc */
  opsArguments(request: OpRequest): CallArguments {
    return wampOpsArguments(request);
  }

  /** @inheritdoc */
  async call(procedure: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<unknown> {
    if (!this.session.isOpen) throw new OcsCallError(ClientErrorUri.sessionClosed, ['WAMP session is not open'], {}, procedure);
    return new Promise((resolve, reject) => {
      const entry: PendingCall = { procedure, reject };
      const fail = (error: unknown) => {
        this.pending.delete(entry);
        reject(toCallError(error, procedure));
      };
      this.pending.add(entry);
      try {
        Promise.resolve(this.session.call(procedure, args, kwargs)).then((result) => {
          this.pending.delete(entry);
          resolve(firstPositional(result));
        }, fail);
      } catch (error) {
        // autobahn-js throws synchronously (a string) when the session closed since the check above.
        fail(error);
      }
    });
  }

  /** Fails every pending call on this session with `client.error.session_closed`; call it when the connection drops. */
  sessionLost(reason = 'WAMP session closed'): void {
    failAll(this.pending, reason);
  }
}

/** autobahn-js resolves with args[0] for a single result, or a Result for several values. */
function firstPositional(result: unknown): unknown {
  if (result instanceof autobahn.Result) return result.args[0] ?? null;
  return result ?? null;
}

/** autobahn-js rejects with autobahn.Error (not an Error subclass) or throws strings like "session not open". */
function toCallError(error: unknown, procedure: string): OcsCallError {
  if (error instanceof OcsCallError) return error;
  if (error instanceof autobahn.Error) return new OcsCallError(error.error, error.args ?? [], error.kwargs ?? {}, procedure);
  if (typeof error === 'string' && /not open/.test(error)) return new OcsCallError(ClientErrorUri.sessionClosed, [error], {}, procedure);
  return new OcsCallError(ClientErrorUri.invalidReply, [error instanceof Error ? error.message : String(error)], {}, procedure);
}
