/** Alarms: the active list, recent history and the rules; `alarms:changed` pushes keep them live. Also the sound setting. */
import { create } from 'zustand';
import { needsAck, type AlarmRule, type AlarmView } from '../../../shared/alarms.js';
import type { RequestOf } from '../../../shared/ipc.js';
import { errorText, stationApi } from './station.js';

/** Finished alarms kept (and asked for). */
export const ALARM_HISTORY_LIMIT = 200;
const SOUND_KEY = 'station.alarms.sound';

/** What `alarms:set-rule` takes: the rule's id and the settings to change. */
export type AlarmRulePatch = RequestOf<'alarms:set-rule'>;

interface AlarmsStore {
  /** Oldest first. */
  active: AlarmView[];
  /** Newest first. */
  history: AlarmView[];
  rules: AlarmRule[];
  loaded: boolean;
  error: string | null;
  ruleError: string | null;
  /** Counts alarms raised since the page loaded (the banner beeps when it grows). */
  raisedCount: number;
  /** Beep on every raised alarm (off by default; kept in this browser's localStorage). */
  sound: boolean;
  load(): Promise<void>;
  ack(id: number): Promise<void>;
  /** Acknowledges every active alarm not acknowledged yet. */
  ackAll(): Promise<void>;
  setRule(patch: AlarmRulePatch): Promise<boolean>;
  applyAlarms(changed: readonly AlarmView[]): void;
  setSound(on: boolean): void;
}

function readSound(): boolean {
  try {
    return globalThis.localStorage?.getItem(SOUND_KEY) === 'on';
  } catch {
    // Storage may be unavailable (privacy settings): the setting then lasts for the page only.
    return false;
  }
}

export const getInitialAlarmsState = (): Pick<AlarmsStore, 'active' | 'history' | 'rules' | 'loaded' | 'error' | 'ruleError' | 'raisedCount' | 'sound'> => ({
  active: [],
  history: [],
  rules: [],
  loaded: false,
  error: null,
  ruleError: null,
  raisedCount: 0,
  sound: readSound(),
});

/** Active alarms that still want an acknowledge. */
export const unacknowledged = (active: readonly AlarmView[]): AlarmView[] => active.filter(needsAck);

export const useAlarmsStore = create<AlarmsStore>()((set, get) => ({
  ...getInitialAlarmsState(),
  load: async () => {
    try {
      const [list, rules] = await Promise.all([stationApi().invoke('alarms:list', { historyLimit: ALARM_HISTORY_LIMIT }), stationApi().invoke('alarms:rules', undefined)]);
      set({ active: list.active, history: list.history, rules, loaded: true, error: null });
    } catch (error) {
      set({ error: errorText(error) });
    }
  },
  ack: async (id) => {
    try {
      const alarm = await stationApi().invoke('alarms:ack', { id });
      get().applyAlarms([alarm]);
      set({ error: null });
    } catch (error) {
      set({ error: errorText(error) });
    }
  },
  ackAll: async () => {
    await Promise.all(unacknowledged(get().active).map((alarm) => get().ack(alarm.id)));
  },
  setRule: async (patch) => {
    try {
      const rule = await stationApi().invoke('alarms:set-rule', patch);
      set({ rules: get().rules.map((known) => (known.id === rule.id ? rule : known)), ruleError: null });
      return true;
    } catch (error) {
      set({ ruleError: errorText(error) });
      return false;
    }
  },
  applyAlarms: (changed) => {
    const active = new Map(get().active.map((alarm) => [alarm.id, alarm]));
    let history = get().history;
    let raised = 0;
    for (const alarm of changed) {
      if (alarm.finishedAt === null) {
        if (!active.has(alarm.id) && !history.some((old) => old.id === alarm.id) && alarm.ackedAt === null) raised++;
        active.set(alarm.id, alarm);
      } else {
        active.delete(alarm.id);
        history = [alarm, ...history.filter((old) => old.id !== alarm.id)].slice(0, ALARM_HISTORY_LIMIT);
      }
    }
    const sorted = [...active.values()].sort((a, b) => a.raisedAt - b.raisedAt || a.id - b.id);
    set({ active: sorted, history, raisedCount: get().raisedCount + raised });
  },
  setSound: (on) => {
    try {
      globalThis.localStorage?.setItem(SOUND_KEY, on ? 'on' : 'off');
    } catch {
      // See readSound.
    }
    set({ sound: on });
  },
}));
