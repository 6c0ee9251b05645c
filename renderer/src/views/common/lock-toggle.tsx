/** The controls lock: pressed = unlocked; shows the seconds left before it re-locks itself. A read-only viewer sees a badge instead. */
import type { ReactElement } from 'react';
import { useLockStore } from '../../stores/lock-store.js';
import { useServerNow } from '../../hooks/use-server-now.js';

export function LockToggle(): ReactElement {
  const locked = useLockStore((state) => state.locked);
  const relockAt = useLockStore((state) => state.relockAt);
  const toggle = useLockStore((state) => state.toggle);
  const readOnly = useLockStore((state) => state.readOnly);
  useServerNow(1000); // Re-render each second for the countdown.
  if (readOnly) {
    return (
      <span className="lock-toggle lock-toggle--locked" data-testid="read-only-badge" title="Opened with the read-only URL: you can watch, not act. Open the control URL to operate the station.">
        read-only
      </span>
    );
  }
  const secondsLeft = relockAt === null ? 0 : Math.max(0, Math.ceil((relockAt - Date.now()) / 1000));
  return (
    <button
      type="button"
      className={`lock-toggle ${locked ? 'lock-toggle--locked' : 'lock-toggle--unlocked'}`}
      data-testid="controls-lock"
      aria-pressed={!locked}
      title={locked ? 'Operation controls are locked. Click to unlock for 30 s.' : `Controls re-lock in ${secondsLeft} s without use. Click to lock them now.`}
      onClick={toggle}
    >
      {/* Short enough for the six-tab top bar at 1280 px; the title says what the seconds mean. */}
      {locked ? 'Controls locked' : `Unlocked · ${secondsLeft} s`}
    </button>
  );
}
