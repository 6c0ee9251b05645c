/**
 * The operation monitor's state: the grid of agents × operations (ops:grid, then ops:changes pushes),
 * the timeline over the chosen window (ops:timeline; a live window grows with the pushes), the agent
 * class filter, and the detail of a clicked cell (op:status) or segment (ops:record).
 */
import { create } from 'zustand';
import type { OpReplyView } from '../../../shared/ipc.js';
import type { OpGridRow, OpHistoryRecord, OpSegment, OpTimeline } from '../../../shared/operations.js';
import { serverNow } from './clock-store.js';
import { errorText, stationApi } from './station.js';

/** A live window (the last `span` seconds, following now) or a fixed one (custom or zoomed). */
export type OpWindow = { kind: 'live'; span: number } | { kind: 'fixed'; from: number; to: number };

/** The preset windows, seconds. */
export const WINDOW_PRESETS: ReadonlyArray<{ id: string; label: string; span: number }> = [
  { id: '15m', label: '15 min', span: 900 },
  { id: '1h', label: '1 h', span: 3_600 },
  { id: '6h', label: '6 h', span: 21_600 },
  { id: '24h', label: '24 h', span: 86_400 },
];
/** The narrowest zoom (seconds): below it segments are wider than any change's timing is precise. */
export const MIN_SPAN = 10;
/** The widest window the station answers (ops:timeline refuses more). */
export const MAX_SPAN = 31 * 86_400;

export type OpDetail =
  | { kind: 'live'; address: string; op: string; code: number; reply: OpReplyView | null; error: string | null }
  | { kind: 'record'; agent: string; op: string; segment: OpSegment; record: OpHistoryRecord | null; error: string | null };

interface OperationsStore {
  grid: OpGridRow[];
  window: OpWindow;
  classFilter: string | null;
  timeline: OpTimeline | null;
  loading: boolean;
  loaded: boolean;
  error: string | null;
  detail: OpDetail | null;
  load(): Promise<void>;
  loadTimeline(): Promise<void>;
  setWindow(window: OpWindow): Promise<void>;
  /** Zooms around the window's centre: factor < 1 in, > 1 out. */
  zoom(factor: number): Promise<void>;
  zoomTo(from: number, to: number): Promise<void>;
  setClassFilter(agentClass: string | null): Promise<void>;
  applyChanges(records: readonly OpHistoryRecord[]): void;
  selectCell(address: string, op: string): Promise<void>;
  selectSegment(agent: string, op: string, segment: OpSegment): Promise<void>;
  closeDetail(): void;
}

export const getInitialOperationsState = (): Pick<OperationsStore, 'grid' | 'window' | 'classFilter' | 'timeline' | 'loading' | 'loaded' | 'error' | 'detail'> => ({
  grid: [],
  window: { kind: 'live', span: 3_600 },
  classFilter: null,
  timeline: null,
  loading: false,
  loaded: false,
  error: null,
  detail: null,
});

/** The window's [from, to] now (Unix seconds, server clock). */
export function windowRange(window: OpWindow, now: number = serverNow()): { from: number; to: number } {
  return window.kind === 'live' ? { from: now - window.span, to: now } : { from: window.from, to: window.to };
}

const byAddress = (a: OpGridRow, b: OpGridRow) => a.address.localeCompare(b.address);

/** The grid with the changes applied (new agents and ops appear; an agent whose ops are all EXPIRED is expired). */
export function gridWithChanges(grid: readonly OpGridRow[], records: readonly OpHistoryRecord[]): OpGridRow[] {
  const rows = new Map(grid.map((row) => [row.address, row]));
  for (const record of records) {
    const row = rows.get(record.agent) ?? { address: record.agent, agentClass: record.agentClass, expired: false, ops: {} };
    const ops = { ...row.ops, [record.op]: { code: record.code, since: record.at } };
    rows.set(record.agent, { ...row, agentClass: record.agentClass ?? row.agentClass, ops, expired: Object.values(ops).every((cell) => cell.code === 7) });
  }
  return [...rows.values()].sort(byAddress);
}

/** A live timeline with the changes appended: the open segment of the op ends at the change, a new one begins. */
export function timelineWithChanges(timeline: OpTimeline, records: readonly OpHistoryRecord[], classFilter: string | null): OpTimeline {
  const strips = timeline.strips.map((strip) => ({ ...strip, segments: strip.segments.slice() }));
  let to = timeline.to;
  for (const record of records) {
    if (classFilter !== null && record.agentClass !== classFilter) continue;
    to = Math.max(to, record.at);
    let strip = strips.find((item) => item.agent === record.agent && item.op === record.op);
    if (!strip) {
      strip = { agent: record.agent, agentClass: record.agentClass, op: record.op, segments: [] };
      strips.push(strip);
      strips.sort((a, b) => a.agent.localeCompare(b.agent) || a.op.localeCompare(b.op));
    }
    const last = strip.segments.at(-1);
    if (last && last[2] === record.code) continue;
    if (last) strip.segments[strip.segments.length - 1] = [last[0], Math.max(last[0], record.at), last[2], last[3]];
    strip.segments.push([record.at, record.at, record.code, record.id]);
  }
  return { ...timeline, to, strips };
}

let timelineGeneration = 0;
let detailGeneration = 0;

export const useOperationsStore = create<OperationsStore>()((set, get) => ({
  ...getInitialOperationsState(),

  load: async () => {
    try {
      const grid = await stationApi().invoke('ops:grid', undefined);
      set({ grid: grid.slice().sort(byAddress), loaded: true, error: null });
    } catch (error) {
      set({ error: errorText(error), loaded: true });
    }
    await get().loadTimeline();
  },

  loadTimeline: async () => {
    const gen = ++timelineGeneration;
    const { window, classFilter } = get();
    const { from, to } = windowRange(window);
    set({ loading: true });
    try {
      const timeline = await stationApi().invoke('ops:timeline', { from, to, ...(classFilter !== null ? { agentClass: classFilter } : {}) });
      if (gen === timelineGeneration) set({ timeline, loading: false, error: null });
    } catch (error) {
      if (gen === timelineGeneration) set({ loading: false, error: errorText(error) });
    }
  },

  setWindow: async (window) => {
    set({ window });
    await get().loadTimeline();
  },

  zoom: async (factor) => {
    const { from, to } = windowRange(get().window);
    const centre = (from + to) / 2;
    const span = Math.min(MAX_SPAN, Math.max(MIN_SPAN, (to - from) * factor));
    // Zooming out of a live window keeps it live; any other zoom fixes the window (it stops following now).
    const window = get().window;
    if (window.kind === 'live' && factor > 1) return get().setWindow({ kind: 'live', span });
    await get().setWindow({ kind: 'fixed', from: centre - span / 2, to: centre + span / 2 });
  },

  zoomTo: async (from, requestedTo) => {
    const window = get().window;
    // A drag to the right edge of a live window means "up to now" (the drawing's `now` is up to a second old).
    const now = serverNow();
    const to = window.kind === 'live' && requestedTo >= now - window.span * 0.01 - 1 ? now : requestedTo;
    const span = Math.max(MIN_SPAN, to - from);
    const centre = (from + to) / 2;
    await get().setWindow({ kind: 'fixed', from: centre - span / 2, to: centre + span / 2 });
  },

  setClassFilter: async (agentClass) => {
    set({ classFilter: agentClass });
    await get().loadTimeline();
  },

  applyChanges: (records) => {
    if (records.length === 0) return;
    const { grid, timeline, window, classFilter } = get();
    // A fixed window's history is what the station recorded; only a live one grows.
    set({ grid: gridWithChanges(grid, records), timeline: timeline && window.kind === 'live' ? timelineWithChanges(timeline, records, classFilter) : timeline });
  },

  selectCell: async (address, op) => {
    const gen = ++detailGeneration;
    const code = get().grid.find((row) => row.address === address)?.ops[op]?.code ?? 1;
    set({ detail: { kind: 'live', address, op, code, reply: null, error: null } });
    try {
      const reply = await stationApi().invoke('op:status', { address, op });
      if (gen === detailGeneration) set({ detail: { kind: 'live', address, op, code, reply, error: null } });
    } catch (error) {
      if (gen === detailGeneration) set({ detail: { kind: 'live', address, op, code, reply: null, error: errorText(error) } });
    }
  },

  selectSegment: async (agent, op, segment) => {
    const gen = ++detailGeneration;
    set({ detail: { kind: 'record', agent, op, segment, record: null, error: null } });
    try {
      const record = await stationApi().invoke('ops:record', { id: segment[3] });
      if (gen !== detailGeneration) return;
      set({ detail: { kind: 'record', agent, op, segment, record, error: record ? null : `record ${segment[3]} is not in the station store` } });
    } catch (error) {
      if (gen === detailGeneration) set({ detail: { kind: 'record', agent, op, segment, record: null, error: errorText(error) } });
    }
  },

  closeDetail: () => {
    detailGeneration += 1;
    set({ detail: null });
  },
}));
