/** OCS response codes: the status of an API call, not of the operation (ocs/base.py ResponseCode). */
export const ResponseCode = { OK: 0, ERROR: -1, TIMEOUT: 1 } as const;
export type ResponseCode = (typeof ResponseCode)[keyof typeof ResponseCode];

/** OCS operation codes as reported in session.op_code and heartbeats (ocs/base.py OpCode). */
export const OpCode = {
  NONE: 1,
  STARTING: 2,
  RUNNING: 3,
  STOPPING: 4,
  SUCCEEDED: 5,
  FAILED: 6,
  EXPIRED: 7,
  DEGRADED: 8,
} as const;
export type OpCode = (typeof OpCode)[keyof typeof OpCode];

/** Session status strings, forward-only in this order. */
export const SESSION_STATUSES = ['starting', 'running', 'stopping', 'done'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** Encoded OpSession exactly as OpSession.encoded() puts it on the wire. */
export interface EncodedSession {
  session_id: number;
  op_name: string;
  op_code: OpCode;
  cred_level: number;
  status: SessionStatus;
  degraded: boolean;
  success: boolean | null;
  start_time: number;
  end_time: number | null;
  data: Record<string, unknown>;
  messages: Array<[number, string]>;
}

/** The `{op_name, status: "no_history"}` placeholder used by get_api for ops that never ran. */
export interface NoHistorySession {
  op_name: string;
  status: 'no_history';
}

/** The `[code, message, session]` reply of every `{agent}.ops` call. */
export type OpReply = [ResponseCode, string, EncodedSession | Record<string, never>];

/** Feed description published with every feed message (Feed.encoded()). */
export interface FeedInfo {
  agent_address: string;
  agg_params: Record<string, unknown>;
  feed_name: string;
  address: string;
  record: boolean;
  session_id: string;
  agent_class: string;
}

/** Access-control credential levels (ocs/access.py). */
export const CredLevel = { BLOCKED: 0, BASIC: 1, ADVANCED: 2, FULL: 3, SUPERUSER: 4 } as const;
export type CredLevel = (typeof CredLevel)[keyof typeof CredLevel];

/** Names of the credential levels by value, as used in access-denied texts ("2-ADVANCED"). */
export const CRED_LEVEL_NAMES: Readonly<Record<number, string>> = { 0: 'BLOCKED', 1: 'BASIC', 2: 'ADVANCED', 3: 'FULL', 4: 'SUPERUSER' };

/** Static description of a Task in get_api (AgentTask.encoded()). */
export interface TaskOpInfo {
  blocking: boolean;
  abortable: boolean;
  docstring: string | null;
  op_type: 'task';
  min_privs: number;
}

/** Static description of a Process in get_api (AgentProcess.encoded()). */
export interface ProcessOpInfo {
  blocking: boolean;
  docstring: string | null;
  op_type: 'process';
  min_privs: number;
}

/** One `[name, session_or_no_history, op_info]` entry of get_api / get_tasks / get_processes. */
export type ApiOpEntry<Info = TaskOpInfo | ProcessOpInfo> = [string, EncodedSession | NoHistorySession, Info];

/** The `access_control` block of get_api (ocs >= v0.12.0). */
export interface AccessControlInfo {
  version: number;
  policy: 'none' | 'override' | 'director';
  update_timestamp: number;
  update_count: number;
  step: number;
}

/** Reply of the management RPC `{agent}` with `get_api`. */
export interface AgentApi {
  agent_class: string;
  instance_hostname: string;
  instance_pid: number;
  feeds: Array<[string, FeedInfo]>;
  processes: Array<ApiOpEntry<ProcessOpInfo>>;
  tasks: Array<ApiOpEntry<TaskOpInfo>>;
  access_control?: AccessControlInfo;
}

/** One agent in the Registry's `main` session.data (RegisteredAgent.encoded()). */
export interface RegisteredAgentInfo {
  expired: boolean;
  time_expired: number | null;
  last_updated: number;
  op_codes: Record<string, number>;
  agent_class: string | null;
  agent_address: string;
}
