/** The workflow tools: start_workflow, stop_workflow and get_testbed_status, through the local orchestrator. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { describeAgentManager } from './agent-manager-view.js';
import type { McpBackend } from './ports.js';
import { auditedAction } from '../station/audited-action.js';
import { guarded, jsonResult } from './tool-result.js';

const number = (what: string) => z.number().positive().optional().describe(what);

/** Registers start_workflow, stop_workflow and get_testbed_status. */
export function registerWorkflowTools(server: McpServer, backend: McpBackend): void {
  server.registerTool(
    'start_workflow',
    {
      description:
        'Start a testbed workflow on this machine, like `station testbed run [CONFIG]`: loads the testbed config, starts the workflow runner and the enabled agents under the station\'s supervisord, ' +
        'and sends run_workflow. Refuses while a workflow of the same namespace is still running. Returns the execution_id (and namespace, agents started and skipped).',
      inputSchema: {
        config: z.string().min(1).optional().describe('testbed config name or file (default: testbed.toml as `station testbed run` finds it)'),
        realtime: z.boolean().optional().describe('true: simulated time runs at wall-clock speed; false: as fast as possible'),
        stf_count: z.number().int().min(0).optional().describe('STFs per physics period (0: duration mode)'),
        physics_period_count: z.number().int().min(0).optional().describe('physics periods (0: until stopped)'),
        physics_period_duration: number('seconds of a physics period in duration mode'),
        stf_interval: number('seconds between STFs'),
        params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional().describe('further workflow parameter overrides, key → value'),
      },
    },
    (args) =>
      guarded(async () => {
        const orchestrator = backend.orchestrator;
        const { config, params, ...named } = args;
        const overrides = { ...params, ...definedOnly(named) };
        const result = await auditedAction(backend.audit, { action: 'testbed:run', target: config ?? 'testbed.toml', params: { config, params: overrides } }, () => orchestrator.run(config, overrides), (r) => ({ executionId: r.executionId, namespace: r.namespace, started: r.started }));
        return jsonResult({
          execution_id: result.executionId,
          namespace: result.namespace,
          workflow_name: result.workflowName,
          started: result.started,
          skipped: result.skipped,
          warnings: result.warnings,
          acknowledged_by_runner: result.acknowledged,
        });
      }),
  );
  server.registerTool(
    'stop_workflow',
    {
      description: 'Stop a running workflow execution on this machine: the runner ends the current run with a proper end_run and marks the execution terminated. The execution must be running.',
      inputSchema: { execution_id: z.string().min(1).describe('the execution to stop, as start_workflow or list_executions returned it') },
      annotations: { destructiveHint: true },
    },
    (args) =>
      guarded(async () => {
        // The orchestrator refuses unknown and no-longer-running executions (upstream: DB status must be running).
        await auditedAction(backend.audit, { action: 'testbed:stop-workflow', target: args.execution_id, params: { executionId: args.execution_id } }, () => backend.orchestrator.stopWorkflow(args.execution_id));
        return jsonResult({ execution_id: args.execution_id, stop_requested: true });
      }),
  );
  server.registerTool(
    'get_testbed_status',
    {
      description: 'The state of the local testbed: supervisord (installed? running?) and its programs (state, pid, uptime, exit status), agents from their heartbeats, the agent manager, and running workflow executions.',
      inputSchema: {},
      annotations: { readOnlyHint: true },
    },
    () =>
      guarded(async () => {
        const status = await backend.orchestrator.status();
        return jsonResult({ ...status, agentManager: describeAgentManager(backend) });
      }),
  );
}

function definedOnly(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
