/** The clicked TF's click-through: its STF (name, run, size, its other TFs) and its run (execution id; the run's row is highlighted). */
import type { ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatBytes } from '../../logic/fastmon-feed.js';
import { useFastmonStore } from '../../stores/fastmon-store.js';

export function TfDetail(): ReactElement {
  const { tf, stf, stfError, run } = useFastmonStore(
    useShallow((state) => ({ tf: state.selectedTf, stf: state.stf, stfError: state.stfError, run: state.runs.find((row) => row.runNumber === state.selectedTf?.runNumber) ?? null })),
  );
  const selectTf = useFastmonStore((state) => state.selectTf);
  if (!tf) {
    return (
      <div className="card fastmon-detail" data-testid="fastmon-detail">
        <h2>TF</h2>
        <p className="hint">Click a TF in the feed to see its STF and run.</p>
      </div>
    );
  }
  return (
    <div className="card fastmon-detail" data-testid="fastmon-detail">
      <div className="toolbar">
        <h2>TF</h2>
        <button type="button" className="btn" onClick={() => void selectTf(null)}>
          Close
        </button>
      </div>
      <dl className="facts">
        <dt>TF file</dt>
        <dd data-testid="fastmon-detail-tf">{tf.tfFilename}</dd>
        <dt>TF range</dt>
        <dd>
          {tf.tfFirst}–{tf.tfLast} ({tf.tfCount} TFs, {formatBytes(tf.sizeBytes)})
        </dd>
        <dt>STF file</dt>
        <dd data-testid="fastmon-detail-stf">{tf.stfFilename}</dd>
        <dt>STF size</dt>
        <dd data-testid="fastmon-detail-stf-size">{stf ? formatBytes(stf.sizeBytes) : '…'}</dd>
        <dt>Run</dt>
        <dd data-testid="fastmon-detail-run">{tf.runNumber}</dd>
        <dt>Execution</dt>
        <dd data-testid="fastmon-detail-execution">{tf.executionId ?? run?.executionId ?? '—'}</dd>
        <dt>Agent</dt>
        <dd>{tf.agent ?? '—'}</dd>
      </dl>
      {stfError && <p className="error">{stfError}</p>}
      {stf && (
        <>
          <h3 className="fastmon-detail-sub">
            TFs of this STF <span data-testid="fastmon-detail-stf-tf-count">{stf.tfs.length}</span>
          </h3>
          <ul className="fastmon-stf-tfs">
            {stf.tfs.map((other) => (
              <li key={other.tfFilename} data-testid="fastmon-detail-stf-tf" className={other.tfFilename === tf.tfFilename ? 'fastmon-stf-tf--this' : undefined}>
                <code>{other.tfFilename}</code> {other.tfFirst}–{other.tfLast} · {formatBytes(other.sizeBytes)}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
