/**
 * Who may do what: a connection's token grants `control` or `read-only`, and each connection (a bridge
 * socket, the desktop window) holds a lock level, `locked` < `operate` < `expert`, that every invoke
 * channel needs a minimum of. Plain TypeScript only (main and renderer use it).
 */
import type { InvokeChannel } from './ipc.js';

/** What a bridge connection's token grants. Electron's own window is always `control`. */
export type Access = 'control' | 'read-only';

/** A connection's lock level, lowest first (see ACCESS_LEVELS). */
export type AccessLevel = 'locked' | 'operate' | 'expert';

export const ACCESS_LEVELS: readonly AccessLevel[] = ['locked', 'operate', 'expert'];

/** A connection's lock as `access:get`, `access:set` and the `access:level` push report it. */
export interface AccessView {
  level: AccessLevel;
  /** Where the connection started and returns to after `relock_seconds` idle (station.toml `[access] start_level`). */
  startLevel: AccessLevel;
  /** The highest level it may unlock: `locked` for a read-only token, else `expert`. */
  maxLevel: AccessLevel;
  /** Main's clock (Unix ms) when the level falls back to startLevel; null at or below it. */
  relockAt: number | null;
}

/** Whether `level` is at least `needed`. */
export function atLeast(level: AccessLevel, needed: AccessLevel): boolean {
  return ACCESS_LEVELS.indexOf(level) >= ACCESS_LEVELS.indexOf(needed);
}

/** The lower of two levels. */
export function lowerLevel(a: AccessLevel, b: AccessLevel): AccessLevel {
  return atLeast(a, b) ? b : a;
}

export function isAccessLevel(value: unknown): value is AccessLevel {
  return typeof value === 'string' && (ACCESS_LEVELS as readonly string[]).includes(value);
}

/**
 * The level each invoke channel needs. `locked`: reads only (or starts/stops pushes to that connection);
 * `operate`: routine actions on what the station runs; `expert`: changes what the station is, runs or is
 * connected to. A channel missing here needs `expert` (fail safe); a unit test checks none is missing.
 */
export const CHANNEL_LEVELS: Readonly<Partial<Record<InvokeChannel, AccessLevel>>> = {
  'app:info': 'locked',
  'registry:snapshot': 'locked',
  'agent:api': 'locked',
  'op:status': 'locked',
  // Waits for an op to finish; changes nothing.
  'op:wait': 'locked',
  'connection:get': 'locked',
  'smurf:info': 'locked',
  'smurf:slots': 'locked',
  'scripts:list': 'locked',
  'scripts:history': 'locked',
  'scripts:output': 'locked',
  'smurf:datafiles': 'locked',
  'testbed:status': 'locked',
  'testbed:config:list': 'locked',
  'testbed:config:read': 'locked',
  // Checks a text and answers; writes nothing.
  'testbed:config:validate': 'locked',
  'testbed:messages': 'locked',
  'testbed:executions': 'locked',
  'fastmon:runs': 'locked',
  'fastmon:tfs': 'locked',
  'fastmon:stf': 'locked',
  'alarms:list': 'locked',
  'alarms:rules': 'locked',
  'feeds:list': 'locked',
  // Ref-counted bus subscriptions for live plots: listening only.
  'feeds:subscribe': 'locked',
  'feeds:unsubscribe': 'locked',
  'ops:grid': 'locked',
  'ops:timeline': 'locked',
  'ops:record': 'locked',
  'audit:list': 'locked',
  'logs:sources': 'locked',
  'logs:window': 'locked',
  'logs:search': 'locked',
  'logs:follow': 'locked',
  'logs:merged': 'locked',
  'logs:jump': 'locked',
  // The connection's own lock: reading it and locking down are always allowed; unlocking is capped by maxLevel.
  'access:get': 'locked',
  'access:set': 'locked',
  // Agent operations (an op whose get_api min_privs is 2 or more needs expert; see levelForMinPrivs).
  'op:start': 'operate',
  'op:stop': 'operate',
  'op:abort': 'operate',
  // A workflow run with a config that is already there; starting and ending runs is the shift's routine.
  'testbed:run': 'operate',
  'testbed:stop-workflow': 'operate',
  'alarms:ack': 'operate',
  // Forgets a file someone opened: only the shared source list changes, no file is read.
  'logs:close': 'operate',
  // Moves the station to another router.
  'connection:set': 'expert',
  // Writes a workflow config every later run may use.
  'testbed:config:save': 'expert',
  // Changes when alarms fire for everyone.
  'alarms:set-rule': 'expert',
  // Supervisord programs: stopping all agents or one program mid-run cuts the data path.
  'testbed:stop-agents': 'expert',
  'testbed:agent': 'expert',
  // Reads any file on the station's host.
  'logs:open': 'expert',
};

/** The level `channel` needs: `expert` for anything the table does not list. */
export function channelLevel(channel: string): AccessLevel {
  // Own keys only: `__proto__` or `constructor` must not find Object.prototype's.
  return Object.hasOwn(CHANNEL_LEVELS, channel) ? (CHANNEL_LEVELS as Readonly<Record<string, AccessLevel>>)[channel] : 'expert';
}

/** The channels a read-only viewer may invoke (level `locked`), as an allow-list. */
export const READ_ONLY_CHANNELS: readonly InvokeChannel[] = (Object.keys(CHANNEL_LEVELS) as InvokeChannel[]).filter((channel) => CHANNEL_LEVELS[channel] === 'locked');

/** The highest level a token allows. */
export function maxLevelFor(access: Access): AccessLevel {
  return access === 'read-only' ? 'locked' : 'expert';
}

/** An OCS op's get_api `min_privs` (1 basic, 2 advanced, 3 full) as the level its start/stop/abort needs. */
export function levelForMinPrivs(minPrivs: number): AccessLevel {
  return minPrivs >= 2 ? 'expert' : 'operate';
}

/** The refusal text for a channel above the connection's level. */
export function levelRefusal(channel: string, needed: AccessLevel, lock: Pick<AccessView, 'level' | 'maxLevel'>): string {
  // A read-only token can never unlock: telling it to would mislead.
  if (!atLeast(lock.maxLevel, needed)) return lock.maxLevel === 'locked' ? readOnlyRefusal(channel) : `${channel} needs level ${needed}; this connection may unlock at most ${lock.maxLevel}`;
  return `${channel} needs level ${needed}; this connection is ${lock.level} (access:set to unlock)`;
}

/** The refusal text a read-only viewer gets for an action channel. */
export function readOnlyRefusal(channel: string): string {
  return `read-only viewer: ${channel} needs the control URL`;
}
