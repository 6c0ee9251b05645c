/**
 * The one IPC contract between main and the renderer, used by main (handler table), preload
 * (window.station) and the renderer (Electron IPC or the headless WebSocket bridge alike).
 * Plain TypeScript and zod only: no Node, Electron or DOM imports.
 */
import { z } from 'zod';
import type { AgentApi, EncodedSession, RegisteredAgentInfo } from './ocs-codes.js';

//#region Data shapes

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
}

//#endregion

//#region Request schemas (main parses every renderer payload with these)

const address = z.string().min(1).max(255).regex(/^[A-Za-z0-9_.-]+$/, 'agent address: letters, digits, "_", "-" and "."');
const opName = z.string().min(1).max(255).regex(/^[A-Za-z0-9_-]+$/, 'operation name: letters, digits, "_" and "-"');

export const requestSchemas = {
  'app:info': z.undefined(),
  'registry:snapshot': z.undefined(),
  'agent:api': z.object({ address }).strict(),
  'op:start': z.object({ address, op: opName, params: z.record(z.string(), z.unknown()).default({}) }).strict(),
  'op:abort': z.object({ address, op: opName }).strict(),
  'op:stop': z.object({ address, op: opName }).strict(),
  'op:status': z.object({ address, op: opName }).strict(),
  'op:wait': z.object({ address, op: opName, timeout: z.number().min(-1).max(86_400).nullable().default(null) }).strict(),
  'connection:get': z.undefined(),
  'connection:set': z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('embedded') }).strict(),
    z.object({ kind: z.literal('site'), siteFile: z.string().min(1).max(4096), host: z.string().min(1).max(255).optional() }).strict(),
    z.object({ kind: z.literal('url'), url: z.string().regex(/^wss?:\/\//, 'a ws:// or wss:// URL'), realm: z.string().min(1).max(255), addressRoot: z.string().min(1).max(255) }).strict(),
  ]),
} as const;

//#endregion

//#region Channel maps

/** Request/response channels: `invoke(channel, request) → Promise<response>`. */
export interface InvokeChannels {
  'app:info': { request: undefined; response: AppInfo };
  /** Every agent the station has seen (alive and expired). */
  'registry:snapshot': { request: undefined; response: AgentRow[] };
  /** The agent's get_api, fetched fresh. */
  'agent:api': { request: z.input<(typeof requestSchemas)['agent:api']>; response: AgentApi };
  'op:start': { request: z.input<(typeof requestSchemas)['op:start']>; response: OpReplyView };
  'op:abort': { request: z.input<(typeof requestSchemas)['op:abort']>; response: OpReplyView };
  'op:stop': { request: z.input<(typeof requestSchemas)['op:stop']>; response: OpReplyView };
  'op:status': { request: z.input<(typeof requestSchemas)['op:status']>; response: OpReplyView };
  'op:wait': { request: z.input<(typeof requestSchemas)['op:wait']>; response: OpReplyView };
  'connection:get': { request: undefined; response: ConnectionState };
  /** Switches router; resolves once the new connection was attempted (state tells the outcome). */
  'connection:set': { request: z.input<(typeof requestSchemas)['connection:set']>; response: ConnectionState };
}

/** Main → renderer streams. Pushes are batched per channel (at most one per ~50 ms). */
export interface PushChannels {
  /** Rows that changed since the last push (new, heartbeat, expired, op code change). */
  'registry:rows': AgentRow[];
  'connection:state': ConnectionState;
}

export type InvokeChannel = keyof InvokeChannels;
export type PushChannel = keyof PushChannels;
export type RequestOf<C extends InvokeChannel> = InvokeChannels[C]['request'];
export type ResponseOf<C extends InvokeChannel> = InvokeChannels[C]['response'];

export const INVOKE_CHANNELS = Object.keys(requestSchemas) as InvokeChannel[];
export const PUSH_CHANNELS: readonly PushChannel[] = ['registry:rows', 'connection:state'];

/** How push batches merge: row lists concatenate (latest row per address wins), state keeps the latest. */
export const PUSH_MERGE: { [C in PushChannel]: (previous: PushChannels[C], next: PushChannels[C]) => PushChannels[C] } = {
  'registry:rows': (previous, next) => {
    const byAddress = new Map(previous.map((row) => [row.address, row]));
    for (const row of next) byAddress.set(row.address, row);
    return [...byAddress.values()];
  },
  'connection:state': (_previous, next) => next,
};

//#endregion

//#region Result envelope (identical over Electron IPC and the WebSocket bridge)

/** What a handler's outcome looks like on the wire: errors travel as data, never as a thrown IPC error. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** Error codes a handler may return. */
export type IpcErrorCode = 'bad_request' | 'unknown_channel' | 'forbidden' | 'not_connected' | 'agent_error' | 'internal';

/** The API the renderer sees as `window.station` (Electron preload) or builds over the WebSocket (headless). */
export interface StationApi {
  /** Sends a request; resolves with the response or rejects with an Error carrying the handler's message. */
  invoke<C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  /** Listens to a push channel; returns the unsubscribe function. */
  on<C extends PushChannel>(channel: C, listener: (payload: PushChannels[C]) => void): () => void;
}

/** Prefix-checks a channel name against the contract (both sides check; unknown names are refused). */
export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && (INVOKE_CHANNELS as string[]).includes(value);
}

export function isPushChannel(value: unknown): value is PushChannel {
  return typeof value === 'string' && (PUSH_CHANNELS as readonly string[]).includes(value);
}

//#endregion
