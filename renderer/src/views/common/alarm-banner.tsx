/** The red banner at the top while alarms wait for an acknowledge (headless and desktop alike); beeps on new ones when asked to. */
import { useEffect, useRef, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { unacknowledged, useAlarmsStore } from '../../stores/alarms-store.js';
import { usePrefsStore } from '../../stores/prefs-store.js';
import { beep } from '../alarms/alarm-beep.js';

export function AlarmBanner(): ReactElement | null {
  const { active, raisedCount, sound, ackAll } = useAlarmsStore(useShallow((state) => ({ active: state.active, raisedCount: state.raisedCount, sound: state.sound, ackAll: state.ackAll })));
  const setView = usePrefsStore((state) => state.setView);
  const beeped = useRef(raisedCount);
  useEffect(() => {
    if (raisedCount > beeped.current && sound) beep();
    beeped.current = raisedCount;
  }, [raisedCount, sound]);
  const waiting = unacknowledged(active);
  if (waiting.length === 0) return null;
  const newest = waiting.at(-1)!;
  return (
    <div className="alarm-banner" role="alert" data-testid="alarm-banner">
      <strong data-testid="alarm-banner-count">
        {waiting.length} alarm{waiting.length === 1 ? '' : 's'}
      </strong>
      <span className="alarm-banner-text" title={newest.detail}>
        {newest.title}
        {waiting.length > 1 ? ` (and ${waiting.length - 1} more)` : ''}
      </span>
      <button type="button" className="btn" data-testid="alarm-banner-show" onClick={() => setView('alarms')}>
        Show
      </button>
      <button type="button" className="btn" data-testid="alarm-banner-ack" onClick={() => void ackAll()}>
        Acknowledge {waiting.length === 1 ? '' : 'all'}
      </button>
    </div>
  );
}
