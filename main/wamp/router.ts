import { FULL_ACCESS_ROLE, notAuthorizedText, type RouterAuthorization, type TicketPrincipal } from './authorization.js';
import { Broker } from './broker.js';
import { Dealer } from './dealer.js';
import { freshId } from './ids.js';
import { parseMessage, ProtocolViolation, type ClientMessage } from './parse.js';
import type { Peer } from './peer.js';
import { ErrorUri, MessageType as T, type Dict, type WampMessage } from './protocol.js';
import { invalidUriText, requestTarget, uriProblem, type RequestTarget } from './uri-check.js';

export type LogLevel = 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, message: string) => void;

/** How a session reaches its peer: the WebSocket binding implements this. */
export interface Transport {
  send(message: WampMessage): void;
  close(code: number, reason: string): void;
  /** Where the peer connects from, for log lines. */
  readonly label: string;
}

/** What the router announces in WELCOME: autobahn refuses a WELCOME without broker/dealer roles. */
const ROUTER_ROLES = {
  broker: { features: { pattern_based_subscription: true, publisher_exclusion: true, subscriber_blackwhite_listing: true } },
  dealer: { features: { call_canceling: true, progressive_call_results: true } },
};

/** One realm's routing core: sessions, broker and dealer. Transport-free, so the HTTP bridge can call through it too. */
export class Router {
  readonly broker = new Broker();
  readonly dealer = new Dealer();
  private readonly sessions = new Map<number, RouterSession>();

  constructor(
    readonly realm: string,
    readonly log: Logger,
    /** Roles and tickets (authorization.ts); without it every session has full access, as before. */
    readonly authorization?: RouterAuthorization,
  ) {}

  /** Starts a session on a freshly opened transport; it joins on HELLO. */
  open(transport: Transport): RouterSession {
    return new RouterSession(this, transport);
  }

  /** Number of joined sessions. */
  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Sends GOODBYE (system_shutdown) to every joined session and closes their transports. */
  shutdown(): void {
    for (const session of [...this.sessions.values()]) session.shutdown();
  }

  /** @internal */
  allocateSessionId(session: RouterSession): number {
    const id = freshId(this.sessions);
    this.sessions.set(id, session);
    return id;
  }

  /** @internal Drops a session and, at once, everything it registered or subscribed. */
  release(session: RouterSession): void {
    if (!this.sessions.delete(session.sessionId)) return;
    this.broker.removeSession(session);
    this.dealer.removeSession(session);
  }
}

/** `challenged`: a ticket CHALLENGE was sent and the AUTHENTICATE is awaited. */
type SessionState = 'new' | 'challenged' | 'established' | 'closed';

/** One peer's WAMP session over one transport. */
export class RouterSession implements Peer {
  sessionId = 0;
  calleeCancels = false;
  /** The session's role; null = full access (no authorization configured, or the anonymous default). */
  role: string | null = null;
  authid = '';
  private state: SessionState = 'new';
  private pendingJoin: { realm: string; details: Dict; authid: string; principal: TicketPrincipal } | null = null;

  constructor(
    private readonly router: Router,
    private readonly transport: Transport,
  ) {}

  send(message: WampMessage): void {
    if (this.state !== 'closed') this.transport.send(message);
  }

  /** Handles one decoded frame; a protocol violation ABORTs and closes only this session. */
  receive(decoded: unknown): void {
    if (this.state === 'closed') return;
    let message: ClientMessage;
    try {
      message = parseMessage(decoded);
      this.dispatch(message);
    } catch (error) {
      if (!(error instanceof ProtocolViolation)) throw error;
      this.abort(ErrorUri.protocolViolation, error.message);
    }
  }

  /** Aborts the session with `reason` (a WAMP URI) and a human-readable message, then closes the transport. */
  abort(reason: string, text: string): void {
    if (this.state === 'closed') return;
    this.router.log('warn', `session ${this.sessionId || '(not joined)'} from ${this.transport.label} aborted: ${text}`);
    this.transport.send([T.ABORT, { message: text }, reason]);
    this.close(1002, text);
  }

  /** The transport went away (with or without GOODBYE): clean up at once. */
  closed(): void {
    if (this.state === 'established') this.router.log('info', `session ${this.sessionId} from ${this.transport.label} left`);
    this.state = 'closed';
    this.router.release(this);
  }

  /** Router shutdown: say GOODBYE and close. */
  shutdown(): void {
    if (this.state !== 'established') return;
    this.transport.send([T.GOODBYE, { message: 'router is shutting down' }, ErrorUri.systemShutdown]);
    this.close(1001, 'router is shutting down');
  }

  private close(code: number, reason: string): void {
    this.state = 'closed';
    this.router.release(this);
    // WebSocket close reasons are limited to 123 bytes.
    this.transport.close(code, Buffer.from(reason).subarray(0, 120).toString());
  }

  private dispatch(m: ClientMessage): void {
    if (this.state === 'new') {
      if (m.type === T.HELLO) return this.hello(m.realm, m.details);
      if (m.type === T.ABORT) return this.close(1000, 'aborted by peer');
      throw new ProtocolViolation(`expected HELLO as the first message, got message type ${m.type}`);
    }
    if (this.state === 'challenged') {
      if (m.type === T.AUTHENTICATE) return this.authenticate(m.signature);
      if (m.type === T.ABORT) return this.close(1000, 'aborted by peer');
      throw new ProtocolViolation(`expected AUTHENTICATE after CHALLENGE, got message type ${m.type}`);
    }
    const target = requestTarget(m);
    if (target && (!this.validUri(m.type, target) || !this.authorized(m.type, target))) return;
    const { broker, dealer } = this.router;
    switch (m.type) {
      case T.HELLO:
        throw new ProtocolViolation('HELLO received on an established session');
      case T.AUTHENTICATE:
        throw new ProtocolViolation('AUTHENTICATE received without a CHALLENGE');
      case T.GOODBYE:
        this.transport.send([T.GOODBYE, {}, ErrorUri.goodbyeAndOut]);
        this.router.release(this);
        // The transport stays open: the peer closes it, or says HELLO again.
        this.state = 'new';
        return;
      case T.ABORT:
        return this.close(1000, 'aborted by peer');
      case T.PUBLISH:
        return broker.publish(this, m.requestId, m.topic, m.options, m.payload);
      case T.SUBSCRIBE:
        return broker.subscribe(this, m.requestId, m.topic, m.options);
      case T.UNSUBSCRIBE:
        return broker.unsubscribe(this, m.requestId, m.subscriptionId);
      case T.CALL:
        return dealer.call(this, m.requestId, m.procedure, m.options, m.payload);
      case T.CANCEL:
        return dealer.cancel(this, m.requestId, m.options);
      case T.REGISTER:
        return dealer.register(this, m.requestId, m.procedure, m.options);
      case T.UNREGISTER:
        return dealer.unregister(this, m.requestId, m.registrationId);
      case T.YIELD:
        return dealer.yieldResult(this, m.requestId, m.options, m.payload);
      case T.ERROR:
        if (m.requestType !== T.INVOCATION) throw new ProtocolViolation(`ERROR may only answer an INVOCATION (68), not message type ${m.requestType}`);
        return dealer.invocationError(this, m.requestId, m.details, m.error, m.payload);
    }
  }

  private hello(realm: string, details: Dict): void {
    const problem = uriProblem(realm);
    if (problem) return this.abort(ErrorUri.invalidUri, `HELLO: Realm "${realm}" ${problem}`);
    if (realm !== this.router.realm) {
      this.abort(ErrorUri.noSuchRealm, `no realm "${realm}" on this router (it serves "${this.router.realm}")`);
      return;
    }
    const decision = this.router.authorization?.hello(details);
    if (decision?.kind === 'refuse') return this.abort(ErrorUri.notAuthorized, decision.message);
    if (decision?.kind === 'challenge') {
      this.pendingJoin = { realm, details, authid: decision.authid, principal: decision.principal };
      this.state = 'challenged';
      this.transport.send([T.CHALLENGE, 'ticket', {}]);
      return;
    }
    const claimed = typeof details.authid === 'string' ? details.authid : null;
    this.join(realm, details, decision ? decision.authid : claimed, decision?.role ?? null, 'anonymous');
  }

  /** The ticket answer to our CHALLENGE: join with the principal's role, or ABORT not_authorized. */
  private authenticate(signature: string): void {
    const pending = this.pendingJoin!;
    this.pendingJoin = null;
    if (!this.router.authorization!.ticketMatches(pending.principal, signature)) {
      return this.abort(ErrorUri.notAuthorized, `ticket for authid "${pending.authid}" is invalid`);
    }
    this.join(pending.realm, pending.details, pending.authid, pending.principal.role, 'ticket');
  }

  private join(realm: string, details: Dict, authid: string | null, role: string | null, authmethod: 'anonymous' | 'ticket'): void {
    const roles = details.roles as Dict;
    const callee = roles.callee as { features?: Dict } | undefined;
    this.calleeCancels = callee?.features?.call_canceling === true;
    this.sessionId = this.router.allocateSessionId(this);
    this.state = 'established';
    this.role = role;
    this.authid = authid ?? `anonymous-${this.sessionId.toString(36)}`;
    this.transport.send([
      T.WELCOME,
      this.sessionId,
      { realm, authid: this.authid, authrole: role ?? FULL_ACCESS_ROLE, authmethod, authprovider: 'static', roles: ROUTER_ROLES },
    ]);
    this.router.log('info', `session ${this.sessionId} joined realm ${realm} from ${this.transport.label}${role === null ? '' : ` as ${this.authid} (role ${role})`}`);
  }

  /**
   * A request naming an invalid URI is refused with ERROR wamp.error.invalid_uri (PUBLISH only when it
   * asked for acknowledge); the session stays, as the WAMP spec and crossbar have it.
   */
  private validUri(type: number, target: RequestTarget): boolean {
    const problem = uriProblem(target.uri, target.allowEmptyComponents);
    if (problem === null) return true;
    const text = invalidUriText(target, problem);
    this.router.log('warn', `session ${this.sessionId}: ${text}`);
    if (target.answer) this.transport.send([T.ERROR, type, target.requestId, {}, ErrorUri.invalidUri, [text]]);
    return false;
  }

  /**
   * Checks REGISTER/CALL/SUBSCRIBE/PUBLISH against the session's role; a refusal is answered with
   * ERROR wamp.error.not_authorized (for PUBLISH only when acknowledge was asked, as crossbar does).
   */
  private authorized(type: number, target: RequestTarget): boolean {
    const authorization = this.router.authorization;
    if (!authorization || this.role === null || authorization.permits(this.role, target.action, target.uri)) return true;
    const text = notAuthorizedText(this.sessionId, this.authid, this.role, target.action, target.uri);
    this.router.log('warn', text);
    if (target.answer) this.transport.send([T.ERROR, type, target.requestId, {}, ErrorUri.notAuthorized, [text]]);
    return false;
  }
}
