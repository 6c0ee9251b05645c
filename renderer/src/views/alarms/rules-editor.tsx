/** The alarm rules: enable, delay, latch, threshold and guidance per rule; each row saves on its own. */
import { useEffect, useState, type ReactElement } from 'react';
import type { AlarmRule } from '../../../../shared/alarms.js';
import type { AlarmRulePatch } from '../../stores/alarms-store.js';
import { useGate } from '../../stores/lock-store.js';

function RuleRow({ rule, onSave }: { rule: AlarmRule; onSave(patch: AlarmRulePatch): Promise<boolean> }): ReactElement {
  const gate = useGate('alarms:set-rule');
  const [draft, setDraft] = useState({ enabled: rule.enabled, delayS: String(rule.delayMs / 1000), latch: rule.latch, threshold: rule.threshold === null ? '' : String(rule.threshold), guidance: rule.guidance });
  // A saved rule (or one changed elsewhere) resets the form.
  useEffect(() => {
    setDraft({ enabled: rule.enabled, delayS: String(rule.delayMs / 1000), latch: rule.latch, threshold: rule.threshold === null ? '' : String(rule.threshold), guidance: rule.guidance });
  }, [rule]);
  const delay = Number(draft.delayS);
  const threshold = Number(draft.threshold);
  const delayOk = draft.delayS.trim() !== '' && Number.isFinite(delay) && delay >= 0 && delay <= 86_400;
  const thresholdOk = rule.threshold === null || (draft.threshold.trim() !== '' && Number.isFinite(threshold) && threshold >= 0);
  const dirty =
    draft.enabled !== rule.enabled ||
    Math.round(delay * 1000) !== rule.delayMs ||
    draft.latch !== rule.latch ||
    (rule.threshold !== null && threshold !== rule.threshold) ||
    draft.guidance !== rule.guidance;
  const save = () =>
    void onSave({
      id: rule.id,
      enabled: draft.enabled,
      delayMs: Math.round(delay * 1000),
      latch: draft.latch,
      guidance: draft.guidance,
      ...(rule.threshold === null ? {} : { threshold }),
    });
  return (
    <tr data-testid="alarm-rule" data-rule={rule.id}>
      <td>
        <label className="alarm-rule-name">
          <input type="checkbox" data-testid="rule-enabled" checked={draft.enabled} onChange={(event) => setDraft({ ...draft, enabled: event.target.checked })} /> {rule.label}
        </label>
      </td>
      <td>
        <input className="alarm-num" data-testid="rule-delay" aria-label="delay (s)" aria-invalid={!delayOk} value={draft.delayS} onChange={(event) => setDraft({ ...draft, delayS: event.target.value })} /> s
      </td>
      <td>
        <input type="checkbox" data-testid="rule-latch" aria-label="latch" checked={draft.latch} onChange={(event) => setDraft({ ...draft, latch: event.target.checked })} />
      </td>
      <td>
        {rule.threshold === null ? (
          '—'
        ) : (
          <>
            <input className="alarm-num" data-testid="rule-threshold" aria-label="threshold" aria-invalid={!thresholdOk} value={draft.threshold} onChange={(event) => setDraft({ ...draft, threshold: event.target.value })} /> {rule.thresholdUnit}
          </>
        )}
      </td>
      <td>
        <textarea className="alarm-guidance-input" data-testid="rule-guidance" aria-label="guidance" rows={2} value={draft.guidance} onChange={(event) => setDraft({ ...draft, guidance: event.target.value })} />
      </td>
      <td>
        <button type="button" className="btn" data-testid="rule-save" disabled={!dirty || !delayOk || !thresholdOk || !gate.allowed} title={gate.title} onClick={save}>
          Save
        </button>
      </td>
    </tr>
  );
}

export function RulesEditor({ rules, error, onSave }: { rules: AlarmRule[]; error: string | null; onSave(patch: AlarmRulePatch): Promise<boolean> }): ReactElement {
  return (
    <>
      {error && (
        <p className="error" role="alert">
          Rule not saved: {error}
        </p>
      )}
      <div className="table-wrap">
        <table className="table alarm-rules" data-testid="alarm-rules">
          <thead>
            <tr>
              <th>Rule</th>
              <th>Delay</th>
              <th>Latch</th>
              <th>Threshold</th>
              <th>Guidance</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => (
              <RuleRow key={rule.id} rule={rule} onSave={onSave} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
