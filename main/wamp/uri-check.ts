/**
 * URI syntax, as crossbar checks it by default (`uri_check: loose`): components separated by '.', no
 * whitespace or '#', empty components only where a pattern subscription allows them. Loose rather than
 * strict because OCS instance ids carry '-' (`observatory.fake-data1`), which strict URIs forbid.
 */
import type { WampAction } from './authorization.js';
import type { ClientMessage } from './parse.js';
import { MessageType as T } from './protocol.js';

/** Why `uri` is not a valid URI, or null when it is. */
export function uriProblem(uri: string, allowEmptyComponents = false): string | null {
  if (uri.length === 0) return 'is empty';
  if (/[\s#]/.test(uri)) return "contains whitespace or '#'";
  if (!allowEmptyComponents && uri.split('.').includes('')) return 'has an empty component';
  return null;
}

/** What a REGISTER/CALL/SUBSCRIBE/PUBLISH asks for: the action, its URI, and whether a refusal gets an ERROR. */
export interface RequestTarget {
  action: WampAction;
  uri: string;
  requestId: number;
  /** PUBLISH is answered only when it asked for acknowledge (as crossbar does); the others always. */
  answer: boolean;
  /** Pattern subscriptions (wildcard, prefix) may have empty components. */
  allowEmptyComponents: boolean;
}

/** The target of a request naming a URI, or null for every other message. */
export function requestTarget(m: ClientMessage): RequestTarget | null {
  switch (m.type) {
    case T.REGISTER:
      return { action: 'register', uri: m.procedure, requestId: m.requestId, answer: true, allowEmptyComponents: false };
    case T.CALL:
      return { action: 'call', uri: m.procedure, requestId: m.requestId, answer: true, allowEmptyComponents: false };
    case T.SUBSCRIBE:
      return { action: 'subscribe', uri: m.topic, requestId: m.requestId, answer: true, allowEmptyComponents: m.options.match === 'wildcard' || m.options.match === 'prefix' };
    case T.PUBLISH:
      return { action: 'publish', uri: m.topic, requestId: m.requestId, answer: m.options.acknowledge === true, allowEmptyComponents: false };
    default:
      return null;
  }
}

/** The ERROR text for a request with an invalid URI, e.g. `call for invalid procedure URI "a..b": has an empty component`. */
export function invalidUriText(target: RequestTarget, problem: string): string {
  const kind = target.action === 'call' || target.action === 'register' ? 'procedure' : 'topic';
  return `${target.action} for invalid ${kind} URI "${target.uri}": ${problem}`;
}
