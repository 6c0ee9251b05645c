/** Recorded testbed messages (the newest MESSAGE_LIMIT, ascending id), the stream's filters and the execution the timeline follows. */
import { create } from 'zustand';
import type { TestbedMessageView } from '../../../shared/testbed.js';
import { latestExecutionId } from '../logic/testbed-timeline.js';
import { errorText, stationApi } from './station.js';

/** Messages kept in memory; the stream shows these, filtered. */
export const MESSAGE_LIMIT = 5_000;

export interface MessageFilter {
  type: string;
  agent: string;
  run: string;
  namespace: string;
}

interface TestbedMessagesStore {
  messages: TestbedMessageView[];
  filter: MessageFilter;
  /** The execution the timeline shows: the one the view started, else the newest seen. */
  executionId: string | null;
  /** True once the user (or a run from this view) chose the execution: pushes then do not move it. */
  pinned: boolean;
  loaded: boolean;
  error: string | null;
  load(): Promise<void>;
  applyMessages(messages: readonly TestbedMessageView[]): void;
  setFilter(patch: Partial<MessageFilter>): void;
  follow(executionId: string | null): void;
}

export const getInitialTestbedMessagesState = (): Pick<TestbedMessagesStore, 'messages' | 'filter' | 'executionId' | 'pinned' | 'loaded' | 'error'> => ({
  messages: [],
  filter: { type: '', agent: '', run: '', namespace: '' },
  executionId: null,
  pinned: false,
  loaded: false,
  error: null,
});

/** Whether a message passes the stream's filters (empty fields match everything). */
export function matchesMessageFilter(message: TestbedMessageView, filter: MessageFilter): boolean {
  return (
    (filter.type === '' || message.msgType === filter.type) &&
    (filter.agent === '' || message.sender === filter.agent) &&
    (filter.run === '' || message.runId === filter.run) &&
    (filter.namespace === '' || message.namespace === filter.namespace)
  );
}

/** Merges by id in ascending order and keeps the newest `MESSAGE_LIMIT`. */
function merge(previous: readonly TestbedMessageView[], next: readonly TestbedMessageView[]): TestbedMessageView[] {
  const lastId = previous.length > 0 ? previous[previous.length - 1].id : 0;
  const known = new Set(previous.map((message) => message.id));
  const fresh = next.filter((message) => !known.has(message.id));
  if (fresh.length === 0) return previous as TestbedMessageView[];
  // Pushes arrive in id order; only a reload can interleave, so sort only then.
  const merged = fresh.every((message) => message.id > lastId) ? [...previous, ...fresh] : [...previous, ...fresh].sort((a, b) => a.id - b.id);
  return merged.length > MESSAGE_LIMIT ? merged.slice(merged.length - MESSAGE_LIMIT) : merged;
}

let generation = 0;

export const useTestbedMessagesStore = create<TestbedMessagesStore>()((set, get) => ({
  ...getInitialTestbedMessagesState(),
  load: async () => {
    const gen = ++generation;
    try {
      const messages = await stationApi().invoke('testbed:messages', { limit: MESSAGE_LIMIT });
      if (gen !== generation) return;
      const merged = merge(get().messages, messages);
      set({ messages: merged, loaded: true, error: null, executionId: get().pinned ? get().executionId : (latestExecutionId(merged) ?? get().executionId) });
    } catch (error) {
      if (gen === generation) set({ error: errorText(error) });
    }
  },
  applyMessages: (incoming) => {
    const messages = merge(get().messages, incoming);
    if (messages === get().messages) return;
    const executionId = get().pinned ? get().executionId : (latestExecutionId(messages) ?? get().executionId);
    set({ messages, executionId });
  },
  setFilter: (patch) => set({ filter: { ...get().filter, ...patch } }),
  follow: (executionId) => set({ executionId, pinned: executionId !== null }),
}));
