import autobahn from 'autobahn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRouter, type RouterHandle } from '../../../main/wamp/index.js';
import { openSession, type OpenSession } from '../../helpers/autobahn.js';
import { waitFor } from '../../helpers/net.js';
import { RawPeer } from '../../helpers/raw-wamp.js';

let router: RouterHandle;
let agent: OpenSession;
const seen: Array<{ args: unknown; kwargs: unknown }> = [];

/** POSTs `body` the way python-requests does: a byte body and no Content-Type header. */
async function post(body: string | Buffer, headers: Record<string, string> = {}, method = 'POST') {
  const response = await fetch(router.callUrl, { method, body: method === 'GET' ? undefined : Buffer.from(body), headers });
  return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
}

beforeAll(async () => {
  router = await startRouter({ port: 0, maxFrameBytes: 1024 * 1024 });
  agent = await openSession(router.wsUrl);
  await agent.session.register('observatory.fake.ops', (args, kwargs) => {
    seen.push({ args, kwargs });
    if (args?.[1] === 'nope') throw new autobahn.Error('wamp.error.runtime_error', ['unexpected keyword argument'], { where: 'ops' });
    return [0, 'Session active.', { session_id: 0, op_name: args?.[1] }];
  });
  await agent.session.register('observatory.fake', () => null);
  await agent.session.register('observatory.fake.multi', () => new autobahn.Result([1, 2], { k: 'v' }));
  await agent.session.register('observatory.fake.slow', () => new Promise((r) => setTimeout(() => r('waited'), 2500)));
});
afterAll(async () => {
  await agent.close();
  await router.close();
});

describe('HTTP caller bridge /call', () => {
  it('accepts a request without Content-Type and answers 200 {"args":[result]} like crossbar', async () => {
    const reply = await post(JSON.stringify({ procedure: 'observatory.fake.ops', args: ['status', 'acq', {}], kwargs: {} }));
    expect(reply.status).toBe(200);
    expect(reply.type).toBe('application/json; charset=UTF-8');
    expect(reply.body).toEqual({ args: [[0, 'Session active.', { session_id: 0, op_name: 'acq' }]] });
    expect(seen.at(-1)).toEqual({ args: ['status', 'acq', {}], kwargs: {} });
  });

  it('passes kwargs through and accepts application/json', async () => {
    const reply = await post(JSON.stringify({ procedure: 'observatory.fake.ops', args: ['wait', 'delay_task', {}], kwargs: { timeout: 0.2 } }), { 'content-type': 'application/json' });
    expect(reply.status).toBe(200);
    expect(seen.at(-1)).toEqual({ args: ['wait', 'delay_task', {}], kwargs: { timeout: 0.2 } });
  });

  it('answers a procedure returning nothing with {"args":[null]} and several values with args and kwargs', async () => {
    expect((await post(JSON.stringify({ procedure: 'observatory.fake', args: ['bogus_query'] }))).body).toEqual({ args: [null] });
    expect((await post(JSON.stringify({ procedure: 'observatory.fake.multi' }))).body).toEqual({ args: [1, 2], kwargs: { k: 'v' } });
  });

  it('answers application errors with 200 {"error","args","kwargs"}', async () => {
    const reply = await post(JSON.stringify({ procedure: 'observatory.fake.ops', args: ['start', 'nope'] }));
    expect(reply).toMatchObject({ status: 200, body: { error: 'wamp.error.runtime_error', args: ['unexpected keyword argument'], kwargs: { where: 'ops' } } });
    const missing = await post(JSON.stringify({ procedure: 'observatory.nonexistent', args: [] }));
    expect(missing).toMatchObject({ status: 200, body: { error: 'wamp.error.no_such_procedure', args: ['no callee registered for procedure <observatory.nonexistent>'], kwargs: {} } });
  });

  it('keeps a long call open without a timeout', async () => {
    expect((await post(JSON.stringify({ procedure: 'observatory.fake.slow' }))).body).toEqual({ args: ['waited'] });
  });

  const bad: Array<[string, string, Record<string, string>, number, RegExp]> = [
    ['malformed JSON', '{"procedure": ', {}, 400, /not valid JSON/],
    ['a body that is a list', '["observatory.fake"]', {}, 400, /must be a JSON object/],
    ['a missing procedure', '{"args": []}', {}, 400, /missing or invalid "procedure"/],
    ['args that are not a list', '{"procedure": "observatory.fake", "args": 3}', {}, 400, /"args" must be a list/],
    ['kwargs that are a list', '{"procedure": "observatory.fake", "kwargs": []}', {}, 400, /"kwargs" must be an object/],
    ['an invalid URI', '{"procedure": "observatory. fake"}', {}, 400, /invalid procedure URI/],
    ['a text/plain body', '{"procedure": "observatory.fake"}', { 'content-type': 'text/plain' }, 400, /bad or missing content type/],
    ['a body over the limit', JSON.stringify({ procedure: 'observatory.fake', args: ['x'.repeat(1024 * 1024)] }), {}, 413, /over the 1048576-byte limit/],
    ['a foreign web origin', '{"procedure": "observatory.fake"}', { origin: 'https://evil.example' }, 403, /origin https:\/\/evil.example is not allowed/],
  ];
  for (const [what, body, headers, status, reason] of bad) {
    it(`refuses ${what} with ${status} and a reason`, async () => {
      const reply = await post(body, headers);
      expect(reply.status).toBe(status);
      expect(reply.body.error).toMatch(reason);
    });
  }

  it('refuses GET on /call with 405', async () => {
    expect((await post('', {}, 'GET')).status).toBe(405);
  });

  it('cancels the call when the HTTP client goes away', async () => {
    const callee = await RawPeer.join(router.wsUrl);
    callee.send([64, 1, {}, 'observatory.abandoned.ops']);
    await callee.next((m) => m[0] === 65);
    const controller = new AbortController();
    const request = fetch(router.callUrl, { method: 'POST', body: Buffer.from('{"procedure": "observatory.abandoned.ops"}'), signal: controller.signal }).catch((e) => e);
    const invocation = await callee.next((m) => m[0] === 68);
    controller.abort();
    await request;
    expect(await callee.next((m) => m[0] === 69)).toEqual([69, invocation[1], { mode: 'killnowait' }]);
    await waitFor(() => router.router.dealer.counts.inFlight === 0, 2000, 'no calls in flight');
    callee.close();
  });
});

describe('GET /info', () => {
  it('reports the realm, address root and live counts', async () => {
    const info = async () => {
      const response = await fetch(router.callUrl.replace('/call', '/info'));
      expect(response.status).toBe(200);
      return (await response.json()) as Record<string, unknown>;
    };
    expect(await info()).toMatchObject({ router: 'control-station', realm: 'test_realm', address_root: 'observatory' });
    // The four procedures of the agent above (the abandoned callee's one leaves as it closes).
    await waitFor(async () => (await info()).registrations === 4, 2000, '4 registrations');
  });
});
