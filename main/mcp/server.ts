/** The station's MCP server: the testbed tools of swf-testbed §5.8 that make sense on one machine. */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerAgentManagerTools } from './agent-manager-tools.js';
import type { McpBackend } from './ports.js';
import { registerReadTools } from './read-tools.js';
import { registerWorkflowTools } from './workflow-tools.js';

/** Every tool this server exposes, in registration order. */
export const MCP_TOOL_NAMES = [
  'check_agent_manager', 'start_user_testbed', 'stop_user_testbed',
  'start_workflow', 'stop_workflow', 'get_testbed_status',
  'list_executions', 'list_runs', 'list_stf_files', 'list_messages', 'list_logs', 'list_agents',
] as const;

const INSTRUCTIONS =
  'Control Station testbed tools (local ePIC streaming-workflow testbed). Typical flow: get_testbed_status, ' +
  'start_workflow (returns execution_id), then list_messages / list_runs / list_stf_files with that execution_id; ' +
  'stop_workflow to end it early. Lists return {items,total_count,has_more}; page with limit/offset.';

/** Builds an MCP server with all tools bound to `backend` (not yet connected to a transport). */
export function createStationMcpServer(backend: McpBackend, version = '0.1.0'): McpServer {
  const server = new McpServer({ name: 'control-station-testbed', version }, { instructions: INSTRUCTIONS });
  registerAgentManagerTools(server, backend);
  registerWorkflowTools(server, backend);
  registerReadTools(server, backend);
  return server;
}
