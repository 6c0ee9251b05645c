/** The testbed's status (supervisord programs, heartbeats, running executions), the Run form and the testbed actions. */
import { create } from 'zustand';
import type { TestbedRunParams, TestbedStatusView } from '../../../shared/testbed.js';
import { errorText, stationApi } from './station.js';
import { useTestbedConfigStore } from './testbed-config-store.js';
import { useTestbedMessagesStore } from './testbed-messages-store.js';

/** The Run form: what the user typed (numbers as text until sent). */
export interface RunForm {
  stf_count: string;
  physics_period_count: string;
  stf_interval: string;
  realtime: boolean;
}

interface TestbedStore {
  status: TestbedStatusView | null;
  form: RunForm;
  /** The action in flight ('run', 'stop-workflow', 'stop-agents', 'restart:<name>', …), one at a time. */
  busy: string | null;
  /** The last action's outcome (e.g. the execution id started) or its refusal. */
  notice: { kind: 'ok' | 'error'; text: string } | null;
  error: string | null;
  load(watch?: boolean): Promise<void>;
  applyStatus(status: TestbedStatusView): void;
  setForm(patch: Partial<RunForm>): void;
  run(): Promise<void>;
  stopWorkflow(): Promise<void>;
  stopAgents(): Promise<void>;
  agent(action: 'start' | 'stop' | 'restart', name: string): Promise<void>;
}

export const getInitialTestbedState = (): Pick<TestbedStore, 'status' | 'form' | 'busy' | 'notice' | 'error'> => ({
  status: null,
  // The workflow config's defaults (spec §5.7): 10 STFs, one physics period, 2 s apart, in real time.
  form: { stf_count: '10', physics_period_count: '1', stf_interval: '2', realtime: true },
  busy: null,
  notice: null,
  error: null,
});

/** The form as run parameters; a field that is not a number ≥ 0 is an error naming it. */
export function runParams(form: RunForm): TestbedRunParams {
  const number = (key: keyof Omit<RunForm, 'realtime'>, integer: boolean): number => {
    const value = Number(form[key]);
    if (form[key].trim() === '' || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
      throw new Error(`${key} must be ${integer ? 'a whole number' : 'a number'} ≥ 0`);
    }
    return value;
  };
  return { stf_count: number('stf_count', true), physics_period_count: number('physics_period_count', true), stf_interval: number('stf_interval', false), realtime: form.realtime };
}

let generation = 0;

export const useTestbedStore = create<TestbedStore>()((set, get) => {
  /** Runs one action at a time and reports its outcome in `notice`. */
  const act = async (name: string, action: () => Promise<string>): Promise<void> => {
    if (get().busy) return;
    set({ busy: name, notice: null });
    try {
      set({ notice: { kind: 'ok', text: await action() } });
    } catch (error) {
      set({ notice: { kind: 'error', text: errorText(error) } });
    } finally {
      set({ busy: null });
      void get().load();
    }
  };
  return {
    ...getInitialTestbedState(),
    load: async (watch = false) => {
      const gen = ++generation;
      try {
        const status = await stationApi().invoke('testbed:status', { watch });
        if (gen === generation) set({ status, error: null });
      } catch (error) {
        if (gen === generation) set({ error: errorText(error) });
      }
    },
    applyStatus: (status) => {
      ++generation;
      set({ status, error: null });
    },
    setForm: (patch) => set({ form: { ...get().form, ...patch } }),
    run: () =>
      act('run', async () => {
        const params = runParams(get().form);
        const selected = useTestbedConfigStore.getState().selected;
        const result = await stationApi().invoke('testbed:run', { params, ...(selected ? { config: selected } : {}) });
        useTestbedMessagesStore.getState().follow(result.executionId);
        const notes = [...result.skipped.map((key) => `not started: ${key}`), ...result.warnings];
        return `started ${result.executionId} in namespace ${result.namespace}${notes.length > 0 ? ` – ${notes.join('; ')}` : ''}`;
      }),
    stopWorkflow: () =>
      act('stop-workflow', async () => {
        const executionId = useTestbedMessagesStore.getState().executionId ?? undefined;
        await stationApi().invoke('testbed:stop-workflow', executionId ? { executionId } : {});
        return `stop sent${executionId ? ` to ${executionId}` : ''}`;
      }),
    stopAgents: () =>
      act('stop-agents', async () => {
        const { stopped } = await stationApi().invoke('testbed:stop-agents', undefined);
        return stopped.length > 0 ? `stopped ${stopped.join(', ')}` : 'no agents were running';
      }),
    agent: (action, name) =>
      act(`${action}:${name}`, async () => {
        const status = await stationApi().invoke('testbed:agent', { action, name });
        set({ status });
        return `${action} ${name}: done`;
      }),
  };
});
