/**
 * Script runs as the station store keeps them: history (newest first, paged), and the output of
 * the runs on screen — pushed live (`scripts:runs`, `scripts:output`) and filled from
 * `scripts:output` pages whenever lines are missing (history click, page opened mid-run, reconnect).
 */
import { create } from 'zustand';
import type { ScriptOutputLine, ScriptRunRecord } from '../../../shared/smurf.js';
import { mergeLines } from '../logic/output-lines.js';
import { errorText, stationApi } from './station.js';

export const HISTORY_PAGE = 100;
export const OUTPUT_PAGE = 1000;
/** Runs whose output stays in memory; older ones are dropped and fetched again when looked at. */
export const MAX_RUNS_IN_MEMORY = 30;

interface ScriptRunsStore {
  runs: ReadonlyMap<number, ScriptRunRecord>;
  historyLoaded: boolean;
  /** False once a history page came back short. */
  hasMore: boolean;
  error: string | null;
  output: ReadonlyMap<number, readonly ScriptOutputLine[]>;
  outputError: string | null;
  /** The history run whose output is shown. */
  viewed: number | null;
  /** Runs with a higher id started after the current launch (its live panels). */
  launchAfter: number | null;
  loadHistory(): Promise<void>;
  loadMore(): Promise<void>;
  applyRuns(runs: readonly ScriptRunRecord[]): void;
  applyOutput(lines: readonly ScriptOutputLine[]): void;
  /** Fetches a run's missing lines from the first one not held. */
  fetchOutput(runId: number): Promise<void>;
  view(runId: number | null): void;
  /** Marks the start of a launch: runs newer than every run known now belong to it. */
  markLaunch(): void;
  /** Marks a launch that started at `startedAt` (Unix s) as the current one (resumed after a reload) and fetches its runs' output. */
  markLaunchSince(startedAt: number): Promise<void>;
  /** Refetches history and the output of the runs on screen (after a reconnect). */
  reload(): Promise<void>;
}

export const getInitialScriptRunsState = (): Pick<
  ScriptRunsStore,
  'runs' | 'historyLoaded' | 'hasMore' | 'error' | 'output' | 'outputError' | 'viewed' | 'launchAfter'
> => {
  fetching.clear();
  return { runs: new Map(), historyLoaded: false, hasMore: true, error: null, output: new Map(), outputError: null, viewed: null, launchAfter: null };
};

// Runs whose output is being fetched, and whether another fetch was asked for meanwhile.
const fetching = new Map<number, { again: boolean }>();

/** History rows newest first. */
export function historyRows(runs: ReadonlyMap<number, ScriptRunRecord>): ScriptRunRecord[] {
  return [...runs.values()].sort((a, b) => b.id - a.id);
}

/** The run the current launch started on `streamId`, if it has appeared yet. */
export function launchedRun(runs: ReadonlyMap<number, ScriptRunRecord>, launchAfter: number | null, streamId: string): ScriptRunRecord | null {
  if (launchAfter === null) return null;
  let found: ScriptRunRecord | null = null;
  for (const run of runs.values()) {
    if (run.id > launchAfter && run.streamId === streamId && run.op === 'run' && (!found || run.id < found.id)) found = run;
  }
  return found;
}

export const useScriptRunsStore = create<ScriptRunsStore>()((set, get) => {
  const mergeRuns = (runs: readonly ScriptRunRecord[]) => {
    const next = new Map(get().runs);
    for (const run of runs) next.set(run.id, run);
    return next;
  };

  /** Runs on screen: the viewed one and the current launch's. */
  const onScreen = (): Set<number> => {
    const { runs, viewed, launchAfter } = get();
    const ids = new Set<number>();
    if (viewed !== null) ids.add(viewed);
    if (launchAfter !== null) for (const run of runs.values()) if (run.id > launchAfter) ids.add(run.id);
    return ids;
  };

  /** Drops the output of the oldest runs beyond the memory budget (never one on screen). */
  const evict = (output: Map<number, readonly ScriptOutputLine[]>) => {
    if (output.size <= MAX_RUNS_IN_MEMORY) return;
    const keep = onScreen();
    for (const id of [...output.keys()].sort((a, b) => a - b)) {
      if (output.size <= MAX_RUNS_IN_MEMORY) break;
      if (!keep.has(id)) output.delete(id);
    }
  };

  const setLines = (runId: number, incoming: readonly ScriptOutputLine[]): number | null => {
    const output = new Map(get().output);
    const { lines, gapFrom } = mergeLines(output.get(runId) ?? [], incoming);
    output.set(runId, lines);
    evict(output);
    set({ output });
    return gapFrom;
  };

  const page = async (before?: number) => {
    try {
      const runs = await stationApi().invoke('scripts:history', before === undefined ? { limit: HISTORY_PAGE } : { limit: HISTORY_PAGE, before });
      // Reloading the first page keeps what "load more" already learnt about older pages.
      const hasMore = before === undefined && get().historyLoaded ? get().hasMore : runs.length === HISTORY_PAGE;
      set({ runs: mergeRuns(runs), historyLoaded: true, error: null, hasMore });
    } catch (error) {
      set({ error: errorText(error) });
    }
  };

  return {
    ...getInitialScriptRunsState(),
    loadHistory: () => page(),
    loadMore: async () => {
      const ids = [...get().runs.keys()];
      if (ids.length === 0) return page();
      return page(Math.min(...ids));
    },
    applyRuns: (runs) => {
      if (runs.length > 0) set({ runs: mergeRuns(runs) });
    },
    applyOutput: (lines) => {
      const byRun = new Map<number, ScriptOutputLine[]>();
      for (const line of lines) {
        const list = byRun.get(line.runId);
        if (list) list.push(line);
        else byRun.set(line.runId, [line]);
      }
      for (const [runId, runLines] of byRun) {
        if (setLines(runId, runLines) !== null) void get().fetchOutput(runId);
      }
    },
    fetchOutput: async (runId) => {
      const running = fetching.get(runId);
      if (running) {
        running.again = true;
        return;
      }
      const state = { again: false };
      fetching.set(runId, state);
      try {
        for (;;) {
          state.again = false;
          const offset = get().output.get(runId)?.length ?? 0;
          const lines = await stationApi().invoke('scripts:output', { runId, offset, limit: OUTPUT_PAGE });
          if (fetching.get(runId) !== state) return; // Store reset meanwhile.
          setLines(runId, lines);
          if (lines.length < OUTPUT_PAGE && !state.again) break;
        }
        set({ outputError: null });
      } catch (error) {
        set({ outputError: `run ${runId}: ${errorText(error)}` });
      } finally {
        if (fetching.get(runId) === state) fetching.delete(runId);
      }
    },
    view: (runId) => {
      set({ viewed: runId });
      if (runId !== null) void get().fetchOutput(runId);
    },
    markLaunch: () => {
      const ids = [...get().runs.keys()];
      set({ launchAfter: ids.length === 0 ? 0 : Math.max(...ids) });
    },
    markLaunchSince: async (startedAt) => {
      if (!get().historyLoaded) await page();
      const before = [...get().runs.values()].filter((run) => run.startedAt < startedAt).map((run) => run.id);
      set({ launchAfter: before.length === 0 ? 0 : Math.max(...before) });
      await Promise.all([...onScreen()].map((id) => get().fetchOutput(id)));
    },
    reload: async () => {
      await page();
      await Promise.all([...onScreen()].map((id) => get().fetchOutput(id)));
    },
  };
});
