/** The script launcher's form: the scripts in the allowed directories, the picked one, its args (one field each) and the log mode. */
import { create } from 'zustand';
import type { ScriptEntry } from '../../../shared/smurf.js';
import { errorText, stationApi } from './station.js';

/** `log` of the controller's run: true → agent log and session messages, false → not logged, a path → appended there. */
export type LogMode = { kind: 'agent' } | { kind: 'none' } | { kind: 'file'; path: string };

interface ScriptFormStore {
  scripts: ScriptEntry[];
  loaded: boolean;
  error: string | null;
  /** Path of the picked script. */
  script: string | null;
  args: string[];
  log: LogMode;
  load(): Promise<void>;
  pick(path: string | null): void;
  setArg(index: number, text: string): void;
  addArg(): void;
  removeArg(index: number): void;
  setLog(log: LogMode): void;
}

export const getInitialScriptFormState = (): Pick<ScriptFormStore, 'scripts' | 'loaded' | 'error' | 'script' | 'args' | 'log'> => ({
  scripts: [],
  loaded: false,
  error: null,
  script: null,
  args: [],
  log: { kind: 'agent' },
});

/** The `log` param value for a log mode; an empty path is an error, not `false`. */
export function logParam(log: LogMode): { ok: true; value: boolean | string } | { ok: false; error: string } {
  if (log.kind === 'agent') return { ok: true, value: true };
  if (log.kind === 'none') return { ok: true, value: false };
  const path = log.path.trim();
  return path === '' ? { ok: false, error: 'log: give the path of the log file, or pick another log mode' } : { ok: true, value: path };
}

export const useScriptFormStore = create<ScriptFormStore>()((set, get) => ({
  ...getInitialScriptFormState(),
  load: async () => {
    try {
      const scripts = await stationApi().invoke('scripts:list', undefined);
      const script = get().script;
      // A picked script that disappeared from the directories is unpicked rather than run blind.
      set({ scripts, loaded: true, error: null, script: script && scripts.some((entry) => entry.path === script) ? script : null });
    } catch (error) {
      set({ error: errorText(error) });
    }
  },
  pick: (path) => set({ script: path }),
  setArg: (index, text) => set({ args: get().args.map((arg, i) => (i === index ? text : arg)) }),
  addArg: () => set({ args: [...get().args, ''] }),
  removeArg: (index) => set({ args: get().args.filter((_, i) => i !== index) }),
  setLog: (log) => set({ log }),
}));
