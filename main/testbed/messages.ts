/**
 * The testbed's messages (swf-testbed spec §4.3, §5.4–§5.7, §6) and their envelope rules.
 *
 * There is no formal upstream schema: the types below are the conventional shapes the upstream agents
 * send, so consumers can narrow on `msg_type` (workflow messages) or `command` (agent-manager commands).
 * Extra fields are always allowed. The envelope rules are upstream's BaseAgent rules:
 * - `prepareOutgoing` always overwrites `sender` with the agent's name and sets `namespace` when the
 *   agent has one (a message from an agent without a namespace keeps whatever it carried);
 * - `shouldDrop` drops a received message only when the agent AND the message have a namespace and
 *   they differ (messages without a namespace are processed by everyone).
 */

/** Fields every testbed message may carry (§4.3). */
export interface Envelope {
  namespace?: string | null;
  sender?: string;
  /** Naive local ISO time, e.g. `2026-08-07T14:03:11.512345` (see `naiveLocalTimestamp`). */
  timestamp?: string;
  [field: string]: unknown;
}

/** The E0–E1 state stamp the runner puts on run-lifecycle messages. */
export interface StateStamp {
  state: string;
  substate: string | null;
}

/** Fields of every run-lifecycle broadcast of the workflow runner on /topic/epictopic (§5.7). */
export interface RunMessageBase extends Envelope {
  run_id: string;
  execution_id?: string | null;
  simulation_tick?: number;
}

// ── Workflow control (/queue/workflow_control.<namespace>) ────────────────────────────────────────

/** Starts a workflow in the namespace's runner (§5.4 step 8; MCP adds duration/source). */
export interface RunWorkflowMessage extends Envelope {
  msg_type: 'run_workflow';
  workflow_name: string;
  config?: string | null;
  realtime?: boolean;
  params?: Record<string, unknown>;
  duration?: number;
  source?: string;
}

/** Stops the running execution (ignored by the runner when `execution_id` names another one). */
export interface StopWorkflowMessage extends Envelope {
  msg_type: 'stop_workflow';
  execution_id?: string;
}

/** Asks the runner to log its status. */
export interface StatusRequestMessage extends Envelope {
  msg_type: 'status_request';
}

// ── Run lifecycle and data flow (/topic/epictopic) ────────────────────────────────────────────────

export interface RunImminentMessage extends RunMessageBase, StateStamp {
  msg_type: 'run_imminent';
}
export interface StartRunMessage extends RunMessageBase, StateStamp {
  msg_type: 'start_run';
}
export interface PauseRunMessage extends RunMessageBase, StateStamp {
  msg_type: 'pause_run';
  reason?: string;
}
export interface ResumeRunMessage extends RunMessageBase, StateStamp {
  msg_type: 'resume_run';
}
/** One super time frame generated: `swf.<run>.<seq:06d>.stf`. */
export interface StfGenMessage extends RunMessageBase, StateStamp {
  msg_type: 'stf_gen';
  filename: string;
  sequence: number;
}
/** End of a run; upstream sends no state stamp here. */
export interface EndRunMessage extends RunMessageBase {
  msg_type: 'end_run';
  total_stf_files: number;
}
/** A data agent registered an STF (§6.1 per-file shape; the Rucio agent's per-run shape has no filename). */
export interface StfReadyMessage extends Envelope {
  msg_type: 'stf_ready';
  run_id: string;
  filename?: string;
  execution_id?: string | null;
  file_url?: string | null;
  checksum?: string | null;
  size_bytes?: number | null;
  start?: string | null;
  end?: string | null;
  state?: string;
  substate?: string | null;
  sequence?: number;
  simulation_tick?: number;
  processed_by?: string;
}
/** Fastmon registered one TF subsample of an STF (§1.6). */
export interface TfFileRegisteredMessage extends Envelope {
  msg_type: 'tf_file_registered';
  run_id: string;
  execution_id?: string | null;
  processed_by?: string;
  tf_file_id?: string;
  tf_filename: string;
  tf_first: number;
  tf_last: number;
  tf_count: number;
  /** Bytes of the TF sample; null when the STF size is unknown (upstream put the TF count here). */
  file_size_bytes?: number | null;
  /** The run as a number (the fastmon client's per-run statistics key on it). */
  run_number?: number;
  stf_filename: string;
  status?: string;
}

/** Messages on the workflow control queue. */
export type WorkflowControlMessage = RunWorkflowMessage | StopWorkflowMessage | StatusRequestMessage;
/** Run-lifecycle and data-flow messages on /topic/epictopic (upstream's WORKFLOW_MESSAGE_TYPES). */
export type WorkflowMessage =
  | RunImminentMessage | StartRunMessage | PauseRunMessage | ResumeRunMessage | StfGenMessage | EndRunMessage
  | StfReadyMessage | TfFileRegisteredMessage;

export const WORKFLOW_MESSAGE_TYPES: ReadonlySet<string> = new Set([
  'run_imminent', 'start_run', 'pause_run', 'resume_run', 'end_run', 'stf_gen', 'stf_ready', 'tf_file_registered',
]);

// ── Agent manager (/queue/agent_control.<user>, §5.6) ─────────────────────────────────────────────

interface CommandBase extends Envelope {
  /** Destination for the reply (status, ping, and our added command results). */
  reply_to?: string;
  source?: string;
}
export interface StartTestbedCommand extends CommandBase {
  command: 'start_testbed';
  config_name?: string;
}
export interface StopTestbedCommand extends CommandBase {
  command: 'stop_testbed';
}
export interface RestartCommand extends CommandBase {
  command: 'restart';
}
export interface StatusCommand extends CommandBase {
  command: 'status';
}
export interface PingCommand extends CommandBase {
  command: 'ping';
}
export type AgentManagerCommand = StartTestbedCommand | StopTestbedCommand | RestartCommand | StatusCommand | PingCommand;

/**
 * Replies go to `reply_to`. Upstream's replies carry no discriminator; ours add `msg_type` so they pass
 * `parseIncoming` and can be told apart (an extra field, harmless to upstream readers).
 */
export interface AgentManagerStatusReply extends Envelope {
  msg_type: 'agent_manager_status';
  username: string;
  agents_running: boolean;
  supervisord_status: string;
}
export interface AgentManagerPongReply extends Envelope {
  msg_type: 'agent_manager_pong';
  status: 'alive';
  username: string;
}
/** Added (spec §9 "reply to agent-manager refusals"): the outcome of start/stop/restart when `reply_to` is given. */
export interface AgentManagerResultReply extends Envelope {
  msg_type: 'agent_manager_result';
  command: AgentManagerCommand['command'];
  ok: boolean;
  message: string;
  username: string;
}
export type AgentManagerReply = AgentManagerStatusReply | AgentManagerPongReply | AgentManagerResultReply;

/** A message of a type this module does not describe (e.g. upstream's `slice`, MCP announcements). */
export interface OtherMessage extends Envelope {
  msg_type: string;
}

/** Everything the bus carries. */
export type TestbedMessage = WorkflowControlMessage | WorkflowMessage | AgentManagerReply | AgentManagerCommand | OtherMessage;

// ── Envelope rules ────────────────────────────────────────────────────────────────────────────────

/** Who sends: the agent's name (e.g. `data-agent-alice-41`) and its namespace, if any. */
export interface SenderIdentity {
  agentName: string;
  namespace?: string | null;
}

/** A copy of `message` with `sender` overwritten and `namespace` set from the agent (when it has one). */
export function prepareOutgoing<T extends Envelope>(message: T, identity: SenderIdentity): T & { sender: string } {
  const prepared: T & { sender: string } = { ...message, sender: identity.agentName };
  if (identity.namespace) prepared.namespace = identity.namespace;
  return prepared;
}

/** True when the agent should ignore `message`: both have a namespace and they differ. */
export function shouldDrop(message: Envelope, agentNamespace: string | null | undefined): boolean {
  const theirs = message.namespace;
  return Boolean(agentNamespace) && typeof theirs === 'string' && theirs !== '' && theirs !== agentNamespace;
}

export type ParseResult = { ok: true; message: TestbedMessage } | { ok: false; reason: string };

/** Parses a received body: a JSON object with a string `msg_type` (or `command`, for agent-manager commands). */
export function parseIncoming(body: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { ok: false, reason: `body is not JSON (${(error as Error).message}): ${preview(body)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: `body is not a JSON object: ${preview(body)}` };
  }
  const record = value as Record<string, unknown>;
  if (typeof record.msg_type === 'string' && record.msg_type !== '') return { ok: true, message: record as TestbedMessage };
  if (typeof record.command === 'string' && record.command !== '') return { ok: true, message: record as TestbedMessage };
  return { ok: false, reason: `message has no msg_type (nor an agent-manager command): ${preview(body)}` };
}

function preview(body: string): string {
  return body.length > 80 ? `${JSON.stringify(body.slice(0, 80))}…` : JSON.stringify(body);
}

/** Naive local ISO time with microseconds, as Python's `datetime.now().isoformat()` prints it. */
export function naiveLocalTimestamp(date: Date = new Date()): string {
  const p = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}T${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}.${p(date.getMilliseconds() * 1000, 6)}`;
}

// ── Destinations (§4.2) ───────────────────────────────────────────────────────────────────────────

/** The shared broadcast topic of run-lifecycle and data-flow messages. */
export const TOPIC_EPIC = '/topic/epictopic';

/**
 * The workflow runner's control queue of one namespace. Deviation from upstream's single, shared
 * `/queue/workflow_control`: there, several users' runners compete for each message (anycast) and a
 * `run_workflow` that lands on another namespace's runner is filtered and lost; one queue per namespace
 * removes that loss (spec §4.5, §9).
 */
export function workflowControlQueue(namespace: string): string {
  return `/queue/workflow_control.${destinationPart(namespace, 'namespace')}`;
}

/** The per-user agent-manager command queue (`/queue/agent_control.<user>`, as upstream's code uses). */
export function agentControlQueue(user: string): string {
  return `/queue/agent_control.${destinationPart(user, 'user')}`;
}

/** Kind and name of a destination, e.g. `/queue/x` → {kind:'queue', name:'x'}. */
export interface ParsedDestination {
  kind: 'queue' | 'topic';
  name: string;
}

/** Accepts only `/queue/<name>` or `/topic/<name>` (upstream v28 rejects bare names); throws otherwise. */
export function parseDestination(destination: string): ParsedDestination {
  const match = /^\/(queue|topic)\/([^\s/]+)$/.exec(destination);
  if (!match) {
    throw new Error(`invalid testbed destination ${JSON.stringify(destination)}: expected /queue/<name> or /topic/<name>`);
  }
  return { kind: match[1] as 'queue' | 'topic', name: match[2] };
}

/** Throws unless `destination` is a valid `/queue/…` or `/topic/…` destination. */
export function validateDestination(destination: string): string {
  parseDestination(destination);
  return destination;
}

function destinationPart(value: string, what: string): string {
  // Names become STOMP destination suffixes and WAMP URI components: keep them to a safe alphabet.
  if (!/^[A-Za-z0-9_-]+$/.test(value)) throw new Error(`invalid ${what} ${JSON.stringify(value)} for a destination name: use letters, digits, '_' or '-'`);
  return value;
}
