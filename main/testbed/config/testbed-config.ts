import type { TomlTable } from 'smol-toml';
import type { AgentKey } from './agent-keys.js';
import type { ValidDocument } from './document-schema.js';
import { TestbedConfigError } from './errors.js';
import { locatePath } from './source-locator.js';
import { readTomlSource, type TomlSource } from './toml-file.js';
import type { AgentEntry, ParamValue, TestbedConfig, WorkflowSelection } from './types.js';
import { validateDocument } from './validate-document.js';

/** What the orchestrator sends when `[workflow]` leaves a key out (spec §5.4 step 8). */
export const WORKFLOW_DEFAULTS: WorkflowSelection = Object.freeze({ name: 'stf_datataking', config: 'fast_processing_default', realtime: true });

/** The sections with a typed field of their own in {@link TestbedConfig}. */
const FIXED_SECTIONS = new Set(['testbed', 'agents', 'workflow', 'parameters']);

/** Namespaces become part of queue names (`/queue/workflow_control.<ns>`): keep them to safe characters. */
const NAMESPACE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** True for a usable namespace: non-empty; letters, digits, '.', '_' and '-'. */
export function isValidNamespace(value: unknown): value is string {
  return typeof value === 'string' && NAMESPACE_PATTERN.test(value);
}

/**
 * Reads, parses and validates a testbed.toml. Any problem throws one {@link TestbedConfigError}
 * naming the file, line and key; nothing is returned half-checked.
 */
export function loadTestbedConfig(file: string): TestbedConfig {
  return testbedConfigFrom(readTomlSource(file));
}

/** Same as {@link loadTestbedConfig} for text already in memory (the `file` names it in errors). */
export function testbedConfigFrom(source: TomlSource): TestbedConfig {
  const document = validateDocument(source);
  const namespace = requireNamespace(source, document);
  const { agents, workflow } = document;
  // Built from the parsed document, not zod's output: the file's order of agents and sections is kept.
  const agentEntries = Object.keys(source.document.agents ?? {}).map((key) => [key, agents?.[key as AgentKey]]);
  const extraSections = Object.entries(source.document).filter(([name]) => !FIXED_SECTIONS.has(name));
  return {
    file: source.file,
    namespace,
    agents: Object.fromEntries(agentEntries) as Partial<Record<AgentKey, AgentEntry>>,
    workflow: {
      name: workflow?.name ?? WORKFLOW_DEFAULTS.name,
      config: workflow?.config ?? WORKFLOW_DEFAULTS.config,
      realtime: workflow?.realtime ?? WORKFLOW_DEFAULTS.realtime,
    },
    parameters: { ...(source.document.parameters as Record<string, ParamValue> | undefined) },
    extraSections: structuredClone(Object.fromEntries(extraSections)) as Record<string, TomlTable>,
  };
}

function requireNamespace(source: TomlSource, document: ValidDocument): string {
  const namespace = document.testbed?.namespace?.trim();
  if (!namespace) {
    // The upstream wording, so users of the Python testbed recognise it.
    const line = locatePath(source.text, ['testbed', 'namespace']);
    throw new TestbedConfigError('namespace not set in [testbed] section', { file: source.file, line, key: '[testbed] namespace' });
  }
  if (!NAMESPACE_PATTERN.test(namespace)) {
    const line = locatePath(source.text, ['testbed', 'namespace']);
    throw new TestbedConfigError(
      `[testbed] namespace ${JSON.stringify(namespace)} may only contain letters, digits, '.', '_' and '-' (it names message queues)`,
      { file: source.file, line, key: '[testbed] namespace' },
    );
  }
  return namespace;
}

/** The agent keys with `enabled = true`, in file order: what the orchestrator starts. */
export function enabledAgents(config: Pick<TestbedConfig, 'agents'>): AgentKey[] {
  return (Object.entries(config.agents) as [AgentKey, AgentEntry | undefined][]).filter(([, entry]) => entry?.enabled).map(([key]) => key);
}
