/**
 * What the Testbed view sees of the testbed (swf-testbed spec §5–§6): configs, supervisord programs,
 * agent heartbeats, executions and the recorded message stream. Plain data, shared by main and the renderer.
 */

/** One testbed.toml the station can run: shipped (read-only) or the user's own (editable). */
export interface TestbedConfigEntry {
  /** What `testbed run NAME` takes: the file name without `.toml`. */
  name: string;
  /** Absolute path. */
  file: string;
  source: 'builtin' | 'user';
  /** Only user configs (under `<dataDir>/testbed/configs`) may be saved. */
  editable: boolean;
}

/** A config problem located for the editor (line/column 1-based, key as `[table] key`). */
export interface TestbedConfigProblem {
  message: string;
  line: number | null;
  column: number | null;
  key: string | null;
}

/** The outcome of checking a config text; `errors` is empty when it is valid. */
export interface TestbedConfigValidation {
  ok: boolean;
  errors: TestbedConfigProblem[];
  /** From the valid config: its namespace, the enabled agent keys and the workflow it runs. */
  namespace: string | null;
  enabledAgents: string[];
  workflow: { name: string; config: string; realtime: boolean } | null;
}

export interface TestbedConfigText {
  entry: TestbedConfigEntry;
  text: string;
}

/** One supervisord program of the station's testbed (supervisord's own process info). */
export interface TestbedProgramView {
  name: string;
  /** supervisord state name: RUNNING, STARTING, STOPPED, EXITED, FATAL, BACKOFF, … */
  state: string;
  pid: number | null;
  /** Seconds since it started, null unless running. */
  uptimeS: number | null;
  exitStatus: number | null;
  description: string;
}

/** An agent as its heartbeats in the store show it (§4 liveness windows). */
export interface TestbedAgentView {
  instanceName: string;
  agentType: string;
  status: string;
  operationalState: string;
  namespace: string | null;
  pid: number | null;
  hostname: string | null;
  /** Unix ms of the last heartbeat. */
  lastHeartbeat: number;
  mqConnected: boolean;
}

export interface TestbedExecutionView {
  executionId: string;
  workflowName: string;
  namespace: string;
  configName: string;
  status: string;
  executedBy: string;
  /** Unix ms. */
  startedAt: number;
  endedAt: number | null;
  params: Record<string, unknown>;
}

/** supervisord as the station finds it: missing (with the install hint), not started yet, or running. */
export interface TestbedSupervisorView {
  installed: boolean;
  running: boolean;
  /**
   * Why it is not usable (not installed, or killed/crashed and being replaced), or that it was replaced
   * lately; null when fine. Installed, not running and a message: supervisord is down unexpectedly.
   */
  message: string | null;
  installHint: string | null;
}

export interface TestbedStatusView {
  /** Unix ms when main built it. */
  at: number;
  supervisor: TestbedSupervisorView;
  programs: TestbedProgramView[];
  agents: TestbedAgentView[];
  /** Executions still running, newest first. */
  running: TestbedExecutionView[];
  /** The testbed bus the station uses (e.g. `wamp ws://127.0.0.1:8001/ws (test_realm)`), and its state. */
  bus: { description: string; state: string };
  /** A problem building the status (shown in place; the rest is the last known state). */
  error: string | null;
}

/** One recorded testbed message (ascending ids). */
export interface TestbedMessageView {
  id: number;
  /** Unix ms when the station recorded it. */
  receivedAt: number;
  destination: string;
  msgType: string;
  sender: string | null;
  namespace: string | null;
  runId: string | null;
  executionId: string | null;
  body: Record<string, unknown>;
}

/** The Run form's workflow parameters (spec §5.7 names). */
export interface TestbedRunParams {
  stf_count?: number;
  physics_period_count?: number;
  stf_interval?: number;
  realtime?: boolean;
}

export interface TestbedRunResult {
  executionId: string;
  namespace: string;
  started: string[];
  skipped: string[];
  /** Things worth knowing (agents that did not come up, ignored parameters). */
  warnings: string[];
}

/** Every message type the runner and agents send on the epic topic, in timeline order. */
export const TESTBED_TIMELINE_TYPES = ['run_imminent', 'start_run', 'pause_run', 'resume_run', 'stf_gen', 'stf_ready', 'end_run'] as const;
