/**
 * The testbed's records in the station store (swf-testbed spec §4.4, §5.7, §5.8, §6): executions, runs,
 * STF files, recorded messages, agent heartbeats and agent logs. All times are Unix milliseconds
 * (unlike the script-run tables, which use Unix seconds): the testbed code and views work in `Date.now()`.
 * The records are plain data shaped so they can be handed to the Testbed view and the MCP tools as-is.
 */
import type { FastmonRunSummary, FastmonRunSummaryQuery, NewStfSample, RecordStfSampleResult, SeenFile, TfFileQuery, TfFileRecord } from './fastmon-types.js';

export * from './fastmon-types.js';

// ── Liveness windows (§4.4) ───────────────────────────────────────────────────────────────────────

/** A heartbeat older than this shows the agent as EXITED (upstream's `mark_stale_agents`, 3 min). */
export const STALE_AFTER_MS = 3 * 60_000;
/** An agent counts as running if its heartbeat is at most this old (MCP testbed status, 2 min). */
export const ALIVE_WITHIN_MS = 2 * 60_000;
/** The agent manager and the workflow runner count as healthy within this (5 min). */
export const HEALTHY_WITHIN_MS = 5 * 60_000;

export type AgentStatus = 'OK' | 'WARNING' | 'ERROR' | 'EXITED';
export type OperationalState = 'STARTING' | 'READY' | 'PROCESSING' | 'EXITED';
export type ExecutionStatus = 'running' | 'completed' | 'failed' | 'terminated';
export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';
export type StfFileStatus = 'registered' | 'processed';

// ── Inputs ────────────────────────────────────────────────────────────────────────────────────────

export interface NewExecution {
  /** `${workflow}-${user}-${NNNN}`, from `nextExecutionId` (or given by the caller of run_workflow). */
  executionId: string;
  workflowName: string;
  namespace: string;
  /** The workflow config it ran with (e.g. `fast_processing_default`); '' when none. */
  configName: string;
  params: object;
  executedBy: string;
  startedAt: number;
}

export interface NewRun {
  runNumber: number;
  executionId: string;
  namespace: string;
  startedAt: number;
}

export interface RunEnd {
  endedAt: number;
  totalStfFiles: number;
}

export interface NewStfFile {
  /** `swf.<run>.<seq:06d>.stf`; unique. */
  filename: string;
  runNumber: number;
  executionId: string | null;
  sequence: number;
  state: string | null;
  substate: string | null;
  sizeBytes?: number | null;
  /** The agent that registered it. */
  createdBy: string;
  /** Default: the store's clock. */
  createdAt?: number;
}

export interface NewMessage {
  /** The broker's id of the delivery (STOMP `message-id`, WAMP publication id); null or '' when unknown. */
  messageId?: string | null;
  destination: string;
  /** The parsed message (a JSON object). */
  body: object;
  receivedAt: number;
}

export interface Heartbeat {
  instanceName: string;
  agentType: string;
  status: AgentStatus;
  operationalState: OperationalState;
  namespace: string | null;
  /** null keeps the previously stored pid (upstream stores pid/hostname only when present). */
  pid: number | null;
  hostname: string | null;
  description: string;
  mqConnected: boolean;
  at: number;
}

export interface NewLogEntry {
  instanceName: string;
  level: LogLevel;
  message: string;
  executionId?: string | null;
  runId?: string | number | null;
  at: number;
}

// ── Queries (list results are capped at `limit`, default 1,000, at most 10,000) ────────────────────

export interface ExecutionQuery {
  namespace?: string;
  status?: ExecutionStatus;
  workflowName?: string;
  limit?: number;
}

export interface RunQuery {
  namespace?: string;
  executionId?: string;
  limit?: number;
}

export interface StfFileQuery {
  runNumber?: number;
  executionId?: string;
  limit?: number;
}

export interface MessageQuery {
  namespace?: string;
  msgType?: string;
  sender?: string;
  runId?: string | number;
  executionId?: string;
  destination?: string;
  /** Only messages with a larger id (for following the stream). */
  afterId?: number;
  limit?: number;
  /** The last `limit` matches instead of the first (still in ascending id order). */
  newest?: boolean;
}

export interface LogQuery {
  instanceName?: string;
  level?: LogLevel;
  /** This level and above (DEBUG < INFO < WARNING < ERROR). */
  minLevel?: LogLevel;
  executionId?: string;
  runId?: string | number;
  /** Case-insensitive substring of the message. */
  search?: string;
  afterId?: number;
  limit?: number;
  /** The last `limit` matches instead of the first (still in ascending id order). */
  newest?: boolean;
}

export interface AgentQuery {
  namespace?: string;
  agentType?: string;
  /** Include agents shown as EXITED (reported EXITED, or stale). Default false, as upstream's list_agents. */
  includeExited?: boolean;
  /** Unix ms to age heartbeats against. Default: the store's clock. */
  now?: number;
}

// ── Records (view-friendly: plain data, camelCase, Unix ms) ───────────────────────────────────────

export interface ExecutionRecord {
  executionId: string;
  workflowName: string;
  namespace: string;
  configName: string;
  status: ExecutionStatus;
  executedBy: string;
  startedAt: number;
  endedAt: number | null;
  params: Record<string, unknown>;
}

export interface RunRecord {
  runNumber: number;
  executionId: string;
  namespace: string;
  startedAt: number;
  endedAt: number | null;
  /** From end_run; null while the run is open. */
  totalStfFiles: number | null;
  /** STF files registered for this run so far (the StfFile table count, as swf_get_workflow_monitor). */
  stfFileCount: number;
}

export interface StfFileRecord {
  id: number;
  filename: string;
  runNumber: number;
  executionId: string | null;
  sequence: number;
  state: string | null;
  substate: string | null;
  sizeBytes: number | null;
  status: StfFileStatus;
  createdBy: string;
  createdAt: number;
  processedBy: string | null;
  processedAt: number | null;
}

export interface MessageRecord {
  id: number;
  messageId: string | null;
  receivedAt: number;
  destination: string;
  /** The body's `msg_type`, else its agent-manager `command`, else ''. */
  msgType: string;
  sender: string | null;
  namespace: string | null;
  runId: string | null;
  executionId: string | null;
  body: Record<string, unknown>;
}

export interface AgentHeartbeatRecord {
  instanceName: string;
  agentType: string;
  /** As shown: the reported status, or EXITED once stale (> 3 min). */
  status: AgentStatus;
  /** As shown: the reported state, or EXITED once stale. */
  operationalState: OperationalState;
  /** What the agent last reported. */
  reportedStatus: AgentStatus;
  reportedOperationalState: OperationalState;
  namespace: string | null;
  pid: number | null;
  hostname: string | null;
  description: string;
  mqConnected: boolean;
  firstSeen: number;
  lastHeartbeat: number;
  /** Age of the last heartbeat at `now`. */
  ageMs: number;
  /** Heartbeat > 3 min old. */
  stale: boolean;
  /** Heartbeat ≤ 2 min old and not reported EXITED. */
  alive: boolean;
  /** Heartbeat ≤ 5 min old and not reported EXITED (note: between 3 and 5 min it is also shown EXITED). */
  healthy: boolean;
}

export interface LogRecord {
  id: number;
  instanceName: string;
  level: LogLevel;
  message: string;
  executionId: string | null;
  runId: string | null;
  at: number;
}

/** Outcome of recordMessage: `inserted` false for a duplicate (then `id` is the row it duplicates). */
export interface RecordMessageResult {
  inserted: boolean;
  id: number;
}

/** The testbed tables of the station store (`store.testbed`). Every write is committed when it returns. */
export interface TestbedStore {
  /** Next agent id of the global counter (from 1), for names `<type>-agent-<user>-<id>`. */
  nextAgentId(): number;
  /** `${workflowName}-${user}-${NNNN}` from the global execution counter (from 1, at least 4 digits). */
  nextExecutionId(workflowName: string, user: string): string;
  /** Next run number of the global counter (from 100010). */
  nextRunNumber(): number;

  /** Records a running execution; throws if the id exists. */
  createExecution(execution: NewExecution): ExecutionRecord;
  /** Ends a running execution; false (and no change) when it had already ended. Throws for an unknown id. */
  finishExecution(executionId: string, status: Exclude<ExecutionStatus, 'running'>, endedAt: number): boolean;
  getExecution(executionId: string): ExecutionRecord | null;
  /** Newest first. */
  listExecutions(query?: ExecutionQuery): ExecutionRecord[];
  countExecutions(query?: ExecutionQuery): number;

  /** Records a run of an existing execution; throws if the number exists or the execution does not. */
  createRun(run: NewRun): RunRecord;
  /** Closes a run; false (and no change) when it was already ended. Throws for an unknown run. */
  endRun(runNumber: number, end: RunEnd): boolean;
  getRun(runNumber: number): RunRecord | null;
  /** Newest (highest run number) first. */
  listRuns(query?: RunQuery): RunRecord[];
  countRuns(query?: RunQuery): number;

  /** Registers an STF file; a filename already registered returns the stored record unchanged (a redelivered stf_gen). */
  addStfFile(file: NewStfFile): StfFileRecord;
  /** Marks a registered file processed; throws for an unknown filename. */
  markStfProcessed(filename: string, processedBy: string): StfFileRecord;
  getStfFile(filename: string): StfFileRecord | null;
  /** Newest first. */
  listStfFiles(query?: StfFileQuery): StfFileRecord[];
  countStfFiles(query?: StfFileQuery): number;

  /**
   * Records a received message unless it is a duplicate: with a message id, the same id on the same
   * destination; without one, the same body (a hash of its canonical JSON, which covers sender,
   * msg_type, run_id and the timestamp agents stamp on every message).
   */
  recordMessage(message: NewMessage): RecordMessageResult;
  /** Ascending id. */
  listMessages(query?: MessageQuery): MessageRecord[];
  countMessages(query?: MessageQuery): number;

  /** Upserts the agent's row (by instance name). */
  recordHeartbeat(heartbeat: Heartbeat): AgentHeartbeatRecord;
  getAgent(instanceName: string, now?: number): AgentHeartbeatRecord | null;
  /** Sorted by namespace, agent type, instance name. */
  listAgents(query?: AgentQuery): AgentHeartbeatRecord[];

  appendLog(entry: NewLogEntry): LogRecord;
  /** Ascending id. */
  listLogs(query?: LogQuery): LogRecord[];
  countLogs(query?: LogQuery): number;

  /**
   * Records one STF's TF subsample in one IMMEDIATE transaction: registers the STF file when missing,
   * then inserts every TF row whose `tfFilename` is new. Either all of the sample lands or none of it.
   */
  recordStfSample(sample: NewStfSample): RecordStfSampleResult;
  /** Ascending id. */
  listTfFiles(query?: TfFileQuery): TfFileRecord[];
  countTfFiles(query?: TfFileQuery): number;
  /** Per run, newest (highest run number) first. */
  fastmonRunSummaries(query?: FastmonRunSummaryQuery): FastmonRunSummary[];
  /** Records (or updates) the watcher's ledger entry of a file it handled. */
  markFileSeen(path: string, seen: SeenFile): void;
  /** True when the watcher already handled `path` (in this or an earlier process). */
  wasFileSeen(path: string): boolean;

  /** Changes whenever another connection (another process) commits to the file: poll it to notice their writes. */
  dataVersion(): number;
}
