import { TOPIC_EPIC, workflowControlQueue, type RunWorkflowMessage, type StopWorkflowMessage, type TestbedMessage } from '../messages.js';
import { RealtimeClock, VirtualClock } from './sim-clock.js';
import { runStfDatataking, type DatatakingOutcome } from './stf-datataking.js';
import type { TestbedAgentRuntime } from './runtime.js';
import { resolveRunWorkflow, type WorkflowSettingsSource } from './workflow-settings.js';

/** The workflows this runner can execute (upstream: `workflows/<name>.py`). */
export const KNOWN_WORKFLOWS = ['stf_datataking'] as const;

export interface WorkflowRunnerOptions extends WorkflowSettingsSource {
  /** Forces realtime (true) or as-fast-as-possible (false) for every run, whatever the command says. */
  realtime?: boolean;
}

/** The execution a runner is busy with. */
export interface CurrentExecution {
  executionId: string;
  workflowName: string;
  runId: string | null;
  realtime: boolean;
}

export interface WorkflowRunner {
  readonly current: CurrentExecution | null;
  /** Resolves when no workflow is running (at once when idle). */
  idle(): Promise<void>;
}

/**
 * The persistent workflow runner (spec §5.7; upstream `DAQ_Simulator`): listens on its namespace's
 * control queue; `run_workflow` runs one execution at a time (execution id from the command or the
 * store; execution and run rows in the store), `stop_workflow` (matching or no execution_id) ends the
 * current period with end_run and the execution as `terminated`, `status_request` logs. Between runs it
 * stays READY and takes the next run_workflow. A failed start is reported as `run_workflow_failed` on
 * /topic/epictopic and the execution (when it has an id) as `failed`.
 */
export function createWorkflowRunner(runtime: TestbedAgentRuntime, options: WorkflowRunnerOptions = {}): WorkflowRunner {
  let current: (CurrentExecution & { stop: AbortController; done: Promise<void> }) | null = null;
  const tables = runtime.store.testbed;

  const fail = async (executionId: string | null, workflowName: string, reason: string) => {
    runtime.log('ERROR', `run_workflow failed: ${reason}`, { executionId });
    if (executionId) {
      ensureExecution(executionId, workflowName, '', {});
      tables.finishExecution(executionId, 'failed', Date.now());
    }
    await runtime.send(TOPIC_EPIC, { msg_type: 'run_workflow_failed', execution_id: executionId, workflow_name: workflowName, error: reason }).catch(() => {});
  };

  const ensureExecution = (executionId: string, workflowName: string, configName: string, params: object) => {
    if (tables.getExecution(executionId)) return;
    tables.createExecution({ executionId, workflowName, namespace: runtime.namespace, configName, params, executedBy: runtime.user, startedAt: Date.now() });
  };

  const runWorkflow = async (command: RunWorkflowMessage) => {
    const requestedId = typeof command.execution_id === 'string' && command.execution_id ? command.execution_id : null;
    const workflowName = String(command.workflow_name ?? '');
    if (current) {
      return fail(requestedId, workflowName, `workflow ${current.workflowName} (execution ${current.executionId}) is still running; run_workflow ignored`);
    }
    if (!(KNOWN_WORKFLOWS as readonly string[]).includes(workflowName)) {
      return fail(requestedId, workflowName, `unknown workflow ${JSON.stringify(workflowName)} (known: ${KNOWN_WORKFLOWS.join(', ')})`);
    }
    let resolved;
    try {
      resolved = resolveRunWorkflow(command, runtime.namespace, options);
    } catch (error) {
      return fail(requestedId, workflowName, (error as Error).message);
    }
    const executionId = requestedId ?? tables.nextExecutionId(workflowName, runtime.user);
    const realtime = options.realtime ?? resolved.realtime;
    ensureExecution(executionId, workflowName, resolved.configName, { ...resolved.params, realtime });
    if (resolved.ignoredParams.length > 0) runtime.log('WARNING', `params not applied (no workflow section has them): ${resolved.ignoredParams.join(', ')}`, { executionId });
    const stop = new AbortController();
    const entry = { executionId, workflowName, runId: null as string | null, realtime, stop, done: Promise.resolve() };
    current = entry;
    runtime.setOperationalState('PROCESSING');
    entry.done = execute(entry, resolved.daq, realtime).finally(() => {
      current = null;
      runtime.setOperationalState('READY');
    });
    await entry.done;
  };

  const execute = async (entry: CurrentExecution & { stop: AbortController }, daq: Parameters<typeof runStfDatataking>[0]['daq'], realtime: boolean) => {
    const { executionId } = entry;
    const runNumber = tables.nextRunNumber();
    const runId = String(runNumber);
    entry.runId = runId;
    runtime.log('INFO', `execution ${executionId} started: run ${runId}, ${realtime ? 'realtime' : 'as fast as possible'}`, { executionId, runId });
    let outcome: DatatakingOutcome;
    try {
      outcome = await runStfDatataking({
        clock: realtime ? new RealtimeClock() : new VirtualClock(),
        signal: entry.stop.signal,
        daq,
        namespace: runtime.namespace,
        executionId,
        runId,
        broadcast: async (message: TestbedMessage) => {
          if (message.msg_type === 'run_imminent') tables.createRun({ runNumber, executionId, namespace: runtime.namespace, startedAt: Date.now() });
          await runtime.send(TOPIC_EPIC, message);
          if (message.msg_type === 'end_run') tables.endRun(runNumber, { endedAt: Date.now(), totalStfFiles: Number(message.total_stf_files) });
        },
      });
    } catch (error) {
      runtime.log('ERROR', `execution ${executionId} failed: ${(error as Error).message}`, { executionId, runId });
      tables.finishExecution(executionId, 'failed', Date.now());
      return;
    }
    tables.finishExecution(executionId, outcome.stopped ? 'terminated' : 'completed', Date.now());
    runtime.log('INFO', `execution ${executionId} ${outcome.stopped ? 'terminated' : 'completed'} at t=${outcome.endTick}: ${outcome.totalStfFiles} STF files`, { executionId, runId });
  };

  const stopWorkflow = (command: StopWorkflowMessage) => {
    const wanted = typeof command.execution_id === 'string' && command.execution_id ? command.execution_id : null;
    if (!current) return runtime.log('INFO', `stop_workflow${wanted ? ` ${wanted}` : ''}: no workflow running`);
    if (wanted && wanted !== current.executionId) return runtime.log('INFO', `stop_workflow ${wanted} ignored: running ${current.executionId}`);
    runtime.log('INFO', `stop_workflow: stopping ${current.executionId}`, { executionId: current.executionId, runId: current.runId });
    current.stop.abort();
  };

  runtime.subscribe(workflowControlQueue(runtime.namespace), async (message) => {
    switch (message.msg_type) {
      case 'run_workflow':
        // Not awaited: the queue handler must stay free for stop_workflow while the workflow runs.
        void runWorkflow(message as RunWorkflowMessage).catch((error: Error) => runtime.log('ERROR', `run_workflow: ${error.message}`));
        return;
      case 'stop_workflow':
        return stopWorkflow(message as StopWorkflowMessage);
      case 'status_request':
        return runtime.log('INFO', current ? `status: running ${current.executionId} (run ${current.runId})` : 'status: idle');
      default:
        return runtime.log('DEBUG', `ignored ${String(message.msg_type ?? (message as { command?: string }).command)} on the control queue`);
    }
  });
  // Shutting down mid-run: end the run properly first (end_run, execution terminated).
  runtime.onShutdown(async () => {
    if (!current) return;
    current.stop.abort();
    await current.done;
  });

  return {
    get current() {
      if (!current) return null;
      const { executionId, workflowName, runId, realtime } = current;
      return { executionId, workflowName, runId, realtime };
    },
    idle: async () => {
      while (current) await current.done;
    },
  };
}
