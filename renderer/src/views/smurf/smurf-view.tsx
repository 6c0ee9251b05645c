/** The Smurf view: one card per PysmurfController (selectable) and the fan-out command for the selected slots. */
import type { ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useSmurfStore } from '../../stores/smurf-store.js';
import { FanoutPanel } from './fanout-panel.js';
import { SlotBoard } from './slot-board.js';

export function SmurfView(): ReactElement {
  const { info, loaded, error } = useSmurfStore(useShallow((state) => ({ info: state.info, loaded: state.loaded, error: state.error })));
  return (
    <section className="view view--smurf" aria-label="Smurf slots">
      {error && (
        <p className="error" role="alert">
          Smurf: {error}
        </p>
      )}
      {!loaded && !error && <p className="hint">Loading the smurf slots…</p>}
      {loaded && !info?.managerAddress && <p className="error">No MultiSmurfManager runs in this station: fan-out and the script launcher are unavailable.</p>}
      <SlotBoard />
      <FanoutPanel />
    </section>
  );
}
