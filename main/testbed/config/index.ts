/**
 * testbed/config: the testbed's TOML configuration (spec swf-testbed.md §5.2–5.4).
 *
 * - `loadTestbedConfig(file)` → {@link TestbedConfig}: `namespace`, `agents` (`{enabled, script?}` per known
 *   key), `workflow` (`name`, `config`, `realtime`, with the orchestrator's defaults), `parameters` and
 *   `extraSections` (every other section). `findTestbedFile(name?, dir?)` finds the file the way
 *   `testbed run [NAME]` does; `findConfigFile(name, dirs)` tries name, name.toml, name_default.toml.
 * - `resolveWorkflow(config, params?, {configDirs?})` → {@link ResolvedWorkflow}: loads the workflow config
 *   (`[workflow] config`) with its includes and merges it (§5.3): includes add missing sections only; the
 *   testbed file overlays each section per key; params (the file's `[parameters]`, then the ones passed)
 *   override keys some non-workflow section has, the rest come back in `ignoredParams`; `daq` is the
 *   executor's typed view; `enabledAgents` what to start.
 * - `AGENT_KEYS`, `AGENT_PROGRAM_MAP`, `WORKFLOW_RUNNER_PROGRAM`: agent key → supervisord program.
 * - `DEFAULT_TESTBED_CONFIG_DIR` / `DEFAULT_TESTBED_FILE`: the shipped defaults in resources/testbed.
 *
 * Every problem (missing file, TOML syntax, unknown agent or key, wrong type, missing namespace, missing
 * include, include cycle, config not found) throws one {@link TestbedConfigError} whose message reads
 * `file:line[:column]: problem` and names the key; nothing is returned half-checked. Pure file reading:
 * no process is started and nothing is written.
 */
export { AGENT_KEYS, AGENT_PROGRAM_MAP, WORKFLOW_RUNNER_PROGRAM, isAgentKey, type AgentKey } from './agent-keys.js';
export { DEFAULT_TESTBED_CONFIG_DIR, DEFAULT_TESTBED_FILE, configCandidates, findConfigFile, findTestbedFile } from './config-lookup.js';
export { DAQ_KEYS, DAQ_STATE_MACHINE_DEFAULTS, type DaqCoreKey, type DaqSettings } from './daq-settings.js';
export { SYSTEM_SECTIONS } from './document-schema.js';
export { TestbedConfigError, type ConfigProblemLocation } from './errors.js';
export { resolveWorkflow, type ResolvedWorkflow, type ResolveWorkflowOptions } from './resolve-workflow.js';
export { WORKFLOW_DEFAULTS, enabledAgents, isValidNamespace, loadTestbedConfig, testbedConfigFrom } from './testbed-config.js';
export { parseToml, readTomlSource, type TomlSource } from './toml-file.js';
export type { AgentEntry, ParamValue, TestbedConfig, WorkflowSelection } from './types.js';
export { validateParams } from './validate-document.js';
export { loadWorkflowConfig, type ExpandedWorkflowConfig } from './workflow-config.js';
