import type { TomlTable } from 'smol-toml';
import type { AgentKey } from './agent-keys.js';

/** A parameter override value (`[parameters]`, CLI `--param`, MCP params). */
export type ParamValue = number | string | boolean;

/** One `[agents.<key>]` entry. */
export interface AgentEntry {
  readonly enabled: boolean;
  /** Informational only: the program each key runs is fixed by AGENT_PROGRAM_MAP (spec §5.2). */
  readonly script?: string;
}

/** `[workflow]` of a testbed file, with the orchestrator's defaults for missing keys (spec §5.4 step 8). */
export interface WorkflowSelection {
  /** The workflow to run (`stf_datataking`). */
  readonly name: string;
  /** The workflow config to load (`fast_processing_default`), looked up as name, name.toml, name_default.toml. */
  readonly config: string;
  readonly realtime: boolean;
}

/** A validated testbed.toml. */
export interface TestbedConfig {
  /** The file it was read from. */
  readonly file: string;
  /** `[testbed].namespace`, non-empty. */
  readonly namespace: string;
  readonly agents: Readonly<Partial<Record<AgentKey, AgentEntry>>>;
  readonly workflow: WorkflowSelection;
  /** `[parameters]`: overrides sent with run_workflow. */
  readonly parameters: Readonly<Record<string, ParamValue>>;
  /** Every other section (`[fast_processing]`, `[daq_state_machine]`, …): overlaid onto the workflow config per key. */
  readonly extraSections: Readonly<Record<string, TomlTable>>;
}
