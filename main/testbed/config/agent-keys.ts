/** The `[agents.<key>]` names a testbed file may use (spec §5.2). */
export const AGENT_KEYS = ['data', 'processing', 'fastmon', 'fast_processing', 'stf-data', 'stf-processing'] as const;

/** One of {@link AGENT_KEYS}. */
export type AgentKey = (typeof AGENT_KEYS)[number];

/** testbed.toml agent key → supervisord program name, as the orchestrator and agent manager hardcode it (spec §5.2). */
export const AGENT_PROGRAM_MAP: Readonly<Record<AgentKey, string>> = Object.freeze({
  data: 'example-data-agent',
  processing: 'example-processing-agent',
  fastmon: 'example-fastmon-agent',
  fast_processing: 'fast-processing-agent',
  'stf-data': 'stf-data-agent',
  'stf-processing': 'stf-processing-agent',
});

/** The persistent runner program every `testbed run` starts before the agents (spec §5.4 step 5). */
export const WORKFLOW_RUNNER_PROGRAM = 'workflow-runner';

/** True when `key` names a known agent. */
export function isAgentKey(key: string): key is AgentKey {
  return (AGENT_KEYS as readonly string[]).includes(key);
}
