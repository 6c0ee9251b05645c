/**
 * Router authorization over real sockets with autobahn-js peers: the OCS crossbar roles (iocs_agent
 * registers and publishes under the address root; iocs_controller calls and subscribes but may not
 * register), ticket authentication (CHALLENGE/AUTHENTICATE; a wrong ticket is ABORTed), the anonymous
 * default role, and every refusal as wamp.error.not_authorized. The HTTP caller bridge acts as its role.
 */
import autobahn from 'autobahn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAuthConfig } from '../../../main/wamp/auth-config.js';
import { startRouter, type RouterHandle } from '../../../main/wamp/index.js';
import { RawPeer } from '../../helpers/raw-wamp.js';

const CONFIG = `
anonymous: iocs_agent
http_role: iocs_controller
roles:
  - name: iocs_agent
    permissions:
      - {uri: "{address_root}.", match: prefix, allow: {call: true, register: true, publish: true, subscribe: true}}
  - name: iocs_controller
    permissions:
      - {uri: "{address_root}.", match: prefix, allow: {call: true, register: false, publish: false, subscribe: true}}
tickets:
  agent1: {ticket: agent-ticket, role: iocs_agent}
  control1: {ticket: control-ticket, role: iocs_controller}
`;

interface Joined {
  session: autobahn.Session;
  /** WELCOME.Details as autobahn passes them to onopen. */
  details: { authid?: string; authrole?: string; authmethod?: string };
  close(): Promise<void>;
}

/** Joins with autobahn-js; rejects with the ABORT reason and message when the router refuses the session. */
function join(url: string, options: Partial<autobahn.IConnectionOptions> = {}): Promise<Joined> {
  return new Promise((resolve, reject) => {
    const connection = new autobahn.Connection({ url, realm: 'test_realm', max_retries: 0, ...options });
    let closed: (() => void) | undefined;
    connection.onopen = (session, details) =>
      resolve({
        session,
        details: details as Joined['details'],
        close: () => new Promise<void>((done) => (connection.isOpen ? ((closed = done), connection.close()) : done())),
      });
    connection.onclose = (reason, details) => {
      closed?.();
      reject(new Error(`${(details as { reason?: string }).reason ?? reason}: ${(details as { message?: string }).message ?? ''}`));
      return false;
    };
    connection.open();
  });
}

const ticket = (authid: string, secret: string): Partial<autobahn.IConnectionOptions> => ({
  authmethods: ['ticket'],
  authid,
  onchallenge: (_session, method) => {
    expect(method).toBe('ticket');
    return secret;
  },
});

/** The WAMP error of a rejected autobahn promise. */
async function refusal(promise: PromiseLike<unknown>): Promise<{ error: string; args: unknown[] }> {
  try {
    await promise;
  } catch (error) {
    return error as { error: string; args: unknown[] };
  }
  throw new Error('expected a refusal');
}

let router: RouterHandle;
let agent: Joined;
let controller: Joined;

beforeAll(async () => {
  router = await startRouter({ port: 0, authorization: parseAuthConfig(CONFIG, 'auth.yaml', 'observatory') });
  agent = await join(router.wsUrl, ticket('agent1', 'agent-ticket'));
  controller = await join(router.wsUrl, ticket('control1', 'control-ticket'));
  await agent.session.register('observatory.thermo.ops', (args) => ['ok', ...(args ?? [])]);
});
afterAll(async () => {
  await agent?.close();
  await controller?.close();
  await router?.close();
});

describe('ticket authentication', () => {
  it('welcomes a ticket principal with its role', () => {
    expect(controller.details).toMatchObject({ authid: 'control1', authrole: 'iocs_controller', authmethod: 'ticket' });
    expect(agent.details).toMatchObject({ authid: 'agent1', authrole: 'iocs_agent', authmethod: 'ticket' });
  });

  it('sends CHALLENGE ticket and WELCOMEs with authid, authrole and authmethod ticket', async () => {
    const peer = await RawPeer.connect(router.wsUrl);
    peer.send([1, 'test_realm', { roles: { caller: {} }, authmethods: ['ticket'], authid: 'control1' }]);
    expect(await peer.next()).toEqual([4, 'ticket', {}]);
    peer.send([5, 'control-ticket', {}]);
    const welcome = await peer.next();
    expect(welcome[0]).toBe(2);
    expect(welcome[2]).toMatchObject({ authid: 'control1', authrole: 'iocs_controller', authmethod: 'ticket', authprovider: 'static' });
    peer.close();
  });

  it('ABORTs a wrong ticket and an unknown principal with wamp.error.not_authorized', async () => {
    await expect(join(router.wsUrl, ticket('control1', 'wrong'))).rejects.toThrow('wamp.error.not_authorized: ticket for authid "control1" is invalid');
    await expect(join(router.wsUrl, ticket('nobody', 'x'))).rejects.toThrow('wamp.error.not_authorized: no principal with authid "nobody" exists');
    const peer = await RawPeer.connect(router.wsUrl);
    peer.send([1, 'test_realm', { roles: { caller: {} }, authmethods: ['ticket'], authid: 'agent1' }]);
    await peer.next();
    // Anything but AUTHENTICATE after the CHALLENGE breaks the protocol.
    peer.send([48, 1, {}, 'observatory.thermo.ops']);
    expect(await peer.next()).toEqual([3, { message: 'expected AUTHENTICATE after CHALLENGE, got message type 48' }, 'wamp.error.protocol_violation']);
    peer.close();
  });

  it('gives anonymous sessions the configured default role (here iocs_agent)', async () => {
    const anonymous = await join(router.wsUrl);
    expect(anonymous.details).toMatchObject({ authrole: 'iocs_agent', authmethod: 'anonymous' });
    // Claiming a principal's authid without its ticket gets the anonymous role and a router-made authid.
    const claimed = await join(router.wsUrl, { authmethods: ['anonymous'], authid: 'control1' });
    expect(claimed.details).toMatchObject({ authid: expect.stringMatching(/^anonymous-/), authrole: 'iocs_agent' });
    await claimed.close();
    await anonymous.session.register('observatory.anon.ops', () => 1);
    expect((await refusal(anonymous.session.register('elsewhere.ops', () => 1))).error).toBe('wamp.error.not_authorized');
    await anonymous.close();
  });
});

describe('iocs_agent and iocs_controller permissions', () => {
  it('lets the controller call and subscribe under the address root', async () => {
    expect(await controller.session.call('observatory.thermo.ops', [1])).toEqual(['ok', 1]);
    const events: unknown[] = [];
    await controller.session.subscribe('observatory.thermo.feeds.temps', (args) => void events.push(args?.[0]));
    await agent.session.publish('observatory.thermo.feeds.temps', [21.5], {}, { acknowledge: true });
    await expect.poll(() => events).toEqual([21.5]);
  });

  it('refuses REGISTER to the controller with ERROR wamp.error.not_authorized', async () => {
    const refused = await refusal(controller.session.register('observatory.fake.ops', () => 1));
    expect(refused.error).toBe('wamp.error.not_authorized');
    expect(refused.args).toEqual([expect.stringMatching(/authid=control1, authrole=iocs_controller\) is not authorized to register procedure 'observatory\.fake\.ops'$/)]);
  });

  it('refuses CALL and SUBSCRIBE outside the address root, and the agent REGISTER outside it', async () => {
    expect((await refusal(controller.session.call('wamp.session.list'))).error).toBe('wamp.error.not_authorized');
    expect((await refusal(controller.session.subscribe('other.thermo.feed', () => {}))).error).toBe('wamp.error.not_authorized');
    expect((await refusal(controller.session.subscribe('other.', () => {}, { match: 'prefix' }))).error).toBe('wamp.error.not_authorized');
    expect((await refusal(agent.session.register('other.thermo.ops', () => 1))).error).toBe('wamp.error.not_authorized');
  });

  it('refuses PUBLISH with an ERROR only when acknowledge is asked, and never delivers it', async () => {
    const events: unknown[] = [];
    await agent.session.subscribe('observatory.thermo.feeds.pressure', (args) => void events.push(args?.[0]));
    const refused = await refusal(controller.session.publish('observatory.thermo.feeds.pressure', [1], {}, { acknowledge: true }));
    expect(refused.error).toBe('wamp.error.not_authorized');
    expect(refused.args).toEqual([expect.stringContaining("is not authorized to publish to topic 'observatory.thermo.feeds.pressure'")]);
    // Without acknowledge: silently dropped (no ERROR the client could not match), the session stays up.
    void controller.session.publish('observatory.thermo.feeds.pressure', [2]);
    await agent.session.publish('observatory.thermo.feeds.pressure', [3], {}, { exclude_me: false, acknowledge: true });
    await expect.poll(() => events).toEqual([3]);
    expect(await controller.session.call('observatory.thermo.ops', [4])).toEqual(['ok', 4]);
  });

  it('answers refusals with ERROR for the refused request type, over a raw session too', async () => {
    const peer = await RawPeer.connect(router.wsUrl);
    peer.send([1, 'test_realm', { roles: { callee: {} }, authmethods: ['ticket'], authid: 'control1' }]);
    await peer.next();
    peer.send([5, 'control-ticket', {}]);
    await peer.next();
    peer.send([64, 11, {}, 'observatory.raw.ops']);
    expect(await peer.next()).toEqual([8, 64, 11, {}, 'wamp.error.not_authorized', [expect.any(String)]]);
    peer.send([32, 12, {}, 'nope.topic']);
    expect(await peer.next()).toEqual([8, 32, 12, {}, 'wamp.error.not_authorized', [expect.any(String)]]);
    peer.send([48, 13, {}, 'nope.proc']);
    expect(await peer.next()).toEqual([8, 48, 13, {}, 'wamp.error.not_authorized', [expect.any(String)]]);
    peer.send([16, 14, { acknowledge: true }, 'observatory.raw.topic']);
    expect(await peer.next()).toEqual([8, 16, 14, {}, 'wamp.error.not_authorized', [expect.any(String)]]);
    peer.close();
  });
});

describe('HTTP caller bridge and closed routers', () => {
  it('calls as http_role: under the root allowed, elsewhere not_authorized', async () => {
    const post = async (procedure: string) =>
      (await fetch(router.callUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ procedure, args: [5] }) })).json() as Promise<Record<string, unknown>>;
    expect(await post('observatory.thermo.ops')).toEqual({ args: [['ok', 5]] });
    expect(await post('wamp.session.count')).toMatchObject({ error: 'wamp.error.not_authorized' });
  });

  it('ABORTs anonymous sessions when anonymous is false, and keeps full access without a config', async () => {
    const closed = await startRouter({
      port: 0,
      authorization: parseAuthConfig('anonymous: false\nroles: [{name: r, permissions: [{uri: "", match: prefix, allow: {call: true, register: true}}]}]\ntickets: {a: {ticket: t, role: r}}', 'a.yaml', 'observatory'),
    });
    await expect(join(closed.wsUrl)).rejects.toThrow('wamp.error.not_authorized: anonymous sessions are not allowed on this router; authenticate with a ticket');
    const authed = await join(closed.wsUrl, ticket('a', 't'));
    await authed.session.register('any.where', () => 2);
    expect(await authed.session.call('any.where')).toBe(2);
    const refused = (await (await fetch(closed.callUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ procedure: 'any.where' }) })).json()) as { error: string };
    expect(refused.error).toBe('wamp.error.not_authorized');
    await authed.close();
    await closed.close();

    const open = await startRouter({ port: 0 });
    const anyone = await join(open.wsUrl, ticket('whoever', 'whatever'));
    await anyone.session.register('anything.at.all', () => 3);
    expect(await anyone.session.call('anything.at.all')).toBe(3);
    await anyone.close();
    await open.close();
  });
});
