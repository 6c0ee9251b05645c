/**
 * Router authorization as crossbar's static realm roles do it: each role lists permissions per URI
 * (exact, prefix or wildcard) for call / register / publish / subscribe; a session acts under one role,
 * assigned by ticket authentication or, for anonymous sessions, the configured default.
 */
import { timingSafeEqual } from 'node:crypto';

export type WampAction = 'call' | 'register' | 'publish' | 'subscribe';
export const WAMP_ACTIONS: readonly WampAction[] = ['call', 'register', 'publish', 'subscribe'];

/** One crossbar permission: what a role may do on URIs matching `uri`. */
export interface Permission {
  uri: string;
  match: 'exact' | 'prefix' | 'wildcard';
  allow: Record<WampAction, boolean>;
}

/** A principal of the tickets file: the secret it authenticates with and the role it gets. */
export interface TicketPrincipal {
  ticket: string;
  role: string;
}

/** The router's authorization, as loaded from `--auth-config` (see auth-config.ts). */
export interface AuthorizationConfig {
  /** Role name → permissions. */
  roles: Record<string, Permission[]>;
  /** Role of anonymous sessions: a role name, `null` for full access (the default), `false` to refuse them. */
  anonymous: string | null | false;
  /** authid → ticket and role; empty when ticket authentication is not offered. */
  tickets: Record<string, TicketPrincipal>;
  /** Role of the HTTP caller bridge (`POST /call`): like `anonymous`. Crossbar's OCS config gives it iocs_controller. */
  httpRole: string | null | false;
}

/** The role name WELCOME reports for sessions with full access (no authorization configured for them). */
export const FULL_ACCESS_ROLE = 'anonymous';

/**
 * Whether `permissions` allow `action` on `uri`, with crossbar's precedence: an exact rule first, else
 * the longest matching prefix rule, else the matching wildcard rule with the most fixed components.
 * No matching rule denies.
 */
export function permits(permissions: readonly Permission[], action: WampAction, uri: string): boolean {
  const rule = matchingRule(permissions, uri);
  return rule !== undefined && rule.allow[action] === true;
}

function matchingRule(permissions: readonly Permission[], uri: string): Permission | undefined {
  const exact = permissions.find((rule) => rule.match === 'exact' && rule.uri === uri);
  if (exact) return exact;
  let best: Permission | undefined;
  for (const rule of permissions) {
    if (rule.match === 'prefix' && uri.startsWith(rule.uri) && (!best || rule.uri.length > best.uri.length)) best = rule;
  }
  if (best) return best;
  let bestFixed = -1;
  for (const rule of permissions) {
    if (rule.match !== 'wildcard' || !wildcardMatches(rule.uri, uri)) continue;
    const fixed = rule.uri.split('.').filter((part) => part !== '').length;
    if (fixed > bestFixed) [best, bestFixed] = [rule, fixed];
  }
  return best;
}

/** `a..c` matches `a.b.c`: empty components match any one component; the component counts must agree. */
function wildcardMatches(pattern: string, uri: string): boolean {
  const want = pattern.split('.');
  const have = uri.split('.');
  return want.length === have.length && want.every((part, index) => part === '' || part === have[index]);
}

/** The outcome of a HELLO: join with a role now, ask for a ticket first, or refuse. */
export type HelloDecision =
  | { kind: 'welcome'; authid: string | null; role: string | null; authmethod: 'anonymous' }
  | { kind: 'challenge'; authid: string; principal: TicketPrincipal }
  | { kind: 'refuse'; message: string };

/** The router's view of an AuthorizationConfig: role assignment at HELLO and the permission check per action. */
export class RouterAuthorization {
  constructor(readonly config: AuthorizationConfig) {}

  /** Decides on a HELLO from its details (`authmethods`, `authid`), the way crossbar's static ticket and anonymous auth do. */
  hello(details: Record<string, unknown>): HelloDecision {
    const methods = Array.isArray(details.authmethods) ? details.authmethods.filter((m): m is string => typeof m === 'string') : ['anonymous'];
    const authid = typeof details.authid === 'string' ? details.authid : null;
    if (methods.includes('ticket')) {
      const principal = authid === null ? undefined : Object.hasOwn(this.config.tickets, authid) ? this.config.tickets[authid] : undefined;
      if (principal) return { kind: 'challenge', authid: authid!, principal };
      if (!methods.includes('anonymous')) {
        return { kind: 'refuse', message: authid === null ? 'ticket authentication needs an authid' : `no principal with authid "${authid}" exists` };
      }
    }
    if (methods.length > 0 && !methods.includes('anonymous') && !methods.includes('ticket')) {
      return { kind: 'refuse', message: `none of the authentication methods [${methods.join(', ')}] is offered here (anonymous, ticket)` };
    }
    if (this.config.anonymous === false) return { kind: 'refuse', message: 'anonymous sessions are not allowed on this router; authenticate with a ticket' };
    // A claimed authid proves nothing without a ticket: anonymous sessions get the router's own, so logs cannot be misled.
    return { kind: 'welcome', authid: null, role: this.config.anonymous, authmethod: 'anonymous' };
  }

  /** Checks an AUTHENTICATE signature against the principal's ticket, in constant time. */
  ticketMatches(principal: TicketPrincipal, signature: string): boolean {
    const given = Buffer.from(signature, 'utf8');
    const expected = Buffer.from(principal.ticket, 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** Whether a session with `role` (null = full access) may do `action` on `uri`. */
  permits(role: string | null, action: WampAction, uri: string): boolean {
    if (role === null) return true;
    return permits(this.config.roles[role] ?? [], action, uri);
  }
}

/** Crossbar's refusal text, naming the session, its role, the action and the URI. */
export function notAuthorizedText(sessionId: number, authid: string, role: string | null, action: WampAction, uri: string): string {
  const what = { call: 'call procedure', register: 'register procedure', publish: 'publish to topic', subscribe: 'subscribe to topic' }[action];
  return `session (session_id=${sessionId}, authid=${authid}, authrole=${role ?? FULL_ACCESS_ROLE}) is not authorized to ${what} '${uri}'`;
}
