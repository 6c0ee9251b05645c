/** The sampling parameters in force for the selected (else newest) run, with what was observed beside them. */
import type { ReactElement } from 'react';
import type { FastmonRunView } from '../../../../shared/fastmon.js';
import { useFastmonStore } from '../../stores/fastmon-store.js';

const fraction = (value: number | null) => (value === null ? '—' : String(value));

/** `agent value (observed …)`; the agent records only some parameters, the run shows the others in effect. */
function rows(run: FastmonRunView): Array<{ key: string; label: string; value: string; observed: string | null }> {
  const { sampling } = run;
  const sampledShare = run.stfsSeen > 0 ? `${run.stfsSampled} of ${run.stfsSeen} STFs` : null;
  const perStf = run.stfsSampled > 0 ? `${(run.tfFiles / run.stfsSampled).toFixed(1)} per STF` : null;
  return [
    { key: 'seed', label: 'seed', value: sampling.seed ?? '—', observed: null },
    { key: 'selection-fraction', label: 'selection fraction', value: fraction(sampling.selectionFraction), observed: sampledShare },
    { key: 'tf-files-per-stf', label: 'tf_files_per_stf', value: fraction(sampling.tfFilesPerStf), observed: perStf },
    { key: 'tf-size-fraction', label: 'tf_size_fraction', value: fraction(sampling.tfSizeFraction), observed: null },
    { key: 'tf-count-per-stf', label: 'tf_count_per_stf', value: fraction(sampling.tfCountPerStf), observed: null },
  ];
}

export function SamplingPanel(): ReactElement {
  const run = useFastmonStore((state) => state.runs.find((row) => row.runNumber === state.filter.run) ?? state.runs[0] ?? null);
  return (
    <div className="card fastmon-sampling" data-testid="fastmon-sampling">
      <h2>Sampling</h2>
      {run === null ? (
        <p className="hint">The parameters show once the agent recorded a TF.</p>
      ) : (
        <>
          <p className="hint">
            run {run.runNumber} · from {run.sampling.source === 'fastmon_status' ? 'the agent’s fastmon_status' : run.sampling.source === 'tf_metadata' ? 'the TF metadata' : 'nowhere (not recorded)'}
          </p>
          <dl className="facts">
            {rows(run).map((row) => (
              <div key={row.key} className="fastmon-fact">
                <dt>{row.label}</dt>
                <dd data-testid={`fastmon-sampling-${row.key}`}>
                  {row.value}
                  {row.observed && <span className="hint"> · observed {row.observed}</span>}
                </dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </div>
  );
}
