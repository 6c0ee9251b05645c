/** The manager's own fan-out params: mode (parallel/serial), per-target timeout and min_successes. */
import type { ReactElement } from 'react';

export interface FanoutExtrasTexts {
  mode: 'parallel' | 'serial';
  timeout: string;
  minSuccesses: string;
}

/** Turns the extras into manager params; empty fields and the default mode are left to the manager. */
export function fanoutExtras(texts: FanoutExtrasTexts): { ok: true; params: Record<string, unknown> } | { ok: false; error: string } {
  const params: Record<string, unknown> = {};
  if (texts.mode === 'serial') params.mode = 'serial';
  const timeout = texts.timeout.trim();
  if (timeout !== '') {
    const value = Number(timeout);
    if (!Number.isFinite(value) || value <= 0) return { ok: false, error: `timeout: "${timeout}" is not a positive number of seconds` };
    params.timeout = value;
  }
  const min = texts.minSuccesses.trim();
  if (min !== '') {
    if (!/^\d+$/.test(min)) return { ok: false, error: `min_successes: "${min}" is not a whole number` };
    params.min_successes = Number(min);
  }
  return { ok: true, params };
}

export function FanoutExtrasForm({ texts, onChange }: { texts: FanoutExtrasTexts; onChange(texts: FanoutExtrasTexts): void }): ReactElement {
  return (
    <div className="params fanout-extras">
      <label className="param">
        <span className="param-name">mode</span>
        <select data-testid="fanout-mode" value={texts.mode} onChange={(event) => onChange({ ...texts, mode: event.target.value as FanoutExtrasTexts['mode'] })}>
          <option value="parallel">parallel</option>
          <option value="serial">serial</option>
        </select>
      </label>
      <label className="param">
        <span className="param-name">timeout</span>
        <input className="param-input" data-testid="fanout-timeout" type="number" min={0} step="any" placeholder="none" value={texts.timeout} onChange={(event) => onChange({ ...texts, timeout: event.target.value })} />
        <span className="param-kind">s per slot</span>
      </label>
      <label className="param">
        <span className="param-name">min_successes</span>
        <input className="param-input" data-testid="fanout-min-successes" type="number" min={0} step={1} placeholder="all" value={texts.minSuccesses} onChange={(event) => onChange({ ...texts, minSuccesses: event.target.value })} />
      </label>
    </div>
  );
}
