import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseCode } from '../../shared/ocs-codes.js';
import { ClientErrorUri, HttpTransport, OcsCallError, OcsClient, WampTransport } from '../../main/ocs/client.js';
import { clientForInstance } from '../../main/ocs/client-site.js';
import { parseSiteConfig } from '../../main/ocs/site-config.js';
import { startRouter, type RouterHandle } from '../../main/wamp/index.js';
import { openSession } from '../helpers/autobahn.js';
import { freePort } from '../helpers/net.js';
import { startPythonAgent, type PythonAgent } from '../helpers/python.js';

// Transport edge cases: HTTP failures, a WAMP session that goes away mid-call, and a msgpack agent.

let router: RouterHandle;
let agent: PythonAgent;

beforeAll(async () => {
  router = await startRouter({ port: 0 });
  agent = await startPythonAgent({ url: router.wsUrl, instanceId: 'msgpack-agent', serializer: 'msgpack' });
});
afterAll(async () => {
  await agent?.stop();
  await router?.close();
});

async function rejection(promise: Promise<unknown>): Promise<OcsCallError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OcsCallError);
  return error as OcsCallError;
}

describe('HTTP transport failures', () => {
  it('reports a refused connection as client_http.error.connection_error', async () => {
    const url = `http://127.0.0.1:${await freePort()}/call`;
    const error = await rejection(OcsClient.overHttp(url, 'observatory.anything'));
    expect(error.uri).toBe(ClientErrorUri.connectionError);
    expect(error.args[0]).toBe('Connection error:');
  });

  it('reports a non-200 answer as client_http.error.request_error with the status code', async () => {
    const wrongPath = router.callUrl.replace(/\/call$/, '/not-the-bridge');
    const error = await rejection(OcsClient.overHttp(wrongPath, `observatory.msgpack-agent`));
    expect(error).toMatchObject({ uri: ClientErrorUri.requestError, args: ['Server replied with code 404'] });
  });

  describe('against a scripted bridge', () => {
    let server: Server;
    let url: string;
    const seen: Array<{ contentType?: string; body: unknown }> = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk) => (body += chunk));
        req.on('end', () => {
          const parsed = JSON.parse(body) as { procedure: string };
          seen.push({ contentType: req.headers['content-type'], body: parsed });
          if (parsed.procedure === 'crash') return void res.writeHead(500).end('{"error":"wamp.error.runtime_error","args":[],"kwargs":{}}');
          if (parsed.procedure === 'garbage') return void res.writeHead(200).end('<html>');
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"error":"ocs.error.custom","args":["it broke",7],"kwargs":{"why":"test"}}');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/call`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('posts {procedure, args, kwargs} as JSON', async () => {
      await new HttpTransport(url).call('error', ['get_api'], { k: 1 }).catch(() => {});
      expect(seen.at(-1)).toEqual({ contentType: 'application/json', body: { procedure: 'error', args: ['get_api'], kwargs: { k: 1 } } });
    });

    it('turns a 200 error body into an OcsCallError with its URI, args and kwargs', async () => {
      const error = await rejection(new HttpTransport(url).call('error', []));
      expect(error).toMatchObject({ uri: 'ocs.error.custom', args: ['it broke', 7], kwargs: { why: 'test' }, procedure: 'error' });
      expect(error.message).toBe('ocs.error.custom calling error: it broke 7');
    });

    it('treats a 500 as request_error, like Python, whatever the body says', async () => {
      const error = await rejection(new HttpTransport(url).call('crash', []));
      expect(error).toMatchObject({ uri: ClientErrorUri.requestError, args: ['Server replied with code 500'] });
    });

    it('rejects a 200 body that is not JSON as an invalid reply', async () => {
      expect((await rejection(new HttpTransport(url).call('garbage', []))).uri).toBe(ClientErrorUri.invalidReply);
    });
  });
});

describe('WAMP transport', () => {
  it('drives an agent that speaks msgpack (the router translates)', async () => {
    const opened = await openSession(router.wsUrl);
    try {
      const client = await OcsClient.overWamp(opened.session, agent.address);
      expect(client.agentClass).toBe('FakeDataAgent');
      const reply = await client.tasks.delay_task.run({ delay: 0.1, succeed: false });
      expect(reply).toMatchObject({ status: ResponseCode.OK, message: 'Operation "delay_task" is currently not running (FAILED).' });
      expect(reply.session?.data).toMatchObject({ requested_delay: 0.1 });
    } finally {
      await opened.close();
    }
  });

  it('fails a pending wait with session_closed when its session leaves, and refuses new calls', async () => {
    const opened = await openSession(router.wsUrl);
    const transport = new WampTransport(opened.session);
    const client = await OcsClient.connect(transport, agent.address);
    await client.tasks.delay_task.start({ delay: 30 });
    // Attach the handler now: the rejection lands while close() is still being awaited.
    const pending = rejection(client.tasks.delay_task.wait());
    // The wait is only pending once the agent has it: wait until the agent logged the call.
    await waitForWaitCall(agent);
    await opened.close();
    const error = await pending;
    expect(error.uri).toBe(ClientErrorUri.sessionClosed);
    expect((await rejection(client.tasks.delay_task.status())).uri).toBe(ClientErrorUri.sessionClosed);

    // Leave the agent clean for other tests.
    const http = await OcsClient.overHttp(router.callUrl, agent.address);
    await http.tasks.delay_task.abort();
    expect((await http.tasks.delay_task.wait()).session?.success).toBe(false);
  });
});

async function waitForWaitCall(peer: PythonAgent): Promise<void> {
  await peer.waitForLine(/^ops-call \{"args": \["wait", "delay_task"\], "kwargs": \{"params": null, "timeout": null\}\}$/);
}

describe('clientForInstance', () => {
  it('reaches an agent through the site\'s wamp_http, like OCSClient(instance_id)', async () => {
    const site = parseSiteConfig(`hub: {wamp_server: '${router.wsUrl}', wamp_http: '${router.callUrl}', wamp_realm: test_realm, address_root: observatory}\n`, 'site.yaml');
    const client = await clientForInstance(site, 'msgpack-agent');
    expect(client.address).toBe('observatory.msgpack-agent');
    expect((await client.tasks.delay_task.status()).status).toBe(ResponseCode.OK);
  });

  it('refuses a site without wamp_http, naming the key', async () => {
    const site = parseSiteConfig(`hub: {wamp_server: '${router.wsUrl}', wamp_realm: test_realm, address_root: observatory}\n`, 'site.yaml');
    await expect(clientForInstance(site, 'msgpack-agent')).rejects.toThrow('site.yaml: hub.wamp_http is required to reach agents over the HTTP bridge');
  });
});
