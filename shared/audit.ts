/**
 * The audit log of user actions: which contract channels are recorded, what one record looks like,
 * and the pure helpers both sides use (secret scrubbing, the live filter). Plain TypeScript only.
 */

/**
 * The invoke channels that are user actions, recorded after the handler settles. Plain strings, not
 * InvokeChannel: a channel another feature adds (e.g. `alarms:ack`) is audited just by being listed here,
 * and a listed channel the contract lacks is simply never seen.
 */
export const AUDITED_CHANNELS: readonly string[] = [
  'op:start',
  'op:stop',
  'op:abort',
  'testbed:agent',
  'testbed:stop-agents',
  'testbed:run',
  'testbed:stop-workflow',
  'testbed:config:save',
  'connection:set',
  'alarms:ack',
  // A connection's lock level changes (unlocks to expert above all); automatic relocks are not requests and are not recorded.
  'access:set',
];

/** Every action name the log may hold: the audited channels, plus the agent-manager commands only the MCP tools send. */
export const AUDIT_ACTIONS: readonly string[] = [...AUDITED_CHANNELS, 'agent-manager:start_testbed', 'agent-manager:stop_testbed'];

/** Whether requests on `channel` are recorded. */
export function isAuditedChannel(channel: string): boolean {
  return AUDITED_CHANNELS.includes(channel);
}

/** One recorded user action. Times are Unix ms. */
export interface AuditEntry {
  id: number;
  /** When the request arrived. */
  time: number;
  /** OS user name of the station process. */
  user: string;
  /** Which front end sent it: `desktop`, `bridge <remote address>`, or `station` (in-process callers). */
  client: string;
  /** The contract channel, e.g. `op:start`. */
  action: string;
  /** What it acted on: agent address and op (with stream ids for fan-outs), program, execution, config, router. */
  target: string;
  /** The validated request, secrets removed. */
  params: Record<string, unknown>;
  ok: boolean;
  /** Contract error code (`agent_error` …) or `ocs_error`/`ocs_timeout` for an agent's refusal; null when ok. */
  errorCode: string | null;
  /** The error message, or the agent's reply message; null when there is none. */
  message: string | null;
  /** A short summary of the response (op session state, execution id …), secrets removed; null on error. */
  result: unknown;
  durationMs: number;
}

/** What `audit:list` filters by; every field optional. */
export interface AuditFilter {
  /** Case-insensitive substring of target, action, params or message. */
  text?: string;
  action?: string;
  result?: 'ok' | 'error';
  /** Unix ms, inclusive. */
  since?: number;
  /** Unix ms, inclusive. */
  until?: number;
}

/** Keys whose values are never recorded (password, token, api_key, secret …). */
const SECRET_KEY = /pass(word|wd)?|token|secret|key|credential/i;

/** A copy of `value` without secret-named keys (at any depth) and without credentials in URLs. */
export function scrubSecrets(value: unknown, depth = 0): unknown {
  // Deeper than any real request: cut it rather than recurse without end.
  if (depth > 20) return '…';
  if (typeof value === 'string') return scrubUrl(value);
  if (Array.isArray(value)) return value.map((item) => scrubSecrets(item, depth + 1));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!SECRET_KEY.test(key)) out[key] = scrubSecrets(item, depth + 1);
  }
  return out;
}

/** `ws://user:pw@host/?token=x` → `ws://host/`: a router URL may carry credentials. */
function scrubUrl(text: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  const secretParams = [...url.searchParams.keys()].filter((key) => SECRET_KEY.test(key));
  if (!url.username && !url.password && secretParams.length === 0) return text;
  url.username = '';
  url.password = '';
  for (const key of secretParams) url.searchParams.delete(key);
  return url.toString();
}

/** Whether an entry passes a filter: the same rules the store applies in SQL (for live pushes). */
export function auditEntryMatches(entry: AuditEntry, filter: AuditFilter): boolean {
  if (filter.action && entry.action !== filter.action) return false;
  if (filter.result && entry.ok !== (filter.result === 'ok')) return false;
  if (filter.since !== undefined && entry.time < filter.since) return false;
  if (filter.until !== undefined && entry.time > filter.until) return false;
  const text = filter.text?.trim().toLowerCase();
  if (!text) return true;
  return [entry.target, entry.action, JSON.stringify(entry.params), entry.message ?? ''].some((field) => field.toLowerCase().includes(text));
}
