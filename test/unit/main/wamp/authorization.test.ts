import { describe, expect, it } from 'vitest';
import { AuthConfigError, parseAuthConfig } from '../../../../main/wamp/auth-config.js';
import { notAuthorizedText, permits, RouterAuthorization, type Permission } from '../../../../main/wamp/authorization.js';

const all = { call: true, register: true, publish: true, subscribe: true };
const rule = (uri: string, match: Permission['match'], allow: Partial<Permission['allow']>): Permission => ({
  uri,
  match,
  allow: { call: false, register: false, publish: false, subscribe: false, ...allow },
});

/** The roles of OCS's crossbar config (ocs/support/crossbar_config.json). */
const OCS_CONFIG = `
anonymous: iocs_agent
http_role: iocs_controller
roles:
  - name: iocs_agent
    permissions:
      - {uri: "{address_root}.", match: prefix, allow: {call: true, register: true, publish: true, subscribe: true}, disclose: {caller: false, publisher: false}, cache: true}
  - name: iocs_controller
    permissions:
      - {uri: "{address_root}.", match: prefix, allow: {call: true, register: false, publish: true, subscribe: true}, cache: true}
tickets:
  controller1: {ticket: s3cret, role: iocs_controller}
`;

describe('permission matcher', () => {
  it('matches a prefix rule on its prefix only', () => {
    const perms = [rule('observatory.', 'prefix', all)];
    expect(permits(perms, 'register', 'observatory.thermo.ops')).toBe(true);
    expect(permits(perms, 'call', 'observatory.')).toBe(true);
    expect(permits(perms, 'call', 'observatoryx.thermo')).toBe(false);
    expect(permits(perms, 'subscribe', 'other.thermo.feed')).toBe(false);
    expect(permits(perms, 'call', 'wamp.session.list')).toBe(false);
  });

  it('denies an action the matching rule does not allow, and anything no rule matches', () => {
    const controller = [rule('observatory.', 'prefix', { call: true, publish: true, subscribe: true })];
    expect(permits(controller, 'register', 'observatory.thermo.ops')).toBe(false);
    expect(permits(controller, 'call', 'observatory.thermo.ops')).toBe(true);
    expect(permits([], 'call', 'observatory.thermo')).toBe(false);
  });

  it('prefers exact over prefix, the longest prefix, then the most specific wildcard', () => {
    const perms = [
      rule('observatory.', 'prefix', { call: true }),
      rule('observatory.secret.', 'prefix', {}),
      rule('observatory.secret.open', 'exact', { call: true }),
      rule('site..feed', 'wildcard', { subscribe: true }),
      rule('site.hwp.feed', 'wildcard', {}),
    ];
    expect(permits(perms, 'call', 'observatory.thermo')).toBe(true);
    expect(permits(perms, 'call', 'observatory.secret.x')).toBe(false);
    expect(permits(perms, 'call', 'observatory.secret.open')).toBe(true);
    expect(permits(perms, 'subscribe', 'site.thermo.feed')).toBe(true);
    expect(permits(perms, 'subscribe', 'site.hwp.feed')).toBe(false);
    expect(permits(perms, 'subscribe', 'site.thermo.feed.extra')).toBe(false);
  });

  it("words refusals like crossbar's", () => {
    expect(notAuthorizedText(7, 'c1', 'iocs_controller', 'register', 'observatory.x')).toBe(
      "session (session_id=7, authid=c1, authrole=iocs_controller) is not authorized to register procedure 'observatory.x'",
    );
  });
});

describe('RouterAuthorization', () => {
  const auth = new RouterAuthorization(parseAuthConfig(OCS_CONFIG, 'auth.yaml', 'observatory'));

  it('gives iocs_agent register and iocs_controller no register under the address root', () => {
    expect(auth.permits('iocs_agent', 'register', 'observatory.a.ops')).toBe(true);
    expect(auth.permits('iocs_controller', 'register', 'observatory.a.ops')).toBe(false);
    for (const action of ['call', 'publish', 'subscribe'] as const) expect(auth.permits('iocs_controller', action, 'observatory.a.feed')).toBe(true);
    expect(auth.permits(null, 'register', 'anything.at.all')).toBe(true);
    expect(auth.permits('undefined-role', 'call', 'observatory.a')).toBe(false);
  });

  it('challenges a known ticket principal and checks the ticket exactly', () => {
    const decision = auth.hello({ authmethods: ['ticket'], authid: 'controller1' });
    expect(decision).toMatchObject({ kind: 'challenge', authid: 'controller1', principal: { role: 'iocs_controller' } });
    const principal = (decision as { principal: { ticket: string; role: string } }).principal;
    expect(auth.ticketMatches(principal, 's3cret')).toBe(true);
    for (const wrong of ['s3cre', 's3cret ', 'S3CRET', '']) expect(auth.ticketMatches(principal, wrong)).toBe(false);
  });

  it('refuses ticket-only HELLOs without a known principal, and lets ticket-or-anonymous fall back', () => {
    expect(auth.hello({ authmethods: ['ticket'], authid: 'nobody' })).toEqual({ kind: 'refuse', message: 'no principal with authid "nobody" exists' });
    expect(auth.hello({ authmethods: ['ticket'] })).toMatchObject({ kind: 'refuse' });
    expect(auth.hello({ authmethods: ['ticket'], authid: 'toString' })).toMatchObject({ kind: 'refuse' });
    expect(auth.hello({ authmethods: ['ticket', 'anonymous'], authid: 'nobody' })).toEqual({ kind: 'welcome', authid: null, role: 'iocs_agent', authmethod: 'anonymous' });
    expect(auth.hello({ authmethods: ['wampcra'], authid: 'controller1' })).toMatchObject({ kind: 'refuse' });
    expect(auth.hello({})).toEqual({ kind: 'welcome', authid: null, role: 'iocs_agent', authmethod: 'anonymous' });
  });

  it('gives anonymous sessions full access by default and refuses them when anonymous is false', () => {
    expect(new RouterAuthorization(parseAuthConfig('roles: []', 'a.yaml', 'obs')).hello({})).toMatchObject({ kind: 'welcome', role: null });
    const closed = parseAuthConfig('anonymous: false\nroles: [{name: r, permissions: []}]\ntickets: {a: {ticket: t, role: r}}', 'a.yaml', 'obs');
    expect(new RouterAuthorization(closed).hello({})).toMatchObject({ kind: 'refuse', message: expect.stringContaining('anonymous sessions are not allowed') });
    expect(closed.httpRole).toBe(false);
  });
});

describe('auth config file', () => {
  it('reads crossbar roles (YAML or JSON) with {address_root} filled in', () => {
    const config = parseAuthConfig(OCS_CONFIG, 'auth.yaml', 'site');
    expect(config.roles.iocs_agent).toEqual([{ uri: 'site.', match: 'prefix', allow: all }]);
    expect(config).toMatchObject({ anonymous: 'iocs_agent', httpRole: 'iocs_controller', tickets: { controller1: { role: 'iocs_controller' } } });
    const json = JSON.stringify({ roles: [{ name: 'r', permissions: [{ uri: 'x.', match: 'prefix', allow: { call: true } }] }], anonymous: 'r' });
    expect(parseAuthConfig(json, 'auth.json', 'obs').roles.r[0].allow).toEqual({ call: true, register: false, publish: false, subscribe: false });
  });

  it('reads principals from tickets_file', () => {
    const config = parseAuthConfig('roles: [{name: r, permissions: []}]\ntickets_file: t.yaml', 'auth.yaml', 'obs', (file) => {
      expect(file).toBe('t.yaml');
      return 'agent7: {ticket: abc, role: r}';
    });
    expect(config.tickets).toEqual({ agent7: { ticket: 'abc', role: 'r' } });
  });

  it.each([
    ['roles: [', 'auth.yaml: not valid YAML or JSON'],
    ['roles: [{name: r, permissions: [{uri: x, match: glob, allow: {}}]}]', 'auth.yaml: roles.0.permissions.0.match:'],
    ['roles: [{name: r, permissions: [{uri: x, allow: {call: yes please}}]}]', 'auth.yaml: roles.0.permissions.0.allow.call:'],
    ['roles: [{name: r, permissions: [{uri: x, allow: {delete: true}}]}]', 'auth.yaml: roles.0.permissions.0.allow:'],
    ['anonymous: ghost\nroles: []', 'auth.yaml: anonymous names role "ghost", which is not defined'],
    ['roles: [{name: r, permissions: []}]\ntickets: {a: {ticket: t, role: ghost}}', 'auth.yaml: ticket principal "a" names role "ghost"'],
    ['roles: [{name: r, permissions: []}, {name: r, permissions: []}]', 'auth.yaml: role "r" is defined twice'],
    ['rolez: []', 'auth.yaml:'],
    ['roles: [{name: r, permissions: []}]\ntickets: {a: {ticket: "", role: r}}', 'auth.yaml: tickets.a.ticket:'],
  ])('refuses %j with a clear error', (text, message) => {
    expect(() => parseAuthConfig(text, 'auth.yaml', 'obs')).toThrow(AuthConfigError);
    expect(() => parseAuthConfig(text, 'auth.yaml', 'obs')).toThrow(message);
  });
});
