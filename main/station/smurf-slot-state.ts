import type { SmurfSlot } from '../../shared/smurf.js';
import type { AgentApi } from '../ocs/client-api.js';

/** The part of a slot read from the controller's sessions (get_api), not from its heartbeat. */
export type SlotSessionState = Pick<SmurfSlot, 'streamId' | 'streamOn' | 'crate' | 'slot' | 'currentOp' | 'lastResult'>;

/** Ops that always run and say nothing about what the slot is doing. */
const BACKGROUND_OPS = new Set(['check_state']);
const STATUS_MESSAGE = /^Status is now "\w+"\.$/;
const ACTIVE_STATUSES = new Set(['starting', 'running', 'stopping']);

interface SessionLike {
  op_name: string;
  status?: string;
  success?: boolean | null;
  start_time?: number;
  end_time?: number | null;
  data?: Record<string, unknown>;
  messages?: Array<[number, string]>;
}

/** `pysmurf-controller-c1s2` → crate 1, slot 2 (the site's naming), else nulls. */
export function crateSlotFromInstanceId(instanceId: string): { crate: number | null; slot: number | null } {
  const match = /c(\d+)s(\d+)$/.exec(instanceId);
  return match ? { crate: Number(match[1]), slot: Number(match[2]) } : { crate: null, slot: null };
}

/** Sessions listed by get_api, without the `no_history` placeholders of ops that never ran. */
function sessionsOf(api: AgentApi): SessionLike[] {
  return [...api.tasks, ...api.processes]
    .map(([name, session]) => ({ ...(session as Partial<SessionLike>), op_name: name }))
    .filter((session) => session.status !== undefined && session.status !== 'no_history');
}

function finiteNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** stream on/off: the stream op's own flag while it has one, else check_state's open_g3stream. */
function streamOnOf(check: SessionLike | undefined, stream: SessionLike | undefined): boolean | null {
  const fromStream = stream?.data?.stream_on;
  if (typeof fromStream === 'boolean') return fromStream;
  const fromState = check?.data?.stream_on ?? check?.data?.open_g3stream;
  if (typeof fromState === 'boolean') return fromState;
  if (typeof fromState === 'number') return fromState !== 0;
  return null;
}

/**
 * Derives a slot's stream id, stream state, crate/slot, current op and last result from the
 * controller's get_api sessions (check_state session.data carries `stream_id`, as the manager reads it).
 */
export function slotStateFromApi(api: AgentApi, instanceId: string): SlotSessionState {
  const sessions = sessionsOf(api);
  const check = sessions.find((session) => session.op_name === 'check_state');
  const stream = sessions.find((session) => session.op_name === 'stream');
  const streamIdValue = check?.data?.stream_id ?? stream?.data?.stream_id;
  const fallback = crateSlotFromInstanceId(instanceId);
  const crate = finiteNumber(check?.data?.crate) ?? fallback.crate;
  const slot = finiteNumber(check?.data?.slot) ?? fallback.slot;

  const foreground = sessions.filter((session) => !BACKGROUND_OPS.has(session.op_name));
  const running = foreground
    .filter((session) => ACTIVE_STATUSES.has(session.status ?? ''))
    .sort((a, b) => (b.start_time ?? 0) - (a.start_time ?? 0))[0];
  const finished = foreground
    .filter((session) => session.status === 'done' && typeof session.end_time === 'number')
    .sort((a, b) => (b.end_time ?? 0) - (a.end_time ?? 0))[0];
  // OCS logs the op's return message, then 'Status is now "done".': the former is the result.
  const lastMessage = [...(finished?.messages ?? [])].reverse().find(([, text]) => typeof text === 'string' && !STATUS_MESSAGE.test(text))?.[1];

  return {
    streamId: typeof streamIdValue === 'string' && streamIdValue !== '' ? streamIdValue : instanceId,
    streamOn: streamOnOf(check, stream),
    crate,
    slot,
    currentOp: running ? { name: running.op_name, startedAt: finiteNumber(running.start_time) } : null,
    lastResult: finished
      ? { op: finished.op_name, success: finished.success === true, message: typeof lastMessage === 'string' ? lastMessage : '', endedAt: finished.end_time ?? 0 }
      : null,
  };
}
