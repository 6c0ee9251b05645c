/** check_agent_manager, start_user_testbed and stop_user_testbed: the user's agent manager over the bus. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { auditedAction } from '../station/audited-action.js';
import { describeAgentManager } from './agent-manager-view.js';
import type { AgentManagerReplyBody, McpBackend } from './ports.js';
import { guarded, jsonResult, toolError } from './tool-result.js';

/** Registers the three agent-manager tools. */
export function registerAgentManagerTools(server: McpServer, backend: McpBackend): void {
  const notRunning = () =>
    `the agent manager of ${backend.user} is not running (no heartbeat within 5 min): start it with \`station testbed agent-manager\``;
  server.registerTool(
    'check_agent_manager',
    {
      description:
        `Is the agent manager of ${backend.user} alive? From its heartbeats in the station store (alive = heartbeat within 5 min and not EXITED); ` +
        'with ping=true it is also pinged over the testbed bus. Returns its state, namespace and control queue.',
      inputSchema: { ping: z.boolean().default(false).describe('also send a ping over the bus and wait for the reply') },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      guarded(async () => {
        const view = describeAgentManager(backend);
        if (!args.ping) return jsonResult(view);
        const started = Date.now();
        try {
          const reply = await backend.agentManager.command('ping');
          return jsonResult({ ...view, ping: { ok: true, round_trip_ms: Date.now() - started, reply } });
        } catch (error) {
          return jsonResult({ ...view, ping: { ok: false, error: (error as Error).message } });
        }
      }),
  );
  server.registerTool(
    'start_user_testbed',
    {
      description:
        `Ask the agent manager of ${backend.user} to start the testbed agents (workflow runner and the agents the config enables) under the station's supervisord. ` +
        'Does not start a workflow (use start_workflow). The manager must be alive; it refuses while agents are already running.',
      inputSchema: { config_name: z.string().min(1).optional().describe('testbed config name (default: the manager\'s testbed.toml)') },
    },
    (args) =>
      guarded(async () => {
        if (!describeAgentManager(backend).alive) return toolError(notRunning());
        const fields = args.config_name ? { config_name: args.config_name } : {};
        const reply = await auditedAction(backend.audit, { action: 'agent-manager:start_testbed', target: `agent manager of ${backend.user}`, params: fields }, () => backend.agentManager.command('start_testbed', fields), (r) => r, refusalOf);
        return commandOutcome('start_testbed', reply);
      }),
  );
  server.registerTool(
    'stop_user_testbed',
    {
      description: `Ask the agent manager of ${backend.user} to stop every testbed agent it runs under supervisord.`,
      inputSchema: {},
      annotations: { destructiveHint: true },
    },
    () =>
      guarded(async () => {
        if (!describeAgentManager(backend).alive) return toolError(notRunning());
        const reply = await auditedAction(backend.audit, { action: 'agent-manager:stop_testbed', target: `agent manager of ${backend.user}`, params: {} }, () => backend.agentManager.command('stop_testbed'), (r) => r, refusalOf);
        return commandOutcome('stop_testbed', reply);
      }),
  );
}

/** A reply with `ok: false` (the manager refused or failed) is a tool error carrying the manager's message. */
function commandOutcome(command: string, reply: AgentManagerReplyBody) {
  if (reply.ok === false) return toolError(`agent manager refused ${command}: ${String(reply.message ?? 'no reason given')}`);
  return jsonResult({ command, ok: reply.ok ?? true, message: reply.message ?? null, reply });
}

/** An agent-manager reply with `ok: false` is the manager refusing: recorded as such in the audit log. */
function refusalOf(reply: Record<string, unknown>): string | null {
  return reply.ok === false ? String(reply.message ?? 'refused') : null;
}
