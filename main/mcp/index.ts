/**
 * mcp: the station's MCP server (official SDK) with the testbed tools of swf-testbed §5.8 that make
 * sense on one machine.
 *
 * - `createStationMcpServer(backend)` → McpServer with check_agent_manager, start/stop_user_testbed,
 *   start_workflow (returns execution_id), stop_workflow, get_testbed_status and the list tools
 *   (executions, runs, STF files, messages, logs, agents; `{items,total_count,has_more}`, limit/offset).
 *   Results are JSON text plus structuredContent; refusals and failures are tool errors (`isError`).
 * - `openStationBackend({dataDir, bus, user?})`: the store, a TestbedOrchestrator and the agent-manager
 *   channel (`BusAgentManagerChannel`: commands with reply_to + request_id, bus connected on first use).
 * - `startMcpHttpServer({createServer, token, host, port})`: stateless streamable HTTP at /mcp, every
 *   request behind `Authorization: Bearer <token>` (constant-time check, 401 JSON otherwise).
 */
export { BusAgentManagerChannel, REPLY_TIMEOUT_MS, type BusAgentManagerChannelOptions } from './agent-manager-channel.js';
export { agentManagerName, describeAgentManager, type AgentManagerView } from './agent-manager-view.js';
export { bearerMatches, generateToken, readTokenFile } from './bearer-auth.js';
export { MAX_BODY_BYTES, MCP_PATH, startMcpHttpServer, type McpHttpOptions, type McpHttpServer } from './http-server.js';
export type { AgentManagerChannel, McpBackend, OrchestratorPort, TestbedStoreReader } from './ports.js';
export { MCP_TOOL_NAMES, createStationMcpServer } from './server.js';
export { openStationBackend, type StationBackend, type StationBackendOptions } from './station-backend.js';
