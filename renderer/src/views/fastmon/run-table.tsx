/** Fastmon's per-run rows (STFs seen, sampled, TF files, TF count, bytes, rate); a click filters the feed by that run. */
import type { ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatBytes, formatRate } from '../../logic/fastmon-feed.js';
import { useFastmonStore } from '../../stores/fastmon-store.js';

export function RunTable(): ReactElement {
  const { runs, run, linkedRun } = useFastmonStore(useShallow((state) => ({ runs: state.runs, run: state.filter.run, linkedRun: state.selectedTf?.runNumber ?? null })));
  const toggleRun = useFastmonStore((state) => state.toggleRun);
  return (
    <div className="card fastmon-runs">
      <div className="toolbar">
        <h2>Runs</h2>
        <span className="hint">click a run to show only its TFs</span>
        <span className="counts" data-testid="fastmon-run-count">
          {runs.length} run{runs.length === 1 ? '' : 's'}
        </span>
      </div>
      {runs.length === 0 ? (
        <p className="hint">No TF subsamples recorded yet: start a run with the fastmon agent enabled.</p>
      ) : (
        <div className="table-wrap fastmon-runs-wrap">
          <table className="table" aria-label="Fastmon runs">
            <thead>
              <tr>
                <th>Run</th>
                <th>Execution</th>
                <th className="num">STFs seen</th>
                <th className="num">Sampled</th>
                <th className="num">TF files</th>
                <th className="num">TF count</th>
                <th className="num">Bytes</th>
                <th className="num">TF files/s</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((row) => {
                const classes = [row.runNumber === run ? 'row--picked' : '', row.runNumber === linkedRun ? 'row--linked' : ''].filter(Boolean).join(' ');
                return (
                  <tr
                    key={row.runNumber}
                    className={classes || undefined}
                    data-testid="fastmon-run-row"
                    data-run={row.runNumber}
                    aria-selected={row.runNumber === run}
                    tabIndex={0}
                    onClick={() => toggleRun(row.runNumber)}
                    onKeyDown={(event) => (event.key === 'Enter' || event.key === ' ') && (event.preventDefault(), toggleRun(row.runNumber))}
                  >
                    <td>{row.runNumber}</td>
                    <td className="cell-path" title={row.executionId ?? ''}>
                      {row.executionId ?? '—'}
                    </td>
                    <td className="num" data-testid="fastmon-run-stfs-seen">{row.stfsSeen}</td>
                    <td className="num" data-testid="fastmon-run-stfs-sampled">{row.stfsSampled}</td>
                    <td className="num" data-testid="fastmon-run-tf-files">{row.tfFiles}</td>
                    <td className="num" data-testid="fastmon-run-tf-count">{row.tfCount}</td>
                    <td className="num" data-testid="fastmon-run-bytes" title={row.sizeBytes === null ? '' : `${row.sizeBytes} bytes`}>
                      {formatBytes(row.sizeBytes)}
                    </td>
                    <td className="num" data-testid="fastmon-run-rate">{formatRate(row.rate)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
