import { freshId } from './ids.js';
import type { Peer } from './peer.js';
import { ErrorUri, MessageType as T, withPayload, type Dict, type Payload } from './protocol.js';

interface Registration {
  id: number;
  procedure: string;
  callee: Peer;
}

/** One call in flight: the caller's request id mapped to the callee's invocation id. */
interface Invocation {
  id: number;
  caller: Peer;
  callerRequestId: number;
  callee: Peer;
  receiveProgress: boolean;
}

type CancelMode = 'skip' | 'kill' | 'killnowait';

/**
 * The dealer role: exact single registrations, call routing with args/kwargs passed through
 * unchanged, progressive results, cancel, and no call timeout (OCS `wait` may block for minutes).
 */
export class Dealer {
  private readonly byProcedure = new Map<string, Registration>();
  private readonly byId = new Map<number, Registration>();
  private readonly invocations = new Map<number, Invocation>();
  private readonly callsByCaller = new Map<Peer, Map<number, Invocation>>();
  private readonly invocationsByCallee = new Map<Peer, Set<Invocation>>();
  private readonly registrationsBySession = new Map<Peer, Set<Registration>>();
  calls = 0;

  /** Handles REGISTER (exact match, single invoke, as OCS agents use it). */
  register(callee: Peer, requestId: number, procedure: string, options: Dict): void {
    if ((options.match ?? 'exact') !== 'exact' || (options.invoke ?? 'single') !== 'single') {
      callee.send([T.ERROR, T.REGISTER, requestId, {}, ErrorUri.invalidArgument, ['only exact, single-invoke registrations are supported']]);
      return;
    }
    if (this.byProcedure.has(procedure)) {
      callee.send([T.ERROR, T.REGISTER, requestId, {}, ErrorUri.procedureAlreadyExists, [`register for already registered procedure '${procedure}'`]]);
      return;
    }
    const registration = { id: freshId(this.byId), procedure, callee };
    this.byProcedure.set(procedure, registration);
    this.byId.set(registration.id, registration);
    let own = this.registrationsBySession.get(callee);
    if (!own) this.registrationsBySession.set(callee, (own = new Set()));
    own.add(registration);
    callee.send([T.REGISTERED, requestId, registration.id]);
  }

  /** Handles UNREGISTER; calls already in flight may still be answered by the callee. */
  unregister(callee: Peer, requestId: number, registrationId: number): void {
    const registration = this.byId.get(registrationId);
    if (!registration || registration.callee !== callee) {
      callee.send([T.ERROR, T.UNREGISTER, requestId, {}, ErrorUri.noSuchRegistration, [`no registration with id ${registrationId} for this session`]]);
      return;
    }
    this.drop(registration);
    callee.send([T.UNREGISTERED, requestId]);
  }

  /** Handles CALL: routes it as an INVOCATION, or answers no_such_procedure. Caller timeouts are not enforced. */
  call(caller: Peer, requestId: number, procedure: string, options: Dict, payload: Payload): void {
    const registration = this.byProcedure.get(procedure);
    if (!registration) {
      caller.send([T.ERROR, T.CALL, requestId, {}, ErrorUri.noSuchProcedure, [`no callee registered for procedure <${procedure}>`]]);
      return;
    }
    this.calls++;
    const invocation: Invocation = {
      id: freshId(this.invocations),
      caller,
      callerRequestId: requestId,
      callee: registration.callee,
      receiveProgress: options.receive_progress === true,
    };
    this.invocations.set(invocation.id, invocation);
    let calls = this.callsByCaller.get(caller);
    if (!calls) this.callsByCaller.set(caller, (calls = new Map()));
    calls.set(requestId, invocation);
    let invocations = this.invocationsByCallee.get(invocation.callee);
    if (!invocations) this.invocationsByCallee.set(invocation.callee, (invocations = new Set()));
    invocations.add(invocation);
    const details: Dict = invocation.receiveProgress ? { receive_progress: true } : {};
    invocation.callee.send(withPayload([T.INVOCATION, invocation.id, registration.id, details], payload));
  }

  /** Handles YIELD: progressive results keep the call open; a final one completes it. Stale yields are ignored. */
  yieldResult(callee: Peer, invocationId: number, options: Dict, payload: Payload): void {
    const invocation = this.invocations.get(invocationId);
    if (!invocation || invocation.callee !== callee) return;
    if (options.progress === true) {
      if (invocation.receiveProgress) invocation.caller.send(withPayload([T.RESULT, invocation.callerRequestId, { progress: true }], payload));
      return;
    }
    this.finish(invocation);
    invocation.caller.send(withPayload([T.RESULT, invocation.callerRequestId, {}], payload));
  }

  /** Handles a callee's ERROR for an invocation: forwarded to the caller with its own URI, args and kwargs. */
  invocationError(callee: Peer, invocationId: number, details: Dict, error: string, payload: Payload): void {
    const invocation = this.invocations.get(invocationId);
    if (!invocation || invocation.callee !== callee) return;
    this.finish(invocation);
    invocation.caller.send(withPayload([T.ERROR, T.CALL, invocation.callerRequestId, details, error], payload));
  }

  /** Handles CANCEL (modes skip, kill, killnowait; default killnowait, degraded to skip for callees without call_canceling). */
  cancel(caller: Peer, requestId: number, options: Dict): void {
    const invocation = this.callsByCaller.get(caller)?.get(requestId);
    if (!invocation) return;
    const requested = options.mode ?? 'killnowait';
    if (requested !== 'skip' && requested !== 'kill' && requested !== 'killnowait') {
      caller.send([T.ERROR, T.CANCEL, requestId, {}, ErrorUri.invalidArgument, [`unknown cancel mode ${JSON.stringify(requested)}`]]);
      return;
    }
    const mode: CancelMode = invocation.callee.calleeCancels ? requested : 'skip';
    if (mode !== 'skip') invocation.callee.send([T.INTERRUPT, invocation.id, { mode }]);
    // With `kill` the caller gets the callee's own ERROR reply; the other modes answer at once.
    if (mode === 'kill') return;
    this.finish(invocation);
    caller.send([T.ERROR, T.CALL, requestId, {}, ErrorUri.canceled, ['call canceled by the caller']]);
  }

  /** Cleans up after a departed session: its registrations go, its pending callers get `canceled`. */
  removeSession(peer: Peer): void {
    for (const registration of this.registrationsBySession.get(peer) ?? []) this.drop(registration, false);
    this.registrationsBySession.delete(peer);
    for (const invocation of this.invocationsByCallee.get(peer) ?? []) {
      this.finish(invocation, false);
      invocation.caller.send([T.ERROR, T.CALL, invocation.callerRequestId, {}, ErrorUri.canceled, ['callee disconnected from in-flight request']]);
    }
    this.invocationsByCallee.delete(peer);
    for (const invocation of this.callsByCaller.get(peer)?.values() ?? []) {
      this.finish(invocation);
      // Tell a cancel-capable callee that nobody waits for the answer any more.
      if (invocation.callee.calleeCancels) invocation.callee.send([T.INTERRUPT, invocation.id, { mode: 'killnowait' }]);
    }
    this.callsByCaller.delete(peer);
  }

  /** Number of live registrations and calls in flight (for /info and tests). */
  get counts(): { registrations: number; inFlight: number } {
    return { registrations: this.byId.size, inFlight: this.invocations.size };
  }

  private finish(invocation: Invocation, updateCalleeIndex = true): void {
    this.invocations.delete(invocation.id);
    this.callsByCaller.get(invocation.caller)?.delete(invocation.callerRequestId);
    if (updateCalleeIndex) this.invocationsByCallee.get(invocation.callee)?.delete(invocation);
  }

  private drop(registration: Registration, updateSessionIndex = true): void {
    this.byProcedure.delete(registration.procedure);
    this.byId.delete(registration.id);
    if (updateSessionIndex) this.registrationsBySession.get(registration.callee)?.delete(registration);
  }
}
