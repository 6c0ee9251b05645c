import type autobahn from 'autobahn';
import WebSocket from 'ws';
import type { ConnectionState, ConnectionTarget } from '../../shared/ipc.js';
import { WampConnection } from '../ocs/connection.js';
import type { OcsLogger } from '../ocs/logger.js';

/** Where a link goes: the target as asked for, resolved to a router URL, realm and address root. */
export interface BusSettings {
  target: ConnectionTarget;
  url: string;
  realm: string;
  addressRoot: string;
}

export interface BusLinkHooks {
  /** Runs after every (re)join with the fresh session (subscriptions go here). */
  onJoin(session: autobahn.Session): void;
  /** Every status change. */
  onState(state: ConnectionState): void;
}

/** Reconnect quickly: the station's router is usually local, and the Connections view shows the wait. */
const RECONNECT = { initialDelayMs: 250, maxDelayMs: 3000, growth: 1.5, jitter: 0.1, giveUpAfterMs: 0 };

/**
 * The station's one WAMP session on a router: reconnects after router restarts (WampConnection),
 * tracks connecting / connected / disconnected with a reason for the Connections view.
 */
export class BusLink {
  private readonly connection: WampConnection;
  private current: ConnectionState;
  private closed = false;

  constructor(
    readonly settings: BusSettings,
    private readonly hooks: BusLinkHooks,
    logger: OcsLogger,
  ) {
    this.current = { ...settings, status: 'connecting', detail: null };
    this.connection = new WampConnection({ url: settings.url, realm: settings.realm, reconnect: RECONNECT, logger });
    this.connection.onJoin((session) => {
      this.setState('connected', null);
      hooks.onJoin(session);
    });
    this.connection.onLeave(({ reason }) => {
      if (!this.closed) this.setState('connecting', `session ended (${reason}); reconnecting`);
    });
  }

  /** The joined session, or null while connecting. */
  get session(): autobahn.Session | null {
    return this.connection.session;
  }

  /** The current state (a copy). */
  state(): ConnectionState {
    return { ...this.current, target: { ...this.current.target } };
  }

  /** Starts connecting; the link keeps reconnecting until close(). */
  open(): void {
    this.connection.open();
  }

  /**
   * Resolves with the state once joined, or after `timeoutMs` still connecting; then the detail
   * says why (the router is unreachable, or it answered but did not let us join the realm).
   */
  async settle(timeoutMs: number): Promise<ConnectionState> {
    const deadline = Date.now() + timeoutMs;
    while (this.current.status === 'connecting' && !this.closed && Date.now() < deadline) await delay(25);
    if (this.current.status === 'connecting' && !this.closed) {
      const problem = await probeRouter(this.settings.url, 1500);
      // The join may have happened during the probe.
      if (this.current.status === 'connecting') {
        this.setState('connecting', problem ? `cannot reach ${this.settings.url}: ${problem}; retrying` : `${this.settings.url} answers but the session has not joined realm "${this.settings.realm}" yet (wrong realm?); retrying`);
      }
    }
    return this.state();
  }

  /** Leaves the realm and stops reconnecting; the state becomes disconnected with `reason`. */
  async close(reason: string): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.connection.close();
    this.setState('disconnected', reason);
  }

  private setState(status: ConnectionState['status'], detail: string | null): void {
    if (this.current.status === status && this.current.detail === detail) return;
    this.current = { ...this.current, status, detail };
    this.hooks.onState(this.state());
  }
}

/** Opens a bare WebSocket with the WAMP subprotocol: null if the router answers, else the reason it did not. */
export function probeRouter(url: string, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    let socket: WebSocket;
    try {
      socket = new WebSocket(url, ['wamp.2.json'], { handshakeTimeout: timeoutMs });
    } catch (error) {
      return resolve((error as Error).message);
    }
    const finish = (result: string | null) => {
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.terminate();
      resolve(result);
    };
    socket.once('open', () => finish(null));
    socket.once('unexpected-response', (_request, response) => finish(`HTTP ${response.statusCode} ${response.statusMessage ?? ''}`.trim()));
    socket.once('error', (error) => finish(error.message));
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
