/**
 * `station mcp [--http --port P --host H --token-file F]`: the testbed MCP server (spec §5.8) over stdio
 * (default: an MCP client starts it) or streamable HTTP with a bearer token.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { generateToken, readTokenFile } from '../mcp/bearer-auth.js';
import { startMcpHttpServer } from '../mcp/http-server.js';
import { createStationMcpServer } from '../mcp/server.js';
import { openStationBackend } from '../mcp/station-backend.js';
import { consoleLogger } from '../ocs/logger.js';
import { isLoopbackHost } from '../serve/loopback.js';
import { defaultDataDir } from '../store/index.js';
import { BUS_FLAG_HELP, resolveCommandBusSettings, type BusFlags } from '../testbed/bus-settings.js';
import { DEFAULT_TESTBED_CONFIG_DIR } from '../testbed/config/index.js';
import { DATA_DIR_FLAG, DATA_DIR_HELP, parseNumber, stopOnSignals } from './lifecycle.js';

interface McpCliOptions extends BusFlags {
  dataDir?: string;
  configDir?: string[];
  http?: boolean;
  port: number;
  host: string;
  tokenFile?: string;
}

export const MCP_DEFAULTS = { port: 8766, host: '127.0.0.1' } as const;

/** Registers `station mcp`. */
export function addMcpCommand(program: Command): void {
  const command = program
    .command('mcp')
    .description('MCP server with the testbed tools (stdio by default; --http for streamable HTTP with a bearer token)')
    .option(DATA_DIR_FLAG, DATA_DIR_HELP)
    .option('--config-dir <dir>', 'extra testbed config directory, searched first (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--http', 'serve streamable HTTP at /mcp instead of stdio')
    .option('--port <port>', 'HTTP port (0 picks a free one)', parseNumber('--port', 0, 65535), MCP_DEFAULTS.port)
    .option('--host <address>', 'HTTP address; anything but loopback exposes the testbed tools to the network', MCP_DEFAULTS.host)
    .option('--token-file <file>', 'read the bearer token from this file instead of generating one per start');
  for (const [flag, help] of BUS_FLAG_HELP) command.option(flag, help);
  command.action(async (options: McpCliOptions) => {
    // stdout carries the protocol in stdio mode (and the URL line in HTTP mode): libraries' console.log goes to stderr.
    console.log = (...args: unknown[]) => console.error(...args);
    const dataDir = options.dataDir ?? defaultDataDir();
    const configDirs = [...(options.configDir ?? []), join(dataDir, 'testbed', 'configs'), DEFAULT_TESTBED_CONFIG_DIR];
    const backend = openStationBackend({ dataDir, bus: resolveCommandBusSettings(options, dataDir), configDirs, logger: consoleLogger('station mcp') });
    if (options.http) return serveHttp(options, backend);
    const server = createStationMcpServer(backend);
    const stop = async () => {
      await server.close();
      await backend.close();
    };
    stopOnSignals('station mcp', stop);
    // The client ending our stdin is the normal way an stdio MCP server is told to go.
    process.stdin.on('end', () => void stop().then(() => process.exit(0)));
    await server.connect(new StdioServerTransport());
    process.stderr.write(`station mcp: serving on stdio (station data in ${dataDir})\n`);
  });
}

async function serveHttp(options: McpCliOptions, backend: ReturnType<typeof openStationBackend>): Promise<void> {
  if (!isLoopbackHost(options.host)) {
    process.stderr.write(`station mcp: WARNING: listening on ${options.host}: anyone on the network holding the token controls this testbed\n`);
  }
  const token = options.tokenFile ? readTokenFile(options.tokenFile) : generateToken();
  const http = await startMcpHttpServer({
    createServer: () => createStationMcpServer(backend),
    token,
    host: options.host,
    port: options.port,
    onError: (error) => process.stderr.write(`station mcp: ${(error as Error).message}\n`),
  });
  stopOnSignals('station mcp', async () => {
    await http.close();
    await backend.close();
  });
  // With --token-file the token is the user's own secret: do not echo it.
  process.stdout.write(`station mcp: ${http.url} (token ${options.tokenFile ? `from ${options.tokenFile}` : token})\n`);
}
