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
