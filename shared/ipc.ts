/**
 * The one IPC contract between main and the renderer, used by main (handler table), preload
 * (window.station) and the renderer (Electron IPC or the headless WebSocket bridge alike).
 * Plain TypeScript only: no Node, Electron or DOM imports, and no runtime zod (preload is bundled
 * small and sandboxed); main validates requests with the schemas in ipc-schemas.ts.
 */
import type { AccessView } from './access.js';
import type { AlarmList, AlarmRule, AlarmView } from './alarms.js';
import type { AuditEntry } from './audit.js';
import type { FastmonRunView, FastmonStfView, FastmonTfView } from './fastmon.js';
import { mergeFeedBatches, type FeedSeriesBatch, type FeedsListView, type FeedSubscriptionView } from './feeds.js';
import type { OpGridRow, OpHistoryRecord, OpTimeline } from './operations.js';
import type { AgentApi } from './ocs-codes.js';
import type { RequestSchemas } from './ipc-schemas.js';
import { LOGS_MAX_APPENDED, type LogAppendedPush, type LogFileState, type LogJumpResult, type LogMergedView, type LogSearchResult, type LogSourceView, type LogWindowView } from './logs.js';
import type { DataFileRecord, ScriptEntry, ScriptOutputLine, ScriptRunRecord, SmurfInfo, SmurfSlot } from './smurf.js';
import type {
  TestbedConfigEntry,
  TestbedConfigText,
  TestbedConfigValidation,
  TestbedExecutionView,
  TestbedMessageView,
  TestbedRunResult,
  TestbedStatusView,
} from './testbed.js';
import type { z } from 'zod';

export * from './ipc-views.js';
import type { AgentRow, AppInfo, ConnectionState, OpReplyView } from './ipc-views.js';

//#region Channel maps

/** Request/response channels: `invoke(channel, request) → Promise<response>`. */
export interface InvokeChannels {
  'app:info': { request: undefined; response: AppInfo };
  /** Every agent the station has seen (alive and expired). */
  'registry:snapshot': { request: undefined; response: AgentRow[] };
  /** The agent's get_api, fetched fresh. */
  'agent:api': { request: z.input<RequestSchemas['agent:api']>; response: AgentApi };
  'op:start': { request: z.input<RequestSchemas['op:start']>; response: OpReplyView };
  'op:abort': { request: z.input<RequestSchemas['op:abort']>; response: OpReplyView };
  'op:stop': { request: z.input<RequestSchemas['op:stop']>; response: OpReplyView };
  'op:status': { request: z.input<RequestSchemas['op:status']>; response: OpReplyView };
  'op:wait': { request: z.input<RequestSchemas['op:wait']>; response: OpReplyView };
  'connection:get': { request: undefined; response: ConnectionState };
  /** Switches router; resolves once the new connection was attempted (state tells the outcome). */
  'connection:set': { request: z.input<RequestSchemas['connection:set']>; response: ConnectionState };
  /** Manager/monitor addresses and script directories of the station's smurf site. */
  'smurf:info': { request: undefined; response: SmurfInfo };
  /** Every PysmurfController seen on the bus. */
  'smurf:slots': { request: undefined; response: SmurfSlot[] };
  /** Scripts in the allowed directories (recursive, sorted by name). */
  'scripts:list': { request: undefined; response: ScriptEntry[] };
  /** Newest first; `before` = a run id for paging. */
  'scripts:history': { request: z.input<RequestSchemas['scripts:history']>; response: ScriptRunRecord[] };
  /** A window of one run's output lines from line `offset`. */
  'scripts:output': { request: z.input<RequestSchemas['scripts:output']>; response: ScriptOutputLine[] };
  /** Newest first, optionally filtered by publisher (stream) id and action. */
  'smurf:datafiles': { request: z.input<RequestSchemas['smurf:datafiles']>; response: DataFileRecord[] };
  /** supervisord programs, agent heartbeats, running executions; `watch` keeps testbed:status pushes coming for ~15 s. */
  'testbed:status': { request: z.input<RequestSchemas['testbed:status']>; response: TestbedStatusView };
  /** The shipped configs and the user's own (`<dataDir>/testbed/configs`). */
  'testbed:config:list': { request: undefined; response: TestbedConfigEntry[] };
  'testbed:config:read': { request: z.input<RequestSchemas['testbed:config:read']>; response: TestbedConfigText };
  /** Checks a config text; problems come back located (line, key) for the editor. */
  'testbed:config:validate': { request: z.input<RequestSchemas['testbed:config:validate']>; response: TestbedConfigValidation };
  /** Writes a valid config atomically under the user config dir (refuses invalid text). */
  'testbed:config:save': { request: z.input<RequestSchemas['testbed:config:save']>; response: TestbedConfigEntry };
  /** `testbed run [CONFIG]`: starts the runner and enabled agents and a workflow; refusals are errors. */
  'testbed:run': { request: z.input<RequestSchemas['testbed:run']>; response: TestbedRunResult };
  'testbed:stop-workflow': { request: z.input<RequestSchemas['testbed:stop-workflow']>; response: { ok: true } };
  'testbed:stop-agents': { request: undefined; response: { stopped: string[] } };
  /** Starts, stops or restarts one supervisord program. */
  'testbed:agent': { request: z.input<RequestSchemas['testbed:agent']>; response: TestbedStatusView };
  /** Recorded messages, ascending id, filtered. */
  'testbed:messages': { request: z.input<RequestSchemas['testbed:messages']>; response: TestbedMessageView[] };
  /** Executions, newest first. */
  'testbed:executions': { request: z.input<RequestSchemas['testbed:executions']>; response: TestbedExecutionView[] };
  /** Fastmon's per-run summaries (STFs seen/sampled, TF files, TF count, bytes, rate, sampling), newest run first. */
  'fastmon:runs': { request: z.input<RequestSchemas['fastmon:runs']>; response: FastmonRunView[] };
  /** TF subsamples from the store, ascending id; without `afterId` and with `newest` the last `limit`. */
  'fastmon:tfs': { request: z.input<RequestSchemas['fastmon:tfs']>; response: FastmonTfView[] };
  /** One STF file with all its TF subsamples; null when the store does not know it. */
  'fastmon:stf': { request: z.input<RequestSchemas['fastmon:stf']>; response: FastmonStfView | null };
  /** Active alarms (oldest first) and the newest finished ones (shared/alarms.ts). */
  'alarms:list': { request: z.input<RequestSchemas['alarms:list']>; response: AlarmList };
  /** Acknowledges one alarm as the station's user; returns it as it is now. */
  'alarms:ack': { request: z.input<RequestSchemas['alarms:ack']>; response: AlarmView };
  'alarms:rules': { request: undefined; response: AlarmRule[] };
  /** Changes one rule's settings; returns the rule as stored. */
  'alarms:set-rule': { request: z.input<RequestSchemas['alarms:set-rule']>; response: AlarmRule };
  /** An agent's feeds with their numeric fields (shared/feeds.ts); record feeds not seen yet are listened to for up to `waitMs`. */
  'feeds:list': { request: z.input<RequestSchemas['feeds:list']>; response: FeedsListView };
  /** Adds a reference to the feed's bus subscription (ref-counted in main) and returns its buffered recent points. */
  'feeds:subscribe': { request: z.input<RequestSchemas['feeds:subscribe']>; response: FeedSubscriptionView };
  /** Drops one reference; the bus subscription ends with the last. */
  'feeds:unsubscribe': { request: z.input<RequestSchemas['feeds:unsubscribe']>; response: { refs: number } };
  /** Operation monitor (shared/operations.ts): every agent's operations with their current op codes. */
  'ops:grid': { request: undefined; response: OpGridRow[] };
  /** Per (agent, op) the recorded segments `[start, end, code, recordId]` clipped to [from, to] (bounded; `truncated` says so). */
  'ops:timeline': { request: z.input<RequestSchemas['ops:timeline']>; response: OpTimeline };
  /** One recorded op-code change (a segment's detail), or null. */
  'ops:record': { request: z.input<RequestSchemas['ops:record']>; response: OpHistoryRecord | null };
  /** The audit log of user actions, newest first, filtered (shared/audit.ts); `total` counts every match, `before` pages back by id. */
  'audit:list': { request: z.input<RequestSchemas['audit:list']>; response: { entries: AuditEntry[]; total: number } };
  /** Log viewer (shared/logs.ts): every source the station knows (supervisord, agents, script runs, router, OCS log dirs, opened files). */
  'logs:sources': { request: undefined; response: LogSourceView[] };
  /** Adds any regular file the user picks as a source (refuses directories, devices, FIFOs). */
  'logs:open': { request: z.input<RequestSchemas['logs:open']>; response: LogSourceView };
  /** Forgets a user-opened file (and stops following it). */
  'logs:close': { request: z.input<RequestSchemas['logs:close']>; response: { ok: true } };
  /** A window of ≤ 2000 lines from the incremental index (answers before the whole file is indexed). */
  'logs:window': { request: z.input<RequestSchemas['logs:window']>; response: LogWindowView };
  /** Plain or regex search over the whole file: match count plus one page of line numbers. */
  'logs:search': { request: z.input<RequestSchemas['logs:search']>; response: LogSearchResult };
  /** Starts or stops `logs:appended` pushes for a source. */
  'logs:follow': { request: z.input<RequestSchemas['logs:follow']>; response: LogFileState };
  /** Lines of several sources ordered by timestamp. */
  'logs:merged': { request: z.input<RequestSchemas['logs:merged']>; response: LogMergedView };
  /** The first line at or after a time. */
  'logs:jump': { request: z.input<RequestSchemas['logs:jump']>; response: LogJumpResult };
  /** This connection's lock level (shared/access.ts); answered by the connection, not the station. */
  'access:get': { request: undefined; response: AccessView };
  /** Unlocks (up to maxLevel) or locks this connection; above startLevel it falls back after relock_seconds idle. */
  'access:set': { request: z.input<RequestSchemas['access:set']>; response: AccessView };
}

/** Channels about the calling connection itself (its lock): the table answers them from the caller, with no station handler. */
export type ConnectionChannel = 'access:get' | 'access:set';
export const CONNECTION_CHANNELS: readonly ConnectionChannel[] = ['access:get', 'access:set'];

/** Main → renderer streams. Pushes are batched per channel (at most one per ~50 ms). */
export interface PushChannels {
  /** Rows that changed since the last push (new, heartbeat, expired, op code change). */
  'registry:rows': AgentRow[];
  'connection:state': ConnectionState;
  /** Slots that changed (merged by address). */
  'smurf:slots': SmurfSlot[];
  /** Script runs that started or ended (merged by id). */
  'scripts:runs': ScriptRunRecord[];
  /** New output lines of any run, in order. */
  'scripts:output': ScriptOutputLine[];
  /** Newly registered data files. */
  'smurf:datafiles': DataFileRecord[];
  /** Newly recorded testbed messages, ascending id. */
  'testbed:messages': TestbedMessageView[];
  /** The testbed's status, on change and every ~2 s while a view watches it. */
  'testbed:status': TestbedStatusView;
  /** Newly registered TF subsamples (from tf_file_registered), in order. */
  'fastmon:tfs': FastmonTfView[];
  /** Runs whose fastmon summary changed (merged by run number; at most ~2 refreshes a second). */
  'fastmon:runs': FastmonRunView[];
  /** Alarms raised, updated (cleared, acknowledged) or finished (merged by id). */
  'alarms:changed': AlarmView[];
  /** New points of subscribed feeds, one batch per series (merged per series). */
  'feeds:data': FeedSeriesBatch[];
  /** Newly recorded op-code changes, ascending id (one batch per ~250 ms). */
  'ops:changes': OpHistoryRecord[];
  /** Newly recorded audit entries, ascending id. */
  'audit:entries': AuditEntry[];
  /** New lines of followed log sources (one entry per source and batch). */
  'logs:appended': LogAppendedPush[];
  /** This connection's lock changed (set, relocked, idle timer restarted); sent to that connection only. */
  'access:level': AccessView;
}

export type InvokeChannel = keyof InvokeChannels;
export type PushChannel = keyof PushChannels;
export type RequestOf<C extends InvokeChannel> = InvokeChannels[C]['request'];
export type ResponseOf<C extends InvokeChannel> = InvokeChannels[C]['response'];

export const INVOKE_CHANNELS: readonly InvokeChannel[] = [
  'app:info',
  'registry:snapshot',
  'agent:api',
  'op:start',
  'op:abort',
  'op:stop',
  'op:status',
  'op:wait',
  'connection:get',
  'connection:set',
  'smurf:info',
  'smurf:slots',
  'scripts:list',
  'scripts:history',
  'scripts:output',
  'smurf:datafiles',
  'testbed:status',
  'testbed:config:list',
  'testbed:config:read',
  'testbed:config:validate',
  'testbed:config:save',
  'testbed:run',
  'testbed:stop-workflow',
  'testbed:stop-agents',
  'testbed:agent',
  'testbed:messages',
  'testbed:executions',
  'fastmon:runs',
  'fastmon:tfs',
  'fastmon:stf',
  'alarms:list',
  'alarms:ack',
  'alarms:rules',
  'alarms:set-rule',
  'feeds:list',
  'feeds:subscribe',
  'feeds:unsubscribe',
  'ops:grid',
  'ops:timeline',
  'ops:record',
  'audit:list',
  'logs:sources',
  'logs:open',
  'logs:close',
  'logs:window',
  'logs:search',
  'logs:follow',
  'logs:merged',
  'logs:jump',
  'access:get',
  'access:set',
];
export const PUSH_CHANNELS: readonly PushChannel[] = [
  'registry:rows',
  'connection:state',
  'smurf:slots',
  'scripts:runs',
  'scripts:output',
  'smurf:datafiles',
  'testbed:messages',
  'testbed:status',
  'fastmon:tfs',
  'fastmon:runs',
  'alarms:changed',
  'feeds:data',
  'ops:changes',
  'audit:entries',
  'logs:appended',
  'access:level',
];

/** Keeps the latest item per key, in first-seen order. */
function mergeByKey<T>(previous: T[], next: T[], key: (item: T) => string | number): T[] {
  const byKey = new Map(previous.map((item) => [key(item), item]));
  for (const item of next) byKey.set(key(item), item);
  return [...byKey.values()];
}

/** Two appended batches of one source become one: counts add up, the newest lines are kept, a reset sticks. */
function mergeAppended(previous: LogAppendedPush[], next: LogAppendedPush[]): LogAppendedPush[] {
  const bySource = new Map(previous.map((push) => [push.sourceId, push]));
  for (const push of next) {
    const before = bySource.get(push.sourceId);
    bySource.set(
      push.sourceId,
      before && !push.reset
        ? { ...push, added: before.added + push.added, reset: before.reset, newLines: before.newLines.concat(push.newLines).slice(-LOGS_MAX_APPENDED) }
        : push,
    );
  }
  return [...bySource.values()];
}

/** How push batches merge: row lists concatenate (latest row per address wins), state keeps the latest. */
export const PUSH_MERGE: { [C in PushChannel]: (previous: PushChannels[C], next: PushChannels[C]) => PushChannels[C] } = {
  'registry:rows': (previous, next) => mergeByKey(previous, next, (row) => row.address),
  'connection:state': (_previous, next) => next,
  'smurf:slots': (previous, next) => mergeByKey(previous, next, (slot) => slot.address),
  'scripts:runs': (previous, next) => mergeByKey(previous, next, (run) => run.id),
  'scripts:output': (previous, next) => previous.concat(next),
  'smurf:datafiles': (previous, next) => previous.concat(next),
  'testbed:messages': (previous, next) => previous.concat(next),
  'testbed:status': (_previous, next) => next,
  'fastmon:tfs': (previous, next) => previous.concat(next),
  'fastmon:runs': (previous, next) => mergeByKey(previous, next, (run) => run.runNumber),
  'alarms:changed': (previous, next) => mergeByKey(previous, next, (alarm) => alarm.id),
  'feeds:data': mergeFeedBatches,
  'ops:changes': (previous, next) => previous.concat(next),
  'audit:entries': (previous, next) => previous.concat(next),
  'logs:appended': mergeAppended,
  'access:level': (_previous, next) => next,
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

/** Checks a channel name against the contract (both sides check; unknown names are refused). */
export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && (INVOKE_CHANNELS as readonly string[]).includes(value);
}

export function isPushChannel(value: unknown): value is PushChannel {
  return typeof value === 'string' && (PUSH_CHANNELS as readonly string[]).includes(value);
}

//#endregion

//#region Transports

/** Electron IPC channel names the preload script uses (the contract's channels travel as arguments). */
export const ELECTRON_INVOKE_CHANNEL = 'station:invoke';
export const ELECTRON_PUSH_CHANNEL = 'station:push';

/** Headless mode: path of the WebSocket bridge on the `station serve` HTTP server, and the token's query parameter. */
export const BRIDGE_PATH = '/bridge';
export const TOKEN_PARAM = 'token';

/** Renderer → main over the WebSocket bridge: one request; `id` is the renderer's own counter. */
export interface BridgeRequest {
  id: number;
  channel: string;
  request?: unknown;
}

/** Main → renderer over the WebSocket bridge: the answer to request `id`, or a (batched) push. */
export type BridgeMessage =
  | { kind: 'reply'; id: number; envelope: Envelope<unknown> }
  | { kind: 'push'; channel: PushChannel; payload: unknown };

//#endregion
