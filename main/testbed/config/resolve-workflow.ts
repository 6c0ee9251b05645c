import { dirname } from 'node:path';
import type { TomlTable, TomlValue } from 'smol-toml';
import type { AgentKey } from './agent-keys.js';
import { DEFAULT_TESTBED_CONFIG_DIR, findConfigFile } from './config-lookup.js';
import { buildDaqSettings, type DaqCoreKey, type DaqSettings } from './daq-settings.js';
import { SYSTEM_SECTIONS } from './document-schema.js';
import { TestbedConfigError } from './errors.js';
import { enabledAgents, isValidNamespace } from './testbed-config.js';
import type { ParamValue, TestbedConfig } from './types.js';
import { validateParams } from './validate-document.js';
import { loadWorkflowConfig } from './workflow-config.js';

/** Where {@link resolveWorkflow} looks for the workflow config. */
export interface ResolveWorkflowOptions {
  /** Directories searched in order; default: the testbed file's directory, then the shipped resources/testbed. */
  readonly configDirs?: readonly string[];
}

/** Everything a workflow run needs, merged by the rules of spec §5.3. */
export interface ResolvedWorkflow {
  /** `[testbed].namespace` after the overlay (and a `namespace` param, as MCP sends one). */
  readonly namespace: string;
  readonly workflowName: string;
  readonly configName: string;
  /** The workflow config file that was found. */
  readonly configFile: string;
  /** Files pulled in through `[workflow] includes`, depth first. */
  readonly includedFiles: readonly string[];
  readonly realtime: boolean;
  /** The executor's view: daq_state_machine ∪ every other non-system section, later sections winning. */
  readonly daq: DaqSettings;
  /** Core DAQ keys no section set, filled from the spec's daq_state_machine defaults. */
  readonly defaultedDaqKeys: readonly DaqCoreKey[];
  /** The merged config, section by section, in merge order. */
  readonly sections: Readonly<Record<string, TomlTable>>;
  /** The params applied: the testbed file's `[parameters]` overlaid by the params passed in. */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Params naming no key of any non-workflow section: not applied (upstream drops them silently; callers should warn). */
  readonly ignoredParams: readonly string[];
  /** The agents the orchestrator starts: the testbed file's `[agents.*]` with enabled = true. */
  readonly enabledAgents: readonly AgentKey[];
}

/** Sections params never touch: `[workflow]` (spec rule 4) and `[agents]`, whose keys are agent tables, not values. */
const PARAM_EXCLUDED_SECTIONS = new Set(['workflow', 'agents']);

/**
 * Loads the testbed's workflow config and merges it (spec §5.3): includes add missing sections, the
 * testbed file overlays every section per key, params override only keys some non-workflow section
 * already has (the others are reported in `ignoredParams`), and `daq` is the executor's view.
 * Bad params or workflow files throw one {@link TestbedConfigError}.
 */
export function resolveWorkflow(config: TestbedConfig, params: Readonly<Record<string, unknown>> = {}, options: ResolveWorkflowOptions = {}): ResolvedWorkflow {
  const applied = { ...config.parameters, ...validateParams(params) };
  const dirs = options.configDirs ?? [dirname(config.file), DEFAULT_TESTBED_CONFIG_DIR];
  const configFile = findConfigFile(config.workflow.config, dirs);
  const expanded = loadWorkflowConfig(configFile);
  const sections = overlayTestbed(expanded.sections, config);
  const ignoredParams = applyParams(sections, applied);
  const namespace = checkedNamespace(sections.testbed?.namespace);
  const { daq, defaulted } = buildDaqSettings(executorView(sections));
  return {
    namespace,
    workflowName: String(sections.workflow.name),
    configName: config.workflow.config,
    configFile,
    includedFiles: expanded.includedFiles,
    realtime: sections.workflow.realtime === true,
    daq,
    defaultedDaqKeys: defaulted,
    sections,
    params: applied,
    ignoredParams,
    enabledAgents: enabledAgents(config),
  };
}

/** Rule 3: every section of the testbed file updates the same section per key (a new section is appended). */
function overlayTestbed(base: Record<string, TomlTable>, config: TestbedConfig): Record<string, TomlTable> {
  const overlay: Record<string, TomlTable> = {
    testbed: { namespace: config.namespace },
    agents: structuredClone(config.agents) as TomlTable,
    workflow: { ...config.workflow },
    ...structuredClone(config.extraSections),
  };
  const sections = { ...base };
  for (const [name, table] of Object.entries(overlay)) sections[name] = { ...(sections[name] ?? {}), ...table };
  return sections;
}

/** Rule 4: a param sets its key in every non-workflow section that has it; returns the params no section has. */
function applyParams(sections: Record<string, TomlTable>, params: Readonly<Record<string, ParamValue>>): string[] {
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    const targets = Object.entries(sections).filter(([name, table]) => !PARAM_EXCLUDED_SECTIONS.has(name) && key in table);
    if (targets.length === 0) ignored.push(key);
    for (const [, table] of targets) table[key] = value;
  }
  return ignored;
}

/** Rule 5: daq_state_machine first, then every other non-system section in merge order; later keys win. */
function executorView(sections: Readonly<Record<string, TomlTable>>): Record<string, TomlValue> {
  const view: Record<string, TomlValue> = { ...(sections.daq_state_machine ?? {}) };
  for (const [name, table] of Object.entries(sections)) {
    if (name !== 'daq_state_machine' && !SYSTEM_SECTIONS.includes(name)) Object.assign(view, table);
  }
  return view;
}

function checkedNamespace(value: TomlValue | undefined): string {
  // Only a `namespace` param can get here with a bad value: the testbed file's own was checked on load.
  if (!isValidNamespace(value)) {
    throw new TestbedConfigError(`namespace must be a non-empty name of letters, digits, '.', '_' and '-', got ${JSON.stringify(value)}`, { file: 'params', key: 'namespace' });
  }
  return value;
}
