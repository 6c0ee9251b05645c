/** Every stored script run, newest first (script, args, slot, start, duration, exit); a click shows that run's output. */
import { useMemo, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { baseName, logText, runDuration, runOutcome } from '../../logic/run-status.js';
import { formatClock } from '../../logic/time-format.js';
import { historyRows, useScriptRunsStore } from '../../stores/script-runs-store.js';
import { OutputList } from './output-list.js';

const NO_LINES: never[] = [];

/** `2026-11-23 14:02:11` in the viewer's zone. */
function startText(unixSeconds: number): string {
  const date = new Date(unixSeconds * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${formatClock(unixSeconds)}`;
}

export function RunHistory({ now }: { now: number }): ReactElement {
  const { runs, loaded, hasMore, error, output, outputError, viewed, view, loadMore } = useScriptRunsStore(
    useShallow((state) => ({
      runs: state.runs,
      loaded: state.historyLoaded,
      hasMore: state.hasMore,
      error: state.error,
      output: state.output,
      outputError: state.outputError,
      viewed: state.viewed,
      view: state.view,
      loadMore: state.loadMore,
    })),
  );
  const rows = useMemo(() => historyRows(runs), [runs]);
  const viewedRun = viewed === null ? null : (runs.get(viewed) ?? null);
  return (
    <section className="card run-history" aria-label="Run history">
      <h2>History</h2>
      {error && <p className="error">History: {error}</p>}
      {!loaded && !error && <p className="hint">Loading the run history…</p>}
      {loaded && rows.length === 0 && <p className="hint">No script has run yet.</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="script-history">
            <thead>
              <tr>
                <th>Script</th>
                <th>Args</th>
                <th>Slot</th>
                <th>Op</th>
                <th>Start</th>
                <th>Duration</th>
                <th>Exit</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((run) => {
                const outcome = runOutcome(run, now);
                return (
                  <tr
                    key={run.id}
                    data-testid="script-history-row"
                    data-run-id={run.id}
                    aria-selected={run.id === viewed}
                    className={run.id === viewed ? 'row--picked' : undefined}
                    tabIndex={0}
                    onClick={() => view(run.id === viewed ? null : run.id)}
                    onKeyDown={(event) => {
                      if (event.key === 'Enter' || event.key === ' ') {
                        event.preventDefault();
                        view(run.id === viewed ? null : run.id);
                      }
                    }}
                  >
                    <td title={run.script}>{baseName(run.script)}</td>
                    <td className="cell-args">{run.args.join(' ')}</td>
                    <td>{run.streamId}</td>
                    <td>{run.op}</td>
                    <td>{startText(run.startedAt)}</td>
                    <td>{runDuration(run, now)}</td>
                    <td className={`op-status--${outcome.tone}`} data-testid="script-history-exit">
                      {outcome.text}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {hasMore && rows.length > 0 && (
        <button type="button" className="btn" onClick={() => void loadMore()}>
          Older runs
        </button>
      )}
      {outputError && <p className="error">Output: {outputError}</p>}
      {viewedRun && (
        <div className="history-output" data-testid="script-history-output" data-run-id={viewedRun.id}>
          <h3>
            Run {viewedRun.id}: {baseName(viewedRun.script)} on {viewedRun.streamId} · {logText(viewedRun.log)} · {viewedRun.lines} lines
          </h3>
          <OutputList lines={output.get(viewedRun.id) ?? NO_LINES} testId="history-output-lines" />
        </div>
      )}
    </section>
  );
}
