/**
 * How a settled request reads in the audit log: its target (what it acted on) and its outcome (ok or
 * error, the message, a short result summary). Channels without their own entry get the generic one,
 * so a newly listed channel (e.g. `alarms:ack`) is recorded sensibly without code here.
 */
import { scrubSecrets } from '../../shared/audit.js';
import type { Envelope } from '../../shared/ipc.js';
import { ResponseCode } from '../../shared/ocs-codes.js';

type Request = Record<string, unknown> | undefined;

/** The outcome columns of an entry. */
export interface AuditOutcome {
  ok: boolean;
  errorCode: string | null;
  message: string | null;
  result: unknown;
}

/** A summary bigger than this (JSON characters) is replaced by its beginning: the log keeps who did what, not bulk data. */
const RESULT_MAX_CHARS = 4000;

const opTarget = (request: Request): string => {
  const { address, op, params } = (request ?? {}) as { address?: string; op?: string; params?: { stream_ids?: unknown } };
  // Fan-outs and script runs go to the MultiSmurfManager: the slots they reach belong in the target.
  const streams = Array.isArray(params?.stream_ids) ? ` [${params.stream_ids.map(String).join(', ') || 'all'}]` : '';
  return `${address ?? '?'} ${op ?? '?'}${streams}`;
};

const TARGETS: Record<string, (request: Request) => string> = {
  'op:start': opTarget,
  'op:stop': opTarget,
  'op:abort': opTarget,
  'testbed:agent': (request) => `supervisord program ${String(request?.name)}`,
  'testbed:stop-agents': () => 'supervisord (all testbed agents)',
  'testbed:run': (request) => {
    const config = request?.config as { name?: string; source?: string } | undefined;
    return config ? `testbed workflow (${config.source ?? 'user'} config ${config.name})` : 'testbed workflow (default config)';
  },
  'testbed:stop-workflow': (request) => `testbed execution ${typeof request?.executionId === 'string' ? request.executionId : '(current)'}`,
  'testbed:config:save': (request) => `testbed config ${String(request?.name)}`,
  'alarms:ack': (request) => `alarm ${String(request?.id)}`,
  'access:set': (request) => `this connection's lock level → ${String(request?.level)}`,
  'connection:set': (request) => {
    const target = scrubSecrets(request) as { kind?: string; siteFile?: string; host?: string; url?: string; realm?: string };
    if (target.kind === 'site') return `router from site file ${target.siteFile}${target.host ? ` (host ${target.host})` : ''}`;
    if (target.kind === 'url') return `router ${target.url} (realm ${target.realm})`;
    return 'embedded router';
  },
};

/** The generic target: the first identifying field a request has. */
function genericTarget(request: unknown): string {
  if (request === null || typeof request !== 'object') return '';
  const fields = request as Record<string, unknown>;
  for (const key of ['address', 'name', 'id', 'ids', 'alarmId', 'alarmIds', 'executionId', 'program', 'rule']) {
    if (fields[key] !== undefined) return Array.isArray(fields[key]) ? (fields[key] as unknown[]).map(String).join(', ') : String(fields[key]);
  }
  return '';
}

/** What the entry names as the action's target. */
export function auditTarget(channel: string, request: unknown): string {
  const describe = TARGETS[channel];
  return describe ? describe(request as Request) : genericTarget(request);
}

/** The request as recorded: an object (a request without payload is `{}`), secrets removed. */
export function auditParams(request: unknown): Record<string, unknown> {
  if (request === undefined || request === null) return {};
  const scrubbed = scrubSecrets(request);
  return typeof scrubbed === 'object' && scrubbed !== null && !Array.isArray(scrubbed) ? (scrubbed as Record<string, unknown>) : { value: scrubbed };
}

/** Responses too big to keep whole, reduced to what the action changed. */
const RESULTS: Record<string, (value: unknown, request: Request) => unknown> = {
  // The whole testbed status is large; only the program the user acted on matters here.
  'testbed:agent': (value, request) => (value as { programs?: Array<{ name: string }> } | null)?.programs?.find((program) => program.name === request?.name) ?? null,
  'connection:set': (value) => {
    const { url, realm, addressRoot, status, detail } = value as { url: string; realm: string; addressRoot: string; status: string; detail: string | null };
    return { url, realm, addressRoot, status, detail };
  },
};

/** Error or not, the message and a result summary. An OCS reply with ERROR/TIMEOUT is the agent refusing: an error. */
export function auditOutcome(envelope: Envelope<unknown>, channel = '', request?: unknown): AuditOutcome {
  if (!envelope.ok) return { ok: false, errorCode: envelope.error.code, message: envelope.error.message, result: null };
  const value = envelope.value;
  if (isOpReply(value)) {
    const session = value.session ? { op_name: value.session.op_name, session_id: value.session.session_id, op_code: value.session.op_code, status: value.session.status, success: value.session.success } : null;
    const result = { status: value.status, session };
    if (value.status === ResponseCode.ERROR) return { ok: false, errorCode: 'ocs_error', message: value.message || null, result };
    if (value.status === ResponseCode.TIMEOUT) return { ok: false, errorCode: 'ocs_timeout', message: value.message || null, result };
    return { ok: true, errorCode: null, message: value.message || null, result };
  }
  const summary = RESULTS[channel]?.(value, request as Request) ?? value ?? null;
  // connection:set resolves whatever happened; a switch that did not connect is a failed action.
  if (channel === 'connection:set' && (summary as { status?: string }).status === 'disconnected') {
    return { ok: false, errorCode: 'not_connected', message: (summary as { detail?: string | null }).detail ?? 'the router did not connect', result: capped(scrubSecrets(summary)) };
  }
  return { ok: true, errorCode: null, message: null, result: capped(scrubSecrets(summary)) };
}

function isOpReply(value: unknown): value is { status: number; message: string; session: Record<string, unknown> | null } {
  return typeof value === 'object' && value !== null && typeof (value as { status?: unknown }).status === 'number' && typeof (value as { message?: unknown }).message === 'string' && 'session' in value;
}

function capped(value: unknown): unknown {
  const text = JSON.stringify(value) ?? 'null';
  return text.length <= RESULT_MAX_CHARS ? value : { truncated: true, preview: `${text.slice(0, RESULT_MAX_CHARS)}…` };
}
