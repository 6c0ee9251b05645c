/**
 * The supervisord programs of a testbed config: the workflow runner plus one program per enabled agent
 * key that has a TypeScript agent (spec §5.2 AGENT_PROGRAM_MAP, §5.5). Each runs
 * `node <bin/station.js> agent testbed-<kind> --namespace … --data-dir … <bus flags>` without a shell.
 */
import { dirname, join } from 'node:path';
import { AGENT_PROGRAM_MAP, DEFAULT_TESTBED_CONFIG_DIR, WORKFLOW_RUNNER_PROGRAM, enabledAgents, type AgentKey, type TestbedConfig } from '../config/index.js';
import type { TestbedBusConfig } from '../bus/index.js';
import type { TomlTable } from 'smol-toml';
import { busArguments } from '../bus-settings.js';
import type { SupervisorProgram } from '../supervisor/index.js';

/** A program the orchestrator runs, with the agent key (or the runner) it stands for. */
export interface ProgramSpec extends SupervisorProgram {
  key: AgentKey | typeof WORKFLOW_RUNNER_PROGRAM;
  /** `station agent <agentCommand>`. */
  agentCommand: string;
}

/** Agent keys with a TypeScript agent → `station agent` sub-command. stf-data and stf-processing are not available yet. */
export const AGENT_COMMANDS: Readonly<Partial<Record<AgentKey, string>>> = Object.freeze({
  data: 'testbed-data',
  processing: 'testbed-processing',
  fastmon: 'fastmon',
  fast_processing: 'testbed-fast-processing',
});
export const WORKFLOW_RUNNER_COMMAND = 'testbed-workflow-runner';

/** Every program name the orchestrator may start (the allowlist for start/stop/restart/tail). */
export const KNOWN_PROGRAMS: readonly string[] = [WORKFLOW_RUNNER_PROGRAM, ...Object.keys(AGENT_COMMANDS).map((key) => AGENT_PROGRAM_MAP[key as AgentKey])];

/** bin/station.js of this package (beside resources/). */
export const DEFAULT_STATION_BIN = join(dirname(dirname(DEFAULT_TESTBED_CONFIG_DIR)), 'bin', 'station.js');

/** Where and how the programs run. */
export interface ProgramContext {
  dataDir: string;
  bus: TestbedBusConfig;
  stationBin: string;
  /** The Node executable (default: this one). */
  nodePath: string;
}

/**
 * The programs of `config` and the enabled keys that are skipped (with the reason). `workflowSections`
 * (the merged workflow config) supplies the fastmon agent's selection fraction.
 */
export function programsFor(
  config: TestbedConfig,
  context: ProgramContext,
  workflowSections: Readonly<Record<string, TomlTable>> = {},
): { programs: ProgramSpec[]; skipped: string[] } {
  const programs = [programSpec(WORKFLOW_RUNNER_PROGRAM, WORKFLOW_RUNNER_COMMAND, config, context)];
  const skipped: string[] = [];
  for (const key of enabledAgents(config)) {
    const command = AGENT_COMMANDS[key];
    if (command === undefined) skipped.push(`${key} (${AGENT_PROGRAM_MAP[key]}): not available yet`);
    else programs.push(programSpec(key, command, config, context, key === 'fastmon' ? fastmonArguments(workflowSections) : []));
  }
  return { programs, skipped };
}

/**
 * `fast_processing.stf_sampling_rate` of the workflow becomes the fastmon agent's selection fraction
 * (upstream carries the key but never uses it, spec §1.3); without it the agent's own settings apply.
 */
export function fastmonArguments(workflowSections: Readonly<Record<string, TomlTable>>): string[] {
  const rate = workflowSections.fast_processing?.stf_sampling_rate as unknown;
  return typeof rate === 'number' && rate > 0 && rate <= 1 ? ['--selection-fraction', String(rate)] : [];
}

function programSpec(key: ProgramSpec['key'], agentCommand: string, config: TestbedConfig, context: ProgramContext, extraArgs: readonly string[] = []): ProgramSpec {
  const bus = busArguments(context.bus);
  const command = [context.nodePath, context.stationBin, 'agent', agentCommand, '--namespace', config.namespace, '--data-dir', context.dataDir, ...bus.args, ...extraArgs];
  // Only the runner reads the testbed file (it overlays it onto the workflow config, spec §5.3 rule 3).
  if (key === WORKFLOW_RUNNER_PROGRAM) command.push('--testbed-config', config.file);
  return {
    key,
    agentCommand,
    name: key === WORKFLOW_RUNNER_PROGRAM ? WORKFLOW_RUNNER_PROGRAM : AGENT_PROGRAM_MAP[key],
    command,
    directory: join(context.dataDir, 'testbed'),
    environment: { ...bus.env, STATION_DATA_DIR: context.dataDir },
    autorestart: true,
    stopsignal: 'TERM',
    stopwaitsecs: 10,
    startsecs: 1,
  };
}
