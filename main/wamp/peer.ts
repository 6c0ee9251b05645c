import type { WampMessage } from './protocol.js';

/** What the broker and dealer need of a joined session: an id, its features, and a way to send. */
export interface Peer {
  readonly sessionId: number;
  /** The peer announced callee feature `call_canceling`, so it understands INTERRUPT. */
  readonly calleeCancels: boolean;
  send(message: WampMessage): void;
}
