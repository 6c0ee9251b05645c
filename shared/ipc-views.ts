/**
 * The station's views that the IPC contract carries (registry rows, connection state, op replies, app info).
 * Plain TypeScript only, like ipc.ts, which re-exports everything here.
 */
import type { Access } from './access.js';
import type { EncodedSession, RegisteredAgentInfo } from './ocs-codes.js';

/** One row of the registry grid: an agent seen on the bus (RegisteredAgentInfo, camel-cased for the UI). */
export interface AgentRow {
  address: string;
  agentClass: string | null;
  /** Unix seconds of the last heartbeat. */
  lastHeartbeat: number;
  expired: boolean;
  timeExpired: number | null;
  /** Op name → OCS op code (7 when expired). */
  opCodes: Record<string, number>;
}

/** Converts the Registry's wire record into a grid row. */
export function agentRowFrom(info: RegisteredAgentInfo): AgentRow {
  return {
    address: info.agent_address,
    agentClass: info.agent_class,
    lastHeartbeat: info.last_updated,
    expired: info.expired,
    timeExpired: info.time_expired,
    opCodes: { ...info.op_codes },
  };
}

/** Which router the station talks to. */
export type ConnectionTarget =
  | { kind: 'embedded' }
  | { kind: 'site'; siteFile: string; host?: string }
  | { kind: 'url'; url: string; realm: string; addressRoot: string };

export interface ConnectionState {
  target: ConnectionTarget;
  /** Router WebSocket URL in use. */
  url: string;
  realm: string;
  addressRoot: string;
  status: 'connecting' | 'connected' | 'disconnected';
  /** Why the last attempt failed or the session left, for the Connections view. */
  detail: string | null;
}

/** A `[code, message, session]` OCS reply, with `{}` sessions as null. */
export interface OpReplyView {
  status: number;
  message: string;
  session: EncodedSession | null;
}

export interface AppInfo {
  version: string;
  mode: 'electron' | 'headless';
  /** Main's clock (Unix seconds) when it answered: the renderer ages heartbeats against it, not its own clock. */
  serverTime: number;
  /** What this connection may do (shared/access.ts); set by the headless bridge, absent (= control) over Electron IPC. */
  access?: Access;
  /** Main's memory when it answered (MB), for the status line and the soak bench. */
  memory: MainMemory;
}

/** process.memoryUsage() of main in MB: RSS against what the JS heap and its buffers account for. */
export interface MainMemory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  /** C++ objects bound to JS objects, buffers included. */
  external: number;
  arrayBuffers: number;
}
