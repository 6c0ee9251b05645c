/**
 * Who may do what over the headless bridge: a control connection may invoke every channel, a
 * read-only viewer only the query channels below. Plain TypeScript only (main and renderer use it).
 */
import type { InvokeChannel } from './ipc.js';

/** What a bridge connection's token grants. Electron's own window is always `control`. */
export type Access = 'control' | 'read-only';

/**
 * The channels a read-only viewer may invoke: they only read (or start/stop a stream of pushes to
 * that viewer). An allow-list, so a channel added later is refused to viewers until it is listed.
 * Everything else changes the station or what it is connected to (op:start/stop/abort,
 * connection:set, testbed:run …, testbed:config:save, alarms:ack, alarms:set-rule) or reads an
 * arbitrary host file (logs:open) or changes the shared source list (logs:close).
 */
export const READ_ONLY_CHANNELS: readonly InvokeChannel[] = [
  'app:info',
  'registry:snapshot',
  'agent:api',
  'op:status',
  // Waits for an op to finish; changes nothing.
  'op:wait',
  'connection:get',
  'smurf:info',
  'smurf:slots',
  'scripts:list',
  'scripts:history',
  'scripts:output',
  'smurf:datafiles',
  'testbed:status',
  'testbed:config:list',
  'testbed:config:read',
  // Checks a text and answers; writes nothing.
  'testbed:config:validate',
  'testbed:messages',
  'testbed:executions',
  'fastmon:runs',
  'fastmon:tfs',
  'fastmon:stf',
  'alarms:list',
  'alarms:rules',
  'feeds:list',
  // Ref-counted bus subscriptions for live plots: listening only.
  'feeds:subscribe',
  'feeds:unsubscribe',
  'ops:grid',
  'ops:timeline',
  'ops:record',
  'audit:list',
  'logs:sources',
  'logs:window',
  'logs:search',
  'logs:follow',
  'logs:merged',
  'logs:jump',
];

/** Whether a connection with `access` may invoke `channel` (unknown names are left to the contract check). */
export function mayInvoke(access: Access, channel: string): boolean {
  return access === 'control' || (READ_ONLY_CHANNELS as readonly string[]).includes(channel);
}

/** The refusal text a read-only viewer gets for an action channel. */
export function readOnlyRefusal(channel: string): string {
  return `read-only viewer: ${channel} needs the control URL`;
}
