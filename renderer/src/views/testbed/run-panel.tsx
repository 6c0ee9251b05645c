/** Run workflow (stf_count, physics periods, interval, realtime) with the selected config, Stop workflow and Stop agents. */
import type { ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useGate } from '../../stores/lock-store.js';
import { useTestbedConfigStore } from '../../stores/testbed-config-store.js';
import { useTestbedStore, type RunForm } from '../../stores/testbed-store.js';

const NUMBER_FIELDS: Array<{ key: keyof Omit<RunForm, 'realtime'>; label: string; step: string }> = [
  { key: 'stf_count', label: 'STFs per period', step: '1' },
  { key: 'physics_period_count', label: 'Physics periods (0 = until stopped)', step: '1' },
  { key: 'stf_interval', label: 'STF interval (s)', step: '0.1' },
];

export function RunPanel(): ReactElement {
  const { form, busy, notice, status } = useTestbedStore(useShallow((state) => ({ form: state.form, busy: state.busy, notice: state.notice, status: state.status })));
  const running = status?.running ?? [];
  const installed = status?.supervisor.installed !== false;
  const { selected, dirty, valid } = useTestbedConfigStore(
    useShallow((state) => ({ selected: state.selected, dirty: state.text !== state.savedText, valid: state.validation?.ok !== false })),
  );
  const runGate = useGate('testbed:run');
  const stopGate = useGate('testbed:stop-workflow');
  const agentsGate = useGate('testbed:stop-agents');
  const { setForm, run, stopWorkflow, stopAgents } = useTestbedStore.getState();
  const disabled = busy !== null || !installed;

  return (
    <div className="card testbed-run">
      <h2>Workflow</h2>
      <div className="toolbar">
        {NUMBER_FIELDS.map((field) => (
          <label key={field.key} className="form-field">
            <span>{field.label}</span>
            <input
              type="number"
              min="0"
              step={field.step}
              data-testid={`testbed-param-${field.key}`}
              value={form[field.key]}
              onChange={(event) => setForm({ [field.key]: event.target.value })}
            />
          </label>
        ))}
        <label className="form-field form-field--check">
          <input type="checkbox" data-testid="testbed-param-realtime" checked={form.realtime} onChange={(event) => setForm({ realtime: event.target.checked })} />
          <span>Real time</span>
        </label>
      </div>
      <div className="toolbar">
        <button type="button" className="btn btn--start" data-testid="testbed-run" disabled={disabled || !valid || !runGate.allowed} title={runGate.title} onClick={() => void run()}>
          {busy === 'run' ? 'Starting…' : `Run ${selected?.name ?? 'testbed'}`}
        </button>
        <button type="button" className="btn btn--danger" data-testid="testbed-stop-workflow" disabled={disabled || !stopGate.allowed} title={stopGate.title} onClick={() => void stopWorkflow()}>
          Stop workflow
        </button>
        <button type="button" className="btn btn--danger" data-testid="testbed-stop-agents" disabled={disabled || !agentsGate.allowed} title={agentsGate.title} onClick={() => void stopAgents()}>
          Stop agents
        </button>
        {dirty && <span className="hint">Run uses the saved file: save your edits first.</span>}
        {running.length > 0 && (
          <span className="hint" data-testid="testbed-running">
            running: {running.map((execution) => execution.executionId).join(', ')}
          </span>
        )}
      </div>
      {notice && (
        <p className={notice.kind === 'error' ? 'error' : 'hint'} data-testid="testbed-notice" role={notice.kind === 'error' ? 'alert' : undefined}>
          {notice.text}
        </p>
      )}
    </div>
  );
}
