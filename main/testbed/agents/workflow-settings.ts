import { DEFAULT_TESTBED_FILE, loadTestbedConfig, resolveWorkflow, type ResolvedWorkflow, type TestbedConfig } from '../config/index.js';
import type { RunWorkflowMessage } from '../messages.js';

/** Where the runner finds its own testbed file and the workflow configs. */
export interface WorkflowSettingsSource {
  /** The runner's own testbed file (upstream SWF_TESTBED_CONFIG): its sections overlay the workflow config. */
  testbedConfigFile?: string;
  /** Workflow config directories (default: the testbed file's directory, then resources/testbed). */
  configDirs?: readonly string[];
}

/**
 * Resolves a run_workflow command into the merged workflow settings (spec §5.3): the runner's testbed
 * file (or, without one, an empty one in resources/testbed) with the command's workflow, config and
 * the runner's own namespace, then `params`. Throws TestbedConfigError on bad config or params.
 */
export function resolveRunWorkflow(command: RunWorkflowMessage, namespace: string, source: WorkflowSettingsSource): ResolvedWorkflow {
  const base: TestbedConfig = source.testbedConfigFile
    ? loadTestbedConfig(source.testbedConfigFile)
    : { file: DEFAULT_TESTBED_FILE, namespace, agents: {}, workflow: { name: 'stf_datataking', config: 'fast_processing_default', realtime: true }, parameters: {}, extraSections: {} };
  const config: TestbedConfig = {
    ...base,
    namespace,
    workflow: {
      name: command.workflow_name || base.workflow.name,
      config: command.config || base.workflow.config,
      realtime: typeof command.realtime === 'boolean' ? command.realtime : base.workflow.realtime,
    },
  };
  // The runner's namespace is its own (the queue it listens on); a `namespace` param (MCP sends one) changes nothing.
  const { namespace: _ignored, ...params } = isPlainObject(command.params) ? command.params : {};
  return resolveWorkflow(config, params, source.configDirs ? { configDirs: source.configDirs } : {});
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
