/** `station mcp` as its own process: stdio (an SDK client spawns it) and --http (bearer token), on a seeded store. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MCP_TOOL_NAMES } from '../../../main/mcp/server.js';
import { openStationStore } from '../../../main/store/index.js';
import type { RunningProcess } from '../../helpers/net.js';
import { STATION_BIN, startStation } from '../../helpers/station.js';
import { seedTestbed, type Seeded } from './seed-store.js';

const structured = (result: unknown) => (result as CallToolResult).structuredContent as Record<string, unknown>;

describe('station mcp', () => {
  let dataDir: string;
  let seeded: Seeded;
  const processes: RunningProcess[] = [];

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'mcp-cli-'));
    const store = openStationStore(dataDir);
    seeded = seedTestbed(store.testbed);
    store.close();
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
  });

  it('over stdio: an SDK client spawns it, lists the tools and reads the store', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [STATION_BIN, 'mcp', '--data-dir', dataDir], stderr: 'pipe' });
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(transport);
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual([...MCP_TOOL_NAMES]);
      expect(structured(await client.callTool({ name: 'list_executions', arguments: { status: 'completed' } }))).toMatchObject({
        items: [{ executionId: seeded.finished, namespace: 'torre1', status: 'completed' }],
        total_count: 1,
        has_more: false,
      });
      const messages = structured(await client.callTool({ name: 'list_messages', arguments: { execution_id: seeded.finished, message_type: 'stf_gen' } }));
      expect((messages.items as { body: { filename: string } }[]).map((m) => m.body.filename)).toEqual(['swf.100010.000001.stf', 'swf.100010.000002.stf', 'swf.100010.000003.stf']);
      expect(structured(await client.callTool({ name: 'get_testbed_status', arguments: {} }))).toMatchObject({ supervisordInstalled: true, supervisordRunning: false });
    } finally {
      await client.close();
    }
    // Closing the client ends the server process (stdin closed).
    expect(transport.pid).toBeNull();
  });

  async function startHttp(extra: string[] = []): Promise<{ url: string; token: string; proc: RunningProcess }> {
    const proc = startStation(['mcp', '--http', '--port', '0', '--data-dir', dataDir, ...extra]);
    processes.push(proc);
    const match = await proc.waitForLine(/^station mcp: (http:\/\/\S+\/mcp) \(token (.+)\)$/);
    return { url: match[1], token: match[2], proc };
  }

  it('over HTTP: prints URL and token, 401 without or with a wrong token, serves an SDK client with it', async () => {
    const { url, token } = await startHttp();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
    expect((await fetch(url, { method: 'POST', headers, body })).status).toBe(401);
    expect((await fetch(url, { method: 'POST', headers: { ...headers, Authorization: `Bearer ${'0'.repeat(64)}` }, body })).status).toBe(401);

    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
    expect((await client.listTools()).tools).toHaveLength(MCP_TOOL_NAMES.length);
    expect(structured(await client.callTool({ name: 'list_runs', arguments: { limit: 1 } }))).toMatchObject({ items: [{ runNumber: 100011 }], total_count: 2, has_more: true });
    const refused = (await client.callTool({ name: 'stop_workflow', arguments: { execution_id: seeded.other } })) as CallToolResult;
    expect(refused).toMatchObject({ isError: true, content: [{ type: 'text', text: `Execution ${seeded.other} is not running (terminated)` }] });
    await client.close();
  });

  it('takes the token from --token-file without echoing it, and warns off loopback', async () => {
    const tokenFile = join(dataDir, 'mcp-token');
    const secret = 'a-secret-token-of-some-length';
    writeFileSync(tokenFile, `${secret}\n`);
    const { url, token, proc } = await startHttp(['--token-file', tokenFile, '--host', '0.0.0.0']);
    expect(token).toBe(`from ${tokenFile}`);
    expect(proc.lines.join('\n')).not.toContain(secret);
    await proc.waitForLine(/WARNING: listening on 0\.0\.0\.0/);
    const local = url.replace('0.0.0.0', '127.0.0.1');
    const init = { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }) };
    expect((await fetch(local, init)).status).toBe(401);
    const ok = await fetch(local, { ...init, headers: { ...init.headers, Authorization: `Bearer ${secret}` } });
    expect(ok.status).toBe(200);
  });

  it('refuses a bad token file in one line and exits 1', async () => {
    const proc = startStation(['mcp', '--http', '--port', '0', '--data-dir', dataDir, '--token-file', join(dataDir, 'missing-token')]);
    processes.push(proc);
    expect(await proc.exited()).toBe(1);
    expect(proc.lines.join('\n')).toMatch(/station: cannot read the MCP token file .*missing-token/);
  });
});
