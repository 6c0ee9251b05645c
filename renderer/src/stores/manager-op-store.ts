/**
 * One op run through the MultiSmurfManager (a fan-out, or the launcher's `run`): start it with
 * `stream_ids`, poll the manager's session about every 0.5 s while it is active, stop or abort it.
 * The Smurf and Scripts views each get their own instance, so a script run and a fan-out are
 * tracked side by side.
 */
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { OpReplyView } from '../../../shared/ipc.js';
import { ResponseCode, type EncodedSession } from '../../../shared/ocs-codes.js';
import { isActive } from '../logic/op-status.js';
import { POLL_INTERVAL_MS } from './agent-store.js';
import { useSmurfStore } from './smurf-store.js';
import { errorText, stationApi } from './station.js';

/** Consecutive failed polls after which polling gives up (the error stays shown). */
const MAX_POLL_FAILURES = 5;

/** How "abort" reaches the targets: the manager op's own abort/stop, or the manager's `abort` op (kills the slots' scripts). */
export type AbortHow = 'abort' | 'stop' | 'abort-scripts';

export interface ManagerOpState {
  /** Manager address the op runs on. */
  address: string | null;
  op: string | null;
  /** Stream ids asked for (empty = all live controllers). */
  requested: string[];
  session: EncodedSession | null;
  busy: 'start' | 'abort' | null;
  error: string | null;
}

export interface ManagerOpStore extends ManagerOpState {
  start(op: string, params: Record<string, unknown>, streamIds: readonly string[]): Promise<boolean>;
  /** Resolves false when the manager refused or the request failed (the error is shown). */
  abort(how: AbortHow): Promise<boolean>;
  /** Asks the manager for the op's session again (after a reconnect). */
  refresh(): Promise<void>;
  /**
   * With no op of its own, follows the manager's `op` if it runs now (a reloaded page, another
   * operator's launch); resolves with that session's start time, else null.
   */
  resume(op: string): Promise<number | null>;
}

export type ManagerOpHook = UseBoundStore<StoreApi<ManagerOpStore>>;

/** Creates one independent manager-op store (own polling, own state). */
export function createManagerOpStore(): { useStore: ManagerOpHook; initialState: () => ManagerOpState } {
  // Bumped on every start/reset: replies and timers of an earlier op are dropped.
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const initialState = (): ManagerOpState => {
    generation += 1;
    if (timer) clearTimeout(timer);
    timer = null;
    return { address: null, op: null, requested: [], session: null, busy: null, error: null };
  };

  const useStore = create<ManagerOpStore>()((set, get) => {
    const schedulePoll = (failures = 0) => {
      const gen = generation;
      if (timer) clearTimeout(timer);
      timer = null;
      const { address, op, session } = get();
      if (!address || !op || !isActive(session)) return;
      timer = setTimeout(async () => {
        timer = null;
        try {
          const reply = await stationApi().invoke('op:status', { address, op });
          if (gen !== generation) return;
          if (reply.status !== ResponseCode.OK || !reply.session) throw new Error(reply.message || 'status request failed');
          set({ session: reply.session });
          schedulePoll();
        } catch (error) {
          if (gen !== generation) return;
          set({ error: errorText(error) });
          if (failures + 1 < MAX_POLL_FAILURES) schedulePoll(failures + 1);
        }
      }, POLL_INTERVAL_MS);
    };

    /** Applies a `[code, message, session]` reply; a refusal keeps the message in place. */
    const applyReply = (reply: OpReplyView, what: string) => {
      const patch: Partial<ManagerOpState> = { busy: null };
      if (reply.session) patch.session = reply.session;
      if (reply.status === ResponseCode.ERROR) patch.error = reply.message || `${what} failed`;
      set(patch);
    };

    return {
      ...initialState(),
      start: async (op, params, streamIds) => {
        const address = useSmurfStore.getState().info?.managerAddress ?? null;
        initialState();
        const gen = generation;
        if (!address) {
          set({ address: null, op, requested: [...streamIds], session: null, busy: null, error: 'No MultiSmurfManager runs in this station.' });
          return false;
        }
        set({ address, op, requested: [...streamIds], session: null, busy: 'start', error: null });
        try {
          const reply = await stationApi().invoke('op:start', { address, op, params: { ...params, stream_ids: [...streamIds] } });
          if (gen !== generation) return false;
          // A refused start carries no session: show what the manager holds now only if it is running (someone else's fan-out).
          applyReply(reply, 'start');
          if (reply.status === ResponseCode.ERROR && !reply.session) await get().refresh();
          schedulePoll();
          return reply.status !== ResponseCode.ERROR;
        } catch (error) {
          if (gen === generation) set({ busy: null, error: errorText(error) });
          return false;
        }
      },
      abort: async (how) => {
        const { address, op, requested, session } = get();
        if (!address || !op) return false;
        const gen = generation;
        set({ busy: 'abort', error: null });
        try {
          if (how === 'abort-scripts') {
            // The controllers' `abort` ends each slot's running script (and with it the op that runs it).
            const targets = requested.length > 0 ? requested : Object.keys((session?.data as { sessions?: object } | undefined)?.sessions ?? {});
            const reply = await stationApi().invoke('op:start', { address, op: 'abort', params: { stream_ids: targets } });
            if (gen !== generation) return false;
            set({ busy: null, error: reply.status === ResponseCode.ERROR ? reply.message || 'abort failed' : null });
            schedulePoll();
            return reply.status !== ResponseCode.ERROR;
          }
          const reply = await stationApi().invoke(how === 'stop' ? 'op:stop' : 'op:abort', { address, op });
          if (gen !== generation) return false;
          applyReply(reply, how);
          schedulePoll();
          return reply.status !== ResponseCode.ERROR;
        } catch (error) {
          if (gen === generation) set({ busy: null, error: errorText(error) });
          schedulePoll();
          return false;
        }
      },
      refresh: async () => {
        const { address, op } = get();
        if (!address || !op) return;
        const gen = generation;
        try {
          const reply = await stationApi().invoke('op:status', { address, op });
          if (gen !== generation) return;
          // After a refused start, keep showing nothing unless the manager is busy with this op right now.
          if (reply.session && (isActive(reply.session) || get().session)) set({ session: reply.session });
          schedulePoll();
        } catch (error) {
          if (gen === generation) set({ error: errorText(error) });
        }
      },
      resume: async (op) => {
        const address = useSmurfStore.getState().info?.managerAddress ?? null;
        if (get().op !== null || !address) return null;
        const gen = generation;
        try {
          const reply = await stationApi().invoke('op:status', { address, op });
          // A start or another resume meanwhile wins.
          if (gen !== generation || get().op !== null || !reply.session || !isActive(reply.session)) return null;
          set({ address, op, requested: [], session: reply.session, busy: null, error: null });
          schedulePoll();
          return reply.session.start_time;
        } catch {
          return null; // Nothing to follow: the view stays as it was.
        }
      },
    };
  });
  return { useStore, initialState };
}

const fanout = createManagerOpStore();
/** The Smurf view's fan-out. */
export const useFanoutStore = fanout.useStore;
export const getInitialFanoutState = fanout.initialState;

const launch = createManagerOpStore();
/** The Scripts view's `run` on the selected slots. */
export const useLaunchStore = launch.useStore;
export const getInitialLaunchState = launch.initialState;
