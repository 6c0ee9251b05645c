/** The HTTP binding on its own: bearer auth on every request, POST-only /mcp, a real SDK client end to end. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateToken } from '../../../main/mcp/bearer-auth.js';
import { MAX_BODY_BYTES, startMcpHttpServer, type McpHttpServer } from '../../../main/mcp/http-server.js';

function echoServer(): McpServer {
  const server = new McpServer({ name: 'echo', version: '1.0.0' });
  server.registerTool('echo', { inputSchema: { text: z.string() } }, ({ text }) => ({ content: [{ type: 'text', text }] }));
  return server;
}

describe('MCP over HTTP with a bearer token', () => {
  const token = generateToken();
  let http: McpHttpServer;
  const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } });
  const post = (headers: Record<string, string>, body = initialize, path = '/mcp') =>
    fetch(new URL(path, http.url), { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers }, body });

  beforeAll(async () => {
    http = await startMcpHttpServer({ createServer: echoServer, token, host: '127.0.0.1', port: 0 });
  });
  afterAll(() => http?.close());

  it('listens on loopback at /mcp', () => {
    expect(http.url).toBe(`http://127.0.0.1:${http.port}/mcp`);
  });

  it('answers 401 JSON without a token, with a wrong one, or another scheme', async () => {
    for (const headers of [{} as Record<string, string>, { Authorization: `Bearer ${generateToken()}` }, { Authorization: `Basic ${token}` }, { Authorization: `Bearer ${token.slice(0, -1)}` }]) {
      const response = await post(headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      expect((await response.json()).error.message).toMatch(/^unauthorized/);
    }
    // The token guards every path and method, so nothing else is revealed without it.
    expect((await post({}, initialize, '/other')).status).toBe(401);
    expect((await fetch(http.url)).status).toBe(401);
  });

  it('with the token: 404 off /mcp, 405 for GET, 400 for a non-JSON body, 413 for a huge one', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    expect((await post(auth, initialize, '/other')).status).toBe(404);
    expect((await fetch(http.url, { headers: auth })).status).toBe(405);
    expect((await post(auth, 'not json')).status).toBe(400);
    expect((await post(auth, JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES) }))).status).toBe(413);
    const ok = await post(auth);
    expect(ok.status).toBe(200);
    expect((await ok.json()).result.serverInfo.name).toBe('echo');
  });

  it('serves a real SDK client that sends the token', async () => {
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(http.url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['echo']);
    expect(await client.callTool({ name: 'echo', arguments: { text: 'hi' } })).toMatchObject({ content: [{ type: 'text', text: 'hi' }] });
    await client.close();
  });

  it('an SDK client without the token fails to connect', async () => {
    const client = new Client({ name: 'test', version: '1.0.0' });
    await expect(client.connect(new StreamableHTTPClientTransport(new URL(http.url)))).rejects.toThrow(/401|nauthorized/);
  });
});
