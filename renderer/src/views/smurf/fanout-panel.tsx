/**
 * The fan-out command: pick a controller op, fill its params (form from a controller's get_api
 * docstring), choose mode/timeout/min_successes, and run it on the selected slots through the
 * MultiSmurfManager. Dangerous ops ask first; controls follow the station's lock.
 */
import { useEffect, useMemo, useState, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { DANGEROUS_SMURF_OPS } from '../../../../shared/smurf.js';
import type { ProcessOpInfo, TaskOpInfo } from '../../../../shared/ocs-codes.js';
import { buildParams, parseParamsJson } from '../../logic/param-values.js';
import { isActive } from '../../logic/op-status.js';
import { parseSignature } from '../../logic/signature.js';
import { sortSlots } from '../../logic/slot-selection.js';
import { useControllerApiStore } from '../../stores/controller-api-store.js';
import { useGate } from '../../stores/lock-store.js';
import { useFanoutStore } from '../../stores/manager-op-store.js';
import { useSelectionStore } from '../../stores/selection-store.js';
import { useSmurfStore } from '../../stores/smurf-store.js';
import { ConfirmDialog } from '../common/confirm-dialog.js';
import { ParamsForm, RAW_PARAMS_KEY } from '../agent/params-form.js';
import { fanoutExtras, FanoutExtrasForm, type FanoutExtrasTexts } from './fanout-extras.js';
import { FanoutResults } from './fanout-results.js';

/** Params the manager adds to every op; the form has its own fields for them. */
const MANAGER_PARAMS = new Set(['stream_ids', 'timeout', 'min_successes', 'mode']);
/** Ops with their own controls: the launcher runs scripts, Abort all aborts. */
const NOT_FANNED_OUT = new Set(['run', 'abort']);
const DEFAULT_OP = 'take_noise';

export function FanoutPanel(): ReactElement {
  const slots = useSmurfStore((state) => state.slots);
  const selected = useSelectionStore((state) => state.selected);
  const controllerApi = useControllerApiStore(useShallow((state) => ({ api: state.api, error: state.error, load: state.load })));
  const fanout = useFanoutStore();
  // Fan-outs are the MultiSmurfManager's op:start.
  const gate = useGate('op:start');
  const [opChoice, setOpChoice] = useState<string | null>(null);
  const [texts, setTexts] = useState<Record<string, Record<string, string>>>({});
  const [extras, setExtras] = useState<FanoutExtrasTexts>({ mode: 'parallel', timeout: '', minSuccesses: '' });
  const [formError, setFormError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<{ op: string; params: Record<string, unknown>; streamIds: string[] } | null>(null);

  // Any alive controller describes the ops; prefer one of the selected slots.
  const describer = useMemo(() => {
    const alive = sortSlots(slots.values()).filter((slot) => !slot.expired);
    return (alive.find((slot) => selected.includes(slot.streamId)) ?? alive[0])?.address ?? null;
  }, [slots, selected]);
  const loadApi = controllerApi.load;
  useEffect(() => {
    // Keep the loaded description while it stays valid: only load when there is none yet.
    if (describer && !useControllerApiStore.getState().api) void loadApi(describer);
  }, [describer, loadApi]);

  const ops = useMemo(() => {
    const api = controllerApi.api;
    if (!api) return [] as Array<[string, TaskOpInfo | ProcessOpInfo]>;
    return [...api.tasks, ...api.processes].filter(([name]) => !NOT_FANNED_OUT.has(name)).map(([name, , info]) => [name, info] as [string, TaskOpInfo | ProcessOpInfo]);
  }, [controllerApi.api]);
  const op = opChoice ?? ops.find(([name]) => name === DEFAULT_OP)?.[0] ?? ops[0]?.[0] ?? null;
  const info = ops.find(([name]) => name === op)?.[1] ?? null;
  const signature = useMemo(() => parseSignature(info?.docstring), [info]);
  const specs = signature ? signature.params.filter((spec) => !MANAGER_PARAMS.has(spec.name)) : null;
  const opTexts = (op && texts[op]) || {};
  const active = isActive(fanout.session) || fanout.busy === 'start';
  const disabled = !gate.allowed || fanout.busy !== null;

  const launch = (target: { op: string; params: Record<string, unknown>; streamIds: string[] }) => {
    setConfirming(null);
    void fanout.start(target.op, target.params, target.streamIds);
  };

  const run = () => {
    if (!op) return;
    const built = specs ? buildParams(specs, opTexts) : parseParamsJson(opTexts[RAW_PARAMS_KEY] ?? '');
    const extra = fanoutExtras(extras);
    if (!built.ok || !extra.ok) {
      setFormError(!built.ok ? built.error : extra.ok ? null : extra.error);
      return;
    }
    setFormError(null);
    const target = { op, params: { ...built.params, ...extra.params }, streamIds: [...selected] };
    if (DANGEROUS_SMURF_OPS.includes(op)) setConfirming(target);
    else launch(target);
  };

  const abortAll = async () => {
    if (info?.op_type === 'process') await fanout.abort('stop');
    // The manager aborts each target as it can; should it refuse, end the slots' scripts directly.
    else if (!(await fanout.abort('abort'))) await fanout.abort('abort-scripts');
  };

  return (
    <section className="card fanout" aria-label="Fan-out command">
      <h2>Fan-out</h2>
      {controllerApi.error && <p className="error">Controller description: {controllerApi.error}</p>}
      {!controllerApi.api && !controllerApi.error && <p className="hint">{describer ? 'Loading the controller ops…' : 'Waiting for a live controller to describe its ops.'}</p>}
      <div className="toolbar">
        <label className="agent-picker">
          <span>Op</span>
          <select data-testid="fanout-op" value={op ?? ''} onChange={(event) => setOpChoice(event.target.value)} disabled={ops.length === 0}>
            {ops.map(([name, opInfo]) => (
              <option key={name} value={name}>
                {name} ({opInfo.op_type}){DANGEROUS_SMURF_OPS.includes(name) ? ' ⚠' : ''}
              </option>
            ))}
          </select>
        </label>
      </div>
      {op && (
        <ParamsForm
          key={op}
          opName={`fanout-${op}`}
          specs={specs}
          texts={opTexts}
          onChange={(key, text) => setTexts((prev) => ({ ...prev, [op]: { ...(prev[op] ?? {}), [key]: text } }))}
        />
      )}
      <FanoutExtrasForm texts={extras} onChange={setExtras} />
      <div className="op-buttons">
        <button type="button" className="btn btn--start" data-testid="fanout-run" disabled={disabled || !op || selected.length === 0} title={gate.title} onClick={run}>
          {fanout.busy === 'start' ? 'Starting…' : `Run on ${selected.length} slot${selected.length === 1 ? '' : 's'}`}
        </button>
        <button type="button" className="btn btn--danger" data-testid="fanout-abort" disabled={disabled || !active} title={gate.title} onClick={() => void abortAll()}>
          {fanout.busy === 'abort' ? 'Aborting…' : 'Abort all'}
        </button>
        {selected.length === 0 && <span className="hint">Select slots above (or All alive) to run an op.</span>}
      </div>
      {(formError ?? fanout.error) && (
        <p className="op-error" role="alert" data-testid="fanout-error">
          {formError ?? fanout.error}
        </p>
      )}
      {fanout.op && <FanoutResults op={fanout.op} session={fanout.session} requested={fanout.requested} starting={fanout.busy === 'start'} />}
      {confirming && (
        <ConfirmDialog title={`Run ${confirming.op}?`} confirmLabel={`Run ${confirming.op}`} confirmTestId="fanout-confirm" onConfirm={() => launch(confirming)} onCancel={() => setConfirming(null)}>
          <p>
            <strong>{confirming.op}</strong> changes the detectors&apos; state on {confirming.streamIds.length} slot{confirming.streamIds.length === 1 ? '' : 's'}:{' '}
            <span data-testid="fanout-confirm-slots">{confirming.streamIds.join(', ')}</span>.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
