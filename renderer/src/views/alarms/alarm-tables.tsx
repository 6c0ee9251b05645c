/** The active alarms (with acknowledge) and the history, as tables. */
import type { ReactElement } from 'react';
import { DEFAULT_ALARM_RULES, type AlarmView } from '../../../../shared/alarms.js';
import { alarmState, alarmTime } from './alarm-time.js';
import { useGate } from '../../stores/lock-store.js';

const ruleLabel = (id: string): string => DEFAULT_ALARM_RULES.find((rule) => rule.id === id)?.label ?? id;

export function ActiveAlarms({ alarms, onAck }: { alarms: AlarmView[]; onAck(id: number): void }): ReactElement {
  const gate = useGate('alarms:ack');
  if (alarms.length === 0) return <p className="hint" data-testid="alarms-none">No active alarms.</p>;
  return (
    <div className="table-wrap">
      <table className="table alarm-table" data-testid="alarms-active">
        <thead>
          <tr>
            <th>Raised</th>
            <th>Alarm</th>
            <th>State</th>
            <th>Guidance</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {alarms.map((alarm) => (
            <tr key={alarm.id} data-testid="alarm-row" data-id={alarm.id} data-rule={alarm.ruleId} data-subject={alarm.subject} className={alarm.ackedAt === null ? 'alarm-row--unacked' : undefined}>
              <td>{alarmTime(alarm.raisedAt)}</td>
              <td className="alarm-cell-text">
                <strong>{alarm.title}</strong>
                <div className="alarm-sub">
                  {ruleLabel(alarm.ruleId)}
                  {alarm.detail ? ` · ${alarm.detail}` : ''}
                </div>
              </td>
              <td data-testid="alarm-state">{alarmState(alarm)}</td>
              <td className="alarm-cell-text alarm-guidance">{alarm.guidance}</td>
              <td>
                {alarm.ackedAt === null ? (
                  <button type="button" className="btn btn--danger" data-testid="alarm-ack" disabled={!gate.allowed} title={gate.title} onClick={() => onAck(alarm.id)}>
                    Acknowledge
                  </button>
                ) : (
                  <span className="alarm-sub" title={alarmTime(alarm.ackedAt)}>
                    by {alarm.ackedBy}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AlarmHistory({ alarms }: { alarms: AlarmView[] }): ReactElement {
  if (alarms.length === 0) return <p className="hint">No alarms in the history yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table alarm-table" data-testid="alarms-history">
        <thead>
          <tr>
            <th>Raised</th>
            <th>Alarm</th>
            <th>Cleared</th>
            <th>Acknowledged</th>
            <th>Ended</th>
          </tr>
        </thead>
        <tbody>
          {alarms.map((alarm) => (
            <tr key={alarm.id} data-testid="alarm-history-row" data-id={alarm.id} data-rule={alarm.ruleId} data-subject={alarm.subject}>
              <td>{alarmTime(alarm.raisedAt)}</td>
              <td className="alarm-cell-text">
                <strong>{alarm.title}</strong>
                {alarm.detail && <div className="alarm-sub">{alarm.detail}</div>}
              </td>
              <td>{alarmTime(alarm.clearedAt)}</td>
              <td>{alarm.ackedAt === null ? '—' : `${alarmTime(alarm.ackedAt)} by ${alarm.ackedBy ?? '?'}`}</td>
              <td>{alarmTime(alarm.finishedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
