import { MAX_ID, MessageType as T, type Dict, type Payload } from './protocol.js';
import { uriProblem } from './uri-check.js';

/** Raised for a frame that breaks the protocol (wrong arity or field types); the router ABORTs that session with this text. */
export class ProtocolViolation extends Error {}

/** Messages a router accepts from a peer, after validation. */
export type ClientMessage =
  | { type: typeof T.HELLO; realm: string; details: Dict }
  | { type: typeof T.ABORT; details: Dict; reason: string }
  | { type: typeof T.AUTHENTICATE; signature: string; extra: Dict }
  | { type: typeof T.GOODBYE; details: Dict; reason: string }
  | { type: typeof T.ERROR; requestType: number; requestId: number; details: Dict; error: string; payload: Payload }
  | { type: typeof T.PUBLISH; requestId: number; options: Dict; topic: string; payload: Payload }
  | { type: typeof T.SUBSCRIBE; requestId: number; options: Dict; topic: string }
  | { type: typeof T.UNSUBSCRIBE; requestId: number; subscriptionId: number }
  | { type: typeof T.CALL; requestId: number; options: Dict; procedure: string; payload: Payload }
  | { type: typeof T.CANCEL; requestId: number; options: Dict }
  | { type: typeof T.REGISTER; requestId: number; options: Dict; procedure: string }
  | { type: typeof T.UNREGISTER; requestId: number; registrationId: number }
  | { type: typeof T.YIELD; requestId: number; options: Dict; payload: Payload };

const NAMES: Record<number, string> = Object.fromEntries(Object.entries(T).map(([name, code]) => [code, name]));

/** Message types only a router sends: receiving one from a peer is a violation. */
const ROUTER_ONLY = new Set<number>([T.WELCOME, T.CHALLENGE, T.PUBLISHED, T.SUBSCRIBED, T.UNSUBSCRIBED, T.EVENT, T.RESULT, T.REGISTERED, T.UNREGISTERED, T.INVOCATION, T.INTERRUPT]);

/** Expected element counts (min, max) per accepted message type. */
const ARITY: Record<number, [number, number]> = {
  [T.HELLO]: [3, 3],
  [T.ABORT]: [3, 3],
  [T.AUTHENTICATE]: [3, 3],
  [T.GOODBYE]: [3, 3],
  [T.ERROR]: [5, 7],
  [T.PUBLISH]: [4, 6],
  [T.SUBSCRIBE]: [4, 4],
  [T.UNSUBSCRIBE]: [3, 3],
  [T.CALL]: [4, 6],
  [T.CANCEL]: [3, 3],
  [T.REGISTER]: [4, 4],
  [T.UNREGISTER]: [3, 3],
  [T.YIELD]: [3, 5],
};

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function id(message: unknown[], index: number, field: string): number {
  const value = message[index];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_ID) {
    throw new ProtocolViolation(`${NAMES[message[0] as number]}: ${field} must be an integer id in [0, 2^53], got ${describe(value)}`);
  }
  return value;
}

function dict(message: unknown[], index: number, field: string): Dict {
  const value = message[index];
  if (!isDict(value)) throw new ProtocolViolation(`${NAMES[message[0] as number]}: ${field} must be a dictionary, got ${describe(value)}`);
  return value;
}

/** URIs the router cannot answer with an ERROR (a close reason, an error URI): any syntax problem is a violation. */
function uri(message: unknown[], index: number, field: string): string {
  const value = uriString(message, index, field);
  const problem = uriProblem(value);
  if (problem) throw new ProtocolViolation(`${NAMES[message[0] as number]}: ${field} "${value}" ${problem}`);
  return value;
}

/**
 * URIs of HELLO and of requests: only the type is checked here, so a frame that is well formed but
 * names a bad URI reaches the session, which answers it (ERROR / ABORT wamp.error.invalid_uri) instead.
 */
function uriString(message: unknown[], index: number, field: string): string {
  const value = message[index];
  if (typeof value !== 'string') throw new ProtocolViolation(`${NAMES[message[0] as number]}: ${field} must be a non-empty URI string, got ${describe(value)}`);
  return value;
}

function payload(message: unknown[], index: number): Payload {
  const args = message[index];
  const kwargs = message[index + 1];
  if (args !== undefined && !Array.isArray(args)) throw new ProtocolViolation(`${NAMES[message[0] as number]}: Arguments must be a list, got ${describe(args)}`);
  if (kwargs !== undefined && !isDict(kwargs)) throw new ProtocolViolation(`${NAMES[message[0] as number]}: ArgumentsKw must be a dictionary, got ${describe(kwargs)}`);
  return { args: args as unknown[] | undefined, kwargs: kwargs as Dict | undefined };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  return typeof value === 'object' ? 'an object' : String(value);
}

/** Validates one decoded frame and returns it as a typed message, or throws ProtocolViolation. */
export function parseMessage(decoded: unknown): ClientMessage {
  if (!Array.isArray(decoded) || decoded.length === 0) throw new ProtocolViolation(`a WAMP message must be a non-empty list, got ${describe(decoded)}`);
  const m = decoded;
  const type = m[0];
  if (typeof type !== 'number' || !Number.isInteger(type)) throw new ProtocolViolation(`message type must be an integer, got ${describe(type)}`);
  if (ROUTER_ONLY.has(type)) throw new ProtocolViolation(`${NAMES[type]} (${type}) is sent by routers, not to them`);
  const arity = ARITY[type];
  if (!arity) throw new ProtocolViolation(`unknown message type ${type}`);
  if (m.length < arity[0] || m.length > arity[1]) {
    throw new ProtocolViolation(`${NAMES[type]} must have ${arity[0] === arity[1] ? arity[0] : `${arity[0]} to ${arity[1]}`} elements, got ${m.length}`);
  }
  switch (type) {
    case T.HELLO: {
      const details = dict(m, 2, 'Details');
      if (!isDict(details.roles) || Object.keys(details.roles).length === 0) throw new ProtocolViolation('HELLO: Details.roles must be a non-empty dictionary');
      return { type, realm: uriString(m, 1, 'Realm'), details };
    }
    case T.AUTHENTICATE: {
      if (typeof m[1] !== 'string') throw new ProtocolViolation(`AUTHENTICATE: Signature must be a string, got ${describe(m[1])}`);
      return { type, signature: m[1], extra: dict(m, 2, 'Extra') };
    }
    case T.ABORT:
    case T.GOODBYE:
      return { type, details: dict(m, 1, 'Details'), reason: uri(m, 2, 'Reason') };
    case T.ERROR:
      return { type, requestType: id(m, 1, 'REQUEST.Type'), requestId: id(m, 2, 'Request'), details: dict(m, 3, 'Details'), error: uri(m, 4, 'Error'), payload: payload(m, 5) };
    case T.PUBLISH:
      return { type, requestId: id(m, 1, 'Request'), options: dict(m, 2, 'Options'), topic: uriString(m, 3, 'Topic'), payload: payload(m, 4) };
    case T.SUBSCRIBE:
      return { type, requestId: id(m, 1, 'Request'), options: dict(m, 2, 'Options'), topic: uriString(m, 3, 'Topic') };
    case T.UNSUBSCRIBE:
      return { type, requestId: id(m, 1, 'Request'), subscriptionId: id(m, 2, 'SUBSCRIBED.Subscription') };
    case T.CALL:
      return { type, requestId: id(m, 1, 'Request'), options: dict(m, 2, 'Options'), procedure: uriString(m, 3, 'Procedure'), payload: payload(m, 4) };
    case T.CANCEL:
      return { type, requestId: id(m, 1, 'CALL.Request'), options: dict(m, 2, 'Options') };
    case T.REGISTER:
      return { type, requestId: id(m, 1, 'Request'), options: dict(m, 2, 'Options'), procedure: uriString(m, 3, 'Procedure') };
    case T.UNREGISTER:
      return { type, requestId: id(m, 1, 'Request'), registrationId: id(m, 2, 'REGISTERED.Registration') };
    case T.YIELD:
      return { type, requestId: id(m, 1, 'INVOCATION.Request'), options: dict(m, 2, 'Options'), payload: payload(m, 3) };
    default:
      throw new ProtocolViolation(`unknown message type ${type}`);
  }
}
