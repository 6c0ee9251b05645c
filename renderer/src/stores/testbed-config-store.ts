/** The testbed configs: the list, the selected one's text in the editor, its validation (checked by main as you type) and saving. */
import { create } from 'zustand';
import type { TestbedConfigEntry, TestbedConfigValidation } from '../../../shared/testbed.js';
import { errorText, stationApi } from './station.js';

export interface ConfigRef {
  name: string;
  source: 'builtin' | 'user';
}

/** Typing pauses this long before main checks the text. */
export const VALIDATE_DELAY_MS = 300;

interface TestbedConfigStore {
  configs: TestbedConfigEntry[];
  selected: ConfigRef | null;
  text: string;
  /** The text as last read or saved (the editor is dirty when they differ). */
  savedText: string;
  validation: TestbedConfigValidation | null;
  /** Where Save writes (a user config name; a shipped config is saved as a copy). */
  saveName: string;
  saving: boolean;
  notice: { kind: 'ok' | 'error'; text: string } | null;
  error: string | null;
  load(): Promise<void>;
  select(ref: ConfigRef): Promise<void>;
  edit(text: string): void;
  validateNow(): Promise<void>;
  setSaveName(name: string): void;
  save(): Promise<void>;
}

export const getInitialTestbedConfigState = (): Pick<
  TestbedConfigStore,
  'configs' | 'selected' | 'text' | 'savedText' | 'validation' | 'saveName' | 'saving' | 'notice' | 'error'
> => ({ configs: [], selected: null, text: '', savedText: '', validation: null, saveName: '', saving: false, notice: null, error: null });

/** The key a config is picked by in the select box. */
export const configKey = (ref: ConfigRef): string => `${ref.source}:${ref.name}`;

let validateTimer: ReturnType<typeof setTimeout> | null = null;
let validation = 0;

export const useTestbedConfigStore = create<TestbedConfigStore>()((set, get) => ({
  ...getInitialTestbedConfigState(),
  load: async () => {
    try {
      const configs = await stationApi().invoke('testbed:config:list', undefined);
      set({ configs, error: null });
      const { selected } = get();
      const stillThere = selected && configs.some((entry) => entry.name === selected.name && entry.source === selected.source);
      // The shipped testbed.toml is what `testbed run` uses without a name: start there.
      const first = configs.find((entry) => entry.source === 'builtin' && entry.name === 'testbed') ?? configs[0];
      if (!stillThere && first) await get().select({ name: first.name, source: first.source });
    } catch (error) {
      set({ error: errorText(error) });
    }
  },
  select: async (ref) => {
    set({ selected: ref, notice: null });
    try {
      const { entry, text } = await stationApi().invoke('testbed:config:read', ref);
      if (get().selected !== ref) return;
      set({ text, savedText: text, saveName: entry.source === 'user' ? entry.name : `my_${entry.name}`, error: null });
      await get().validateNow();
    } catch (error) {
      set({ error: errorText(error) });
    }
  },
  edit: (text) => {
    set({ text, notice: null });
    if (validateTimer) clearTimeout(validateTimer);
    validateTimer = setTimeout(() => {
      validateTimer = null;
      void get().validateNow();
    }, VALIDATE_DELAY_MS);
  },
  validateNow: async () => {
    const run = ++validation;
    const { text, saveName } = get();
    try {
      const result = await stationApi().invoke('testbed:config:validate', { text, ...(saveName ? { name: saveName } : {}) });
      if (run === validation) set({ validation: result });
    } catch (error) {
      if (run === validation) set({ error: errorText(error) });
    }
  },
  setSaveName: (saveName) => set({ saveName }),
  save: async () => {
    const { saveName, text } = get();
    set({ saving: true, notice: null });
    try {
      const entry = await stationApi().invoke('testbed:config:save', { name: saveName, text });
      set({ savedText: text, notice: { kind: 'ok', text: `saved ${entry.file}` } });
      const configs = await stationApi().invoke('testbed:config:list', undefined);
      set({ configs, selected: { name: entry.name, source: 'user' } });
    } catch (error) {
      set({ notice: { kind: 'error', text: errorText(error) } });
    } finally {
      set({ saving: false });
    }
  },
}));
