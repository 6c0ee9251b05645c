/** Run the picked script on the selected slots (manager op `run`), with its args and log mode; Abort ends the scripts. */
import { useState, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { isActive } from '../../logic/op-status.js';
import { baseName } from '../../logic/run-status.js';
import { useGate } from '../../stores/lock-store.js';
import { useLaunchStore } from '../../stores/manager-op-store.js';
import { logParam, useScriptFormStore, type LogMode } from '../../stores/script-form-store.js';
import { useScriptRunsStore } from '../../stores/script-runs-store.js';
import { useSelectionStore } from '../../stores/selection-store.js';
import { ArgsEditor } from './args-editor.js';

export function LaunchForm(): ReactElement {
  const form = useScriptFormStore(
    useShallow((state) => ({ script: state.script, args: state.args, log: state.log, setArg: state.setArg, addArg: state.addArg, removeArg: state.removeArg, setLog: state.setLog })),
  );
  const selected = useSelectionStore((state) => state.selected);
  const launch = useLaunchStore();
  const markLaunch = useScriptRunsStore((state) => state.markLaunch);
  // Scripts run through the MultiSmurfManager's op:start.
  const gate = useGate('op:start');
  const [formError, setFormError] = useState<string | null>(null);
  const active = isActive(launch.session) || launch.busy === 'start';
  const disabled = !gate.allowed || launch.busy !== null;

  const run = () => {
    const log = logParam(form.log);
    if (!form.script) return setFormError('Pick a script first.');
    if (!log.ok) return setFormError(log.error);
    setFormError(null);
    markLaunch();
    void launch.start('run', { script: form.script, args: [...form.args], log: log.value }, selected);
  };

  const setLogKind = (kind: LogMode['kind']) => form.setLog(kind === 'file' ? { kind, path: form.log.kind === 'file' ? form.log.path : '' } : { kind });

  return (
    <section className="card launch-form" aria-label="Run a script">
      <h2>Run</h2>
      <p className="launch-script" data-testid="script-picked">
        {form.script ? (
          <>
            <strong>{baseName(form.script)}</strong> <code>{form.script}</code>
          </>
        ) : (
          <span className="hint">Pick a script from the list.</span>
        )}
      </p>
      <ArgsEditor args={form.args} onChange={form.setArg} onAdd={form.addArg} onRemove={form.removeArg} />
      <div className="params">
        <label className="param">
          <span className="param-name">log</span>
          <select data-testid="script-log-mode" value={form.log.kind} onChange={(event) => setLogKind(event.target.value as LogMode['kind'])}>
            <option value="agent">agent log and session (true)</option>
            <option value="none">not logged (false)</option>
            <option value="file">append to a file…</option>
          </select>
        </label>
        {form.log.kind === 'file' && (
          <label className="param">
            <span className="param-name">file</span>
            <input
              className="param-input param-input--wide"
              data-testid="script-log-path"
              placeholder="/data/smurf/logs/run.log"
              value={form.log.path}
              onChange={(event) => form.setLog({ kind: 'file', path: event.target.value })}
            />
          </label>
        )}
      </div>
      <div className="op-buttons">
        <button type="button" className="btn btn--start" data-testid="script-run" disabled={disabled || !form.script || selected.length === 0} title={gate.title} onClick={run}>
          {launch.busy === 'start' ? 'Starting…' : `Run on ${selected.length} slot${selected.length === 1 ? '' : 's'}`}
        </button>
        <button type="button" className="btn btn--danger" data-testid="script-abort" disabled={disabled || !active} title={gate.title} onClick={() => void launch.abort('abort-scripts')}>
          {launch.busy === 'abort' ? 'Aborting…' : 'Abort'}
        </button>
        {selected.length === 0 && <span className="hint">Select target slots below.</span>}
      </div>
      {(formError ?? launch.error) && (
        <p className="op-error" role="alert" data-testid="script-error">
          {formError ?? launch.error}
        </p>
      )}
    </section>
  );
}
