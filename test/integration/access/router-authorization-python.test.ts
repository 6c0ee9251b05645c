/** Router authorization against Python autobahn (Twisted) peers: ticket join, the controller's refusals, a wrong ticket's ABORT. */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAuthConfig } from '../../../main/wamp/auth-config.js';
import { startRouter, type RouterHandle } from '../../../main/wamp/index.js';
import { DEBIAN_PYTHON, startProcess } from '../../helpers/net.js';

const PEER = fileURLToPath(new URL('./python/auth_peer.py', import.meta.url));
const CONFIG = `
anonymous: iocs_agent
roles:
  - {name: iocs_agent, permissions: [{uri: "{address_root}.", match: prefix, allow: {call: true, register: true, publish: true, subscribe: true}}]}
  - {name: iocs_controller, permissions: [{uri: "{address_root}.", match: prefix, allow: {call: true, register: false, publish: false, subscribe: true}}]}
tickets: {c1: {ticket: sesame, role: iocs_controller}}
`;

let router: RouterHandle;
beforeAll(async () => {
  router = await startRouter({ port: 0, authorization: parseAuthConfig(CONFIG, 'auth.yaml', 'observatory') });
});
afterAll(async () => {
  await router?.close();
});

/** Runs the Python peer to `peer done` and returns its JSON lines. */
async function runPeer(args: string[]): Promise<Array<Record<string, unknown>>> {
  const proc = startProcess(DEBIAN_PYTHON, [PEER, '--url', router.wsUrl, ...args], { PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' });
  try {
    await proc.waitForLine(/^peer done$/, 20_000);
  } finally {
    await proc.stop();
  }
  return proc.lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('router authorization with Python autobahn peers', () => {
  it('joins iocs_controller by ticket; refuses its REGISTER, acknowledged PUBLISH and CALL outside the root', async () => {
    const lines = await runPeer(['--authid', 'c1', '--ticket', 'sesame', 'register:observatory.p.ops', 'subscribe:observatory.p.feed', 'publish:observatory.p.feed', 'call:other.x']);
    const refused = { ok: false, error: 'wamp.error.not_authorized' };
    expect(lines).toEqual([
      { join: 'welcome', authid: 'c1', authrole: 'iocs_controller', authmethod: 'ticket' },
      { step: 'register:observatory.p.ops', ...refused, args: [expect.stringContaining("not authorized to register procedure 'observatory.p.ops'")] },
      { step: 'subscribe:observatory.p.feed', ok: true },
      { step: 'publish:observatory.p.feed', ...refused, args: [expect.stringContaining("not authorized to publish to topic 'observatory.p.feed'")] },
      { step: 'call:other.x', ...refused, args: [expect.stringContaining("not authorized to call procedure 'other.x'")] },
    ]);
  }, 30_000);

  it('ABORTs a wrong ticket with wamp.error.not_authorized, and lets an anonymous agent register', async () => {
    expect(await runPeer(['--authid', 'c1', '--ticket', 'wrong'])).toEqual([{ join: 'refused', reason: 'wamp.error.not_authorized', message: 'ticket for authid "c1" is invalid' }]);
    const anonymous = await runPeer(['register:observatory.p.ops']);
    expect(anonymous).toEqual([
      { join: 'welcome', authid: expect.any(String), authrole: 'iocs_agent', authmethod: 'anonymous' },
      { step: 'register:observatory.p.ops', ok: true },
    ]);
  }, 30_000);
});
