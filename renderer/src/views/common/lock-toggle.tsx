/**
 * The connection's lock level in the top bar: Locked / Operate / Expert (the station's level pressed) and,
 * above the start level, the seconds until the station relocks it. A read-only viewer sees a badge instead.
 */
import type { ReactElement } from 'react';
import { ACCESS_LEVELS, atLeast, type AccessLevel } from '../../../../shared/access.js';
import { useServerNow } from '../../hooks/use-server-now.js';
import { useLockStore } from '../../stores/lock-store.js';

const LABELS: Record<AccessLevel, string> = { locked: 'Locked', operate: 'Operate', expert: 'Expert' };
const TITLES: Record<AccessLevel, string> = {
  locked: 'Lock: watch only, no actions',
  operate: 'Operate: agent operations, workflow runs, alarm acknowledgement',
  expert: 'Expert: router switch, config save, alarm rules, supervisord programs, opening any log file',
};

export function LockToggle(): ReactElement {
  const view = useLockStore((state) => state.view);
  const readOnly = useLockStore((state) => state.readOnly);
  const error = useLockStore((state) => state.error);
  const now = useServerNow(1000); // Re-render each second for the countdown.
  if (readOnly) {
    return (
      <span className="lock-toggle lock-toggle--locked" data-testid="read-only-badge" title="Opened with the read-only URL: you can watch, not act. Open the control URL to operate the station.">
        read-only
      </span>
    );
  }
  const level = view?.level ?? 'locked';
  // Rounded, not ceiled: the server clock is estimated (app:info round trip), so a fresh 30 s must not read 31.
  const secondsLeft = view?.relockAt == null ? null : Math.max(0, Math.round(view.relockAt / 1000 - now));
  return (
    <div className={`lock-widget lock-widget--${level}`} role="group" aria-label="Control lock level" data-testid="access-lock" data-level={level} title={error ?? undefined}>
      {ACCESS_LEVELS.map((item) => (
        <button
          key={item}
          type="button"
          className="lock-widget-level"
          data-testid={`access-level-${item}`}
          aria-pressed={item === level}
          disabled={view === null || (view !== null && !atLeast(view.maxLevel, item))}
          title={TITLES[item]}
          onClick={() => void useLockStore.getState().setLevel(item)}
        >
          {LABELS[item]}
        </button>
      ))}
      {secondsLeft !== null && (
        <span className="lock-widget-relock" data-testid="access-relock" title={`Back to ${view?.startLevel} after ${secondsLeft} s without an action above it`}>
          {secondsLeft} s
        </span>
      )}
    </div>
  );
}
