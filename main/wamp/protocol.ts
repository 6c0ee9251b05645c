/** WAMP v2 message type codes (basic and advanced profile, as used by OCS peers). */
export const MessageType = {
  HELLO: 1,
  WELCOME: 2,
  ABORT: 3,
  CHALLENGE: 4,
  AUTHENTICATE: 5,
  GOODBYE: 6,
  ERROR: 8,
  PUBLISH: 16,
  PUBLISHED: 17,
  SUBSCRIBE: 32,
  SUBSCRIBED: 33,
  UNSUBSCRIBE: 34,
  UNSUBSCRIBED: 35,
  EVENT: 36,
  CALL: 48,
  CANCEL: 49,
  RESULT: 50,
  REGISTER: 64,
  REGISTERED: 65,
  UNREGISTER: 66,
  UNREGISTERED: 67,
  INVOCATION: 68,
  INTERRUPT: 69,
  YIELD: 70,
} as const;

/** Error and close URIs the router sends; texts follow crossbar where clients may match them. */
export const ErrorUri = {
  protocolViolation: 'wamp.error.protocol_violation',
  noSuchRealm: 'wamp.error.no_such_realm',
  notAuthorized: 'wamp.error.not_authorized',
  noSuchProcedure: 'wamp.error.no_such_procedure',
  procedureAlreadyExists: 'wamp.error.procedure_already_exists',
  noSuchRegistration: 'wamp.error.no_such_registration',
  noSuchSubscription: 'wamp.error.no_such_subscription',
  invalidArgument: 'wamp.error.invalid_argument',
  invalidUri: 'wamp.error.invalid_uri',
  canceled: 'wamp.error.canceled',
  runtimeError: 'wamp.error.runtime_error',
  closeNormal: 'wamp.close.normal',
  goodbyeAndOut: 'wamp.close.goodbye_and_out',
  systemShutdown: 'wamp.close.system_shutdown',
} as const;

/** A WAMP message as it travels: an array whose first element is the type code. */
export type WampMessage = unknown[];

export type Dict = Record<string, unknown>;

/** Positional and keyword payload of CALL/YIELD/PUBLISH/ERROR, kept exactly as the sender shaped it. */
export interface Payload {
  args?: unknown[];
  kwargs?: Dict;
}

/** Appends args/kwargs to a message the way WAMP requires: args present whenever kwargs is. */
export function withPayload(head: unknown[], payload: Payload): WampMessage {
  if (payload.kwargs !== undefined) return [...head, payload.args ?? [], payload.kwargs];
  if (payload.args !== undefined) return [...head, payload.args];
  return head;
}

/** Largest WAMP id: ids are drawn uniformly from [1, 2^53]. */
export const MAX_ID = 2 ** 53;
