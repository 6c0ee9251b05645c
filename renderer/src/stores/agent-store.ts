/**
 * The agent browser: the selected agent's get_api and, per operation, its latest session, the
 * request in flight and the last error. While an op is starting/running/stopping its status is
 * polled about every 0.5 s; polling stops when it is done or another agent is picked.
 */
import { create } from 'zustand';
import type { OpReplyView } from '../../../shared/ipc.js';
import { ResponseCode, type AgentApi, type EncodedSession } from '../../../shared/ocs-codes.js';
import { isActive } from '../logic/op-status.js';
import { errorText, stationApi } from './station.js';

export const POLL_INTERVAL_MS = 500;
/** How long the Wait button blocks on the agent before reporting a timeout. */
export const WAIT_TIMEOUT_S = 60;
/** Consecutive failed status polls after which polling gives up (the error stays in place). */
const MAX_POLL_FAILURES = 5;

export type OpAction = 'start' | 'abort' | 'stop' | 'wait';

export interface OpState {
  session: EncodedSession | null;
  busy: OpAction | null;
  error: string | null;
  /** Non-error outcome worth showing, e.g. a wait that timed out. */
  note: string | null;
}

interface AgentStore {
  address: string | null;
  api: AgentApi | null;
  loading: boolean;
  error: string | null;
  ops: Record<string, OpState>;
  select(address: string | null): Promise<void>;
  refresh(): Promise<void>;
  start(op: string, params: Record<string, unknown>): Promise<void>;
  abort(op: string): Promise<void>;
  stop(op: string): Promise<void>;
  wait(op: string): Promise<void>;
}

const EMPTY_OP: OpState = { session: null, busy: null, error: null, note: null };

// Bumped on every agent switch: replies and poll timers of the previous agent are dropped.
let generation = 0;
const pollers = new Map<string, ReturnType<typeof setTimeout>>();

function stopPolling(): void {
  for (const timer of pollers.values()) clearTimeout(timer);
  pollers.clear();
}

export const getInitialAgentState = (): Pick<AgentStore, 'address' | 'api' | 'loading' | 'error' | 'ops'> => {
  generation += 1;
  stopPolling();
  return { address: null, api: null, loading: false, error: null, ops: {} };
};

function sessionsFrom(api: AgentApi): Record<string, OpState> {
  const ops: Record<string, OpState> = {};
  for (const [name, session] of [...api.tasks, ...api.processes]) {
    ops[name] = { ...EMPTY_OP, session: session.status === 'no_history' ? null : (session as EncodedSession) };
  }
  return ops;
}

export const useAgentStore = create<AgentStore>()((set, get) => {
  const patchOp = (op: string, patch: Partial<OpState>) =>
    set((state) => ({ ops: { ...state.ops, [op]: { ...(state.ops[op] ?? EMPTY_OP), ...patch } } }));

  /** Keeps polling op:status while the op is active. */
  const schedulePoll = (op: string, failures = 0) => {
    const gen = generation;
    clearTimeout(pollers.get(op));
    if (!isActive(get().ops[op]?.session ?? null)) {
      pollers.delete(op);
      return;
    }
    pollers.set(
      op,
      setTimeout(async () => {
        const address = get().address;
        if (gen !== generation || !address) return;
        try {
          const reply = await stationApi().invoke('op:status', { address, op });
          if (gen !== generation) return;
          if (reply.status === ResponseCode.OK && reply.session) {
            patchOp(op, { session: reply.session });
            schedulePoll(op);
          } else {
            throw new Error(reply.message || 'status request failed');
          }
        } catch (error) {
          if (gen !== generation) return;
          patchOp(op, { error: errorText(error) });
          if (failures + 1 < MAX_POLL_FAILURES) schedulePoll(op, failures + 1);
          else pollers.delete(op);
        }
      }, POLL_INTERVAL_MS),
    );
  };

  /** The op's session as the agent reports it now (null when it has none). */
  const currentSession = async (address: string, op: string): Promise<EncodedSession | null> => {
    try {
      return (await stationApi().invoke('op:status', { address, op })).session;
    } catch {
      return get().ops[op]?.session ?? null;
    }
  };

  /** Runs one op request and applies its `[code, message, session]` reply in place. */
  const request = async (op: string, action: OpAction, call: (address: string) => Promise<OpReplyView>) => {
    const address = get().address;
    if (!address) return;
    const gen = generation;
    patchOp(op, { busy: action, error: null, note: null });
    try {
      const reply = await call(address);
      if (gen !== generation) return;
      const patch: Partial<OpState> = { busy: null };
      if (reply.session) patch.session = reply.session;
      // A refused start comes without a session, and the agent may have dropped its last one: ask what it holds now.
      else if (action === 'start' && reply.status === ResponseCode.ERROR) patch.session = await currentSession(address, op);
      if (reply.status === ResponseCode.ERROR) patch.error = reply.message || `${action} failed`;
      else if (reply.status === ResponseCode.TIMEOUT) patch.note = reply.message || `${action} timed out`;
      patchOp(op, patch);
    } catch (error) {
      if (gen !== generation) return;
      patchOp(op, { busy: null, error: errorText(error) });
    }
    schedulePoll(op);
  };

  return {
    ...getInitialAgentState(),
    select: async (address) => {
      if (address === get().address && get().api) return;
      set({ ...getInitialAgentState(), address });
      if (address) await get().refresh();
    },
    refresh: async () => {
      const address = get().address;
      if (!address) return;
      const gen = generation;
      set({ loading: true, error: null });
      try {
        const api = await stationApi().invoke('agent:api', { address });
        if (gen !== generation) return;
        stopPolling();
        set({ api, loading: false, ops: sessionsFrom(api) });
        for (const op of Object.keys(get().ops)) schedulePoll(op);
      } catch (error) {
        if (gen !== generation) return;
        set({ loading: false, error: errorText(error) });
      }
    },
    start: (op, params) => request(op, 'start', (address) => stationApi().invoke('op:start', { address, op, params })),
    abort: (op) => request(op, 'abort', (address) => stationApi().invoke('op:abort', { address, op })),
    stop: (op) => request(op, 'stop', (address) => stationApi().invoke('op:stop', { address, op })),
    wait: (op) => request(op, 'wait', (address) => stationApi().invoke('op:wait', { address, op, timeout: WAIT_TIMEOUT_S })),
  };
});
