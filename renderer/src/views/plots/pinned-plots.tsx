/** The feed plots pinned to one agent, shown on its page in the agent browser. */
import { useMemo, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { usePrefsStore } from '../../stores/prefs-store.js';
import { FeedPlot } from './feed-plot.js';

export function PinnedPlots({ address }: { address: string }): ReactElement | null {
  const { pins, unpinPlot, updatePin } = usePrefsStore(useShallow((state) => ({ pins: state.pins, unpinPlot: state.unpinPlot, updatePin: state.updatePin })));
  const mine = useMemo(() => pins.filter((pin) => pin.address === address), [pins, address]);
  if (mine.length === 0) return null;
  return (
    <section className="pinned-plots" data-testid="pinned-plots" aria-label={`Plots pinned to ${address}`}>
      <h2>Pinned plots ({mine.length})</h2>
      {mine.map((pin) => (
        <FeedPlot
          key={pin.id}
          spec={pin}
          compact
          onWindow={(windowSec) => updatePin(pin.id, { windowSec })}
          actions={
            <button type="button" className="btn" data-testid="plot-unpin" onClick={() => unpinPlot(pin.id)}>
              Unpin
            </button>
          }
        />
      ))}
    </section>
  );
}
