/** The read tools: executions, runs, STF files, messages and logs straight from the station store. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpBackend } from './ports.js';
import { MAX_WINDOW, guarded, jsonResult, paginate } from './tool-result.js';

/** limit/offset of every list tool. */
const pageShape = {
  limit: z.number().int().min(1).max(1000).default(50).describe('rows per page (1..1000, default 50)'),
  offset: z.number().int().min(0).max(MAX_WINDOW).default(0).describe('rows to skip (default 0)'),
};
const namespace = z.string().min(1).optional().describe('only this testbed namespace');
const executionId = z.string().min(1).optional().describe('only this workflow execution, e.g. stf_datataking-alice-0007');
const newest = z.boolean().default(false).describe('page from the newest end: the last `limit` rows (skipping `offset` newest ones), still oldest first');

/** Registers list_executions, list_runs, list_stf_files, list_messages, list_logs and list_agents. */
export function registerReadTools(server: McpServer, backend: McpBackend): void {
  const { store } = backend;
  server.registerTool(
    'list_executions',
    {
      description:
        'List workflow executions recorded in the local station store, newest first: execution_id, workflow, namespace, status (running|completed|failed|terminated), parameters, start and end (Unix ms). Returns {items,total_count,has_more}.',
      inputSchema: {
        namespace,
        status: z.enum(['running', 'completed', 'failed', 'terminated']).optional().describe('only executions in this state'),
        currently_running: z.boolean().optional().describe('shorthand for status=running'),
        ...pageShape,
      },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      guarded(() => {
        const query = { namespace: args.namespace, status: args.currently_running ? ('running' as const) : args.status };
        return jsonResult(paginate((limit) => store.listExecutions({ ...query, limit }), () => store.countExecutions(query), args));
      }),
  );
  server.registerTool(
    'list_runs',
    {
      description: 'List the runs the local workflow runner took, newest first (run number from 100010 on, execution, namespace, start, end, total_stf_files from end_run, STF files registered). Returns {items,total_count,has_more}.',
      inputSchema: { namespace, execution_id: executionId, ...pageShape },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      guarded(() => {
        const query = { namespace: args.namespace, executionId: args.execution_id };
        return jsonResult(paginate((limit) => store.listRuns({ ...query, limit }), () => store.countRuns(query), args));
      }),
  );
  server.registerTool(
    'list_stf_files',
    {
      description: 'List the super time frame (STF) files the local data agent registered, newest first (filename, run, execution, sequence, state, status registered|processed, processed_by). Returns {items,total_count,has_more}.',
      inputSchema: { run_number: z.number().int().positive().optional().describe('only this run, e.g. 100010'), execution_id: executionId, ...pageShape },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      guarded(() => {
        const query = { runNumber: args.run_number, executionId: args.execution_id };
        return jsonResult(paginate((limit) => store.listStfFiles({ ...query, limit }), () => store.countStfFiles(query), args));
      }),
  );
  server.registerTool(
    'list_messages',
    {
      description:
        'List testbed bus messages the station recorded (run_imminent, start_run, stf_gen, stf_ready, end_run, slices, agent-manager commands …), oldest first, each with destination, sender, run, execution and full body. Returns {items,total_count,has_more}.',
      inputSchema: {
        namespace,
        execution_id: executionId,
        message_type: z.string().min(1).optional().describe('msg_type (or agent-manager command), e.g. stf_gen'),
        agent: z.string().min(1).optional().describe('sender name, e.g. data-agent-alice-3'),
        run_id: z.string().min(1).optional().describe('run number as the messages carry it, e.g. "100010"'),
        after_id: z.number().int().min(0).optional().describe('only messages recorded after this message id (to follow the stream)'),
        newest,
        ...pageShape,
      },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      guarded(() => {
        const query = { namespace: args.namespace, executionId: args.execution_id, msgType: args.message_type, sender: args.agent, runId: args.run_id, afterId: args.after_id };
        const page = { ...args, fromEnd: args.newest };
        return jsonResult(paginate((limit) => store.listMessages({ ...query, limit, newest: args.newest }), () => store.countMessages(query), page));
      }),
  );
  server.registerTool(
    'list_logs',
    {
      description: 'List log entries the local testbed agents wrote to the station store, oldest first (instance, level, message, execution, run, time). Returns {items,total_count,has_more}.',
      inputSchema: {
        instance_name: z.string().min(1).optional().describe('only this agent, e.g. workflow-runner-agent-alice-1'),
        level: z.enum(['DEBUG', 'INFO', 'WARNING', 'ERROR']).optional().describe('this level and above'),
        execution_id: executionId,
        run_id: z.string().min(1).optional().describe('only this run, e.g. "100010"'),
        search: z.string().min(1).optional().describe('case-insensitive text in the message'),
        newest,
        ...pageShape,
      },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      guarded(() => {
        const query = { instanceName: args.instance_name, minLevel: args.level, executionId: args.execution_id, runId: args.run_id, search: args.search };
        const page = { ...args, fromEnd: args.newest };
        return jsonResult(paginate((limit) => store.listLogs({ ...query, limit, newest: args.newest }), () => store.countLogs(query), page));
      }),
  );
  server.registerTool(
    'list_agents',
    {
      description:
        'List the testbed agents from their heartbeats in the station store (name, type, status OK|WARNING|ERROR|EXITED, operational state, namespace, pid, age; ' +
        'alive = heartbeat within 2 min). EXITED and stale (> 3 min) agents only with include_exited. Returns {items,total_count,has_more}.',
      inputSchema: {
        namespace,
        agent_type: z.string().min(1).optional().describe('only this agent type, e.g. DATA or agent_manager'),
        include_exited: z.boolean().default(false).describe('also agents that exited or went silent'),
        ...pageShape,
      },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      guarded(() => {
        // Agents are few: list them all and page here.
        const agents = store.listAgents({ namespace: args.namespace, agentType: args.agent_type, includeExited: args.include_exited });
        return jsonResult(paginate((limit) => agents.slice(0, limit), () => agents.length, args));
      }),
  );
}
