/** The Alarms view: active alarms with acknowledge, the history, the rules editor and the sound setting. */
import type { ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { unacknowledged, useAlarmsStore } from '../../stores/alarms-store.js';
import { ActiveAlarms, AlarmHistory } from './alarm-tables.js';
import { beep } from './alarm-beep.js';
import { RulesEditor } from './rules-editor.js';
import { useGate } from '../../stores/lock-store.js';

export function AlarmsView(): ReactElement {
  const gate = useGate('alarms:ack');
  const { active, history, rules, loaded, error, ruleError, sound, ack, ackAll, setRule, setSound } = useAlarmsStore(
    useShallow((state) => ({
      active: state.active,
      history: state.history,
      rules: state.rules,
      loaded: state.loaded,
      error: state.error,
      ruleError: state.ruleError,
      sound: state.sound,
      ack: state.ack,
      ackAll: state.ackAll,
      setRule: state.setRule,
      setSound: state.setSound,
    })),
  );
  const waiting = unacknowledged(active).length;
  return (
    <section className="view view--alarms" aria-label="Alarms">
      <div className="toolbar">
        <span className="counts" data-testid="alarms-count">
          {active.length} active · {waiting} to acknowledge
        </span>
        <button type="button" className="btn btn--danger" data-testid="alarms-ack-all" disabled={waiting === 0 || !gate.allowed} title={gate.title} onClick={() => void ackAll()}>
          Acknowledge all
        </button>
        <label className="alarm-sound">
          <input
            type="checkbox"
            data-testid="alarms-sound"
            checked={sound}
            onChange={(event) => {
              setSound(event.target.checked);
              // The click is the user gesture browsers want before audio; it also lets the user hear the sound.
              if (event.target.checked) beep();
            }}
          />{' '}
          Beep on new alarms
        </label>
      </div>
      {error && (
        <p className="error" role="alert">
          Alarms: {error}
        </p>
      )}
      {!loaded && !error && <p className="hint">Loading the alarms…</p>}
      <h2>Active</h2>
      <ActiveAlarms alarms={active} onAck={(id) => void ack(id)} />
      <h2>History</h2>
      <AlarmHistory alarms={history} />
      <h2>Rules</h2>
      <RulesEditor rules={rules} error={ruleError} onSave={setRule} />
    </section>
  );
}
