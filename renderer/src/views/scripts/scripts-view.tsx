/** The Scripts view: browse the allowed scripts, run one on the selected slots with live output per slot, and the run history. */
import { useEffect, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { isActive, opStatusLine } from '../../logic/op-status.js';
import { useServerNow } from '../../hooks/use-server-now.js';
import { resumeRunningLaunch } from '../../stores/launch-resume.js';
import { useLaunchStore } from '../../stores/manager-op-store.js';
import { useScriptFormStore } from '../../stores/script-form-store.js';
import { useSmurfStore } from '../../stores/smurf-store.js';
import { SlotBoard } from '../smurf/slot-board.js';
import { LaunchForm } from './launch-form.js';
import { LiveOutput } from './live-output.js';
import { RunHistory } from './run-history.js';
import { ScriptList } from './script-list.js';

export function ScriptsView(): ReactElement {
  const { scripts, loaded, error, script, pick } = useScriptFormStore(
    useShallow((state) => ({ scripts: state.scripts, loaded: state.loaded, error: state.error, script: state.script, pick: state.pick })),
  );
  const launch = useLaunchStore(useShallow((state) => ({ op: state.op, session: state.session, requested: state.requested, busy: state.busy })));
  const manager = useSmurfStore((state) => state.info?.managerAddress ?? null);
  // Opened mid-run (after a reload, or someone else's launch): show the manager's running `run` as the current launch.
  useEffect(() => {
    if (manager) void resumeRunningLaunch();
  }, [manager]);
  const now = useServerNow(isActive(launch.session) ? 250 : 1000);
  const overall = launch.busy === 'start' && !launch.session ? { text: 'starting', tone: 'active' } : opStatusLine(launch.session, now);

  return (
    <section className="view view--scripts" aria-label="Script launcher">
      <div className="scripts-top">
        <section className="card scripts-browser" aria-label="Scripts">
          <h2>Scripts</h2>
          {error && <p className="error">Scripts: {error}</p>}
          {!loaded && !error && <p className="hint">Loading the scripts…</p>}
          {loaded && <ScriptList scripts={scripts} picked={script} now={now} onPick={pick} />}
        </section>
        <div className="scripts-side">
          <LaunchForm />
          <section className="card" aria-label="Target slots">
            <h2>Target slots</h2>
            <SlotBoard compact />
          </section>
        </div>
      </div>
      {launch.op && (
        <section className="card" aria-label="Live output">
          <h2>
            Live output ·{' '}
            <span className={`op-status--${overall.tone}`} data-testid="script-launch-status">
              {overall.text}
            </span>
          </h2>
          <LiveOutput session={launch.session} requested={launch.requested} now={now} />
        </section>
      )}
      <RunHistory now={now} />
    </section>
  );
}
