/** The current launch per slot: the controller's `run` status (from the manager), the run's exit and its live output. */
import type { ReactElement } from 'react';
import type { EncodedSession } from '../../../../shared/ocs-codes.js';
import { fanoutTargets } from '../../logic/fanout-targets.js';
import { runOutcome } from '../../logic/run-status.js';
import { launchedRun, useScriptRunsStore } from '../../stores/script-runs-store.js';
import { SessionMessages } from '../agent/session-messages.js';
import { OutputList } from './output-list.js';

interface LiveOutputProps {
  session: EncodedSession | null;
  requested: readonly string[];
  now: number;
}

const NO_LINES: never[] = [];

export function LiveOutput({ session, requested, now }: LiveOutputProps): ReactElement {
  const runs = useScriptRunsStore((state) => state.runs);
  const output = useScriptRunsStore((state) => state.output);
  const launchAfter = useScriptRunsStore((state) => state.launchAfter);
  const targets = fanoutTargets(session, requested, now);
  return (
    <div className="live-output">
      {targets.map((target) => {
        const run = launchedRun(runs, launchAfter, target.streamId);
        const outcome = run ? runOutcome(run, now) : null;
        return (
          <article key={target.streamId} className={`op-panel op-panel--${target.status.tone}`} data-testid="script-output" data-stream-id={target.streamId} data-run-id={run?.id}>
            <header className="op-header">
              <h3 className="op-name">{target.streamId}</h3>
              {outcome && (
                <span className={`run-outcome op-status--${outcome.tone}`} data-testid="script-output-exit">
                  {outcome.text}
                </span>
              )}
              <span className={`op-status op-status--${target.status.tone}`} data-testid="script-output-status">
                {target.status.text}
              </span>
            </header>
            {run ? (
              <OutputList lines={output.get(run.id) ?? NO_LINES} />
            ) : (
              // No stored run (yet, or the station keeps none): the session's messages carry the logged lines.
              <SessionMessages messages={target.session?.messages ?? []} />
            )}
          </article>
        );
      })}
    </div>
  );
}
