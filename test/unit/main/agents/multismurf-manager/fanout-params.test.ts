import { describe, expect, it } from 'vitest';
import { FAN_OUT_OPS, MANAGER_PARAM_KEYS, fanOutOp, splitParams } from '../../../../../main/agents/multismurf-manager/fanout-params.js';
import { CONTROLLER_OPS } from '../../../../../main/agents/pysmurf-controller/op-specs.js';
import { ParamError, prescreenParams } from '../../../../../main/ocs/params.js';

describe('fan-out op table', () => {
  it('has every controller op but check_state, with the controller kind', () => {
    expect(FAN_OUT_OPS.map((op) => op.name)).toEqual(CONTROLLER_OPS.map((op) => op.name).filter((name) => name !== 'check_state'));
    expect(fanOutOp('stream')?.kind).toBe('process');
    expect(fanOutOp('take_iv')?.kind).toBe('task');
    expect(fanOutOp('check_state')).toBeUndefined();
    expect(FAN_OUT_OPS.filter((op) => op.dangerous).map((op) => op.name).sort()).toEqual(['all_off', 'set_biases', 'zero_biases']);
  });

  it('documents the controller defaults (floats as Python shows them) and the manager params', () => {
    expect(fanOutOp('take_noise')!.docstring.split('\n')[0]).toBe(
      "take_noise(duration=30.0, kwargs=None, tag=None, run_in_main_process=False, stream_ids=None, timeout=None, min_successes=None, mode='parallel')",
    );
    expect(fanOutOp('set_biases')!.docstring.split('\n')[0]).toMatch(/^set_biases\(bias, bgs=None, stream_ids=None/);
    expect(fanOutOp('run')!.docstring.split('\n')[0]).toMatch(/^run\(script, args=\[\], log=True, stream_ids=None/);
  });

  it('forwards only the controller params the caller gave, never the manager ones', () => {
    const op = fanOutOp('take_noise')!;
    const checked = prescreenParams(op.params, { duration: 5, stream_ids: ['a', 'b', 'a'], timeout: 2, min_successes: 1, mode: 'serial' });
    const { forward, settings } = splitParams(op, checked);
    expect(forward).toEqual({ duration: 5 });
    for (const key of MANAGER_PARAM_KEYS) expect(forward).not.toHaveProperty(key);
    expect(settings).toEqual({ streamIds: ['a', 'b'], timeoutS: 2, minSuccesses: 1, mode: 'serial' });
    expect(splitParams(op, prescreenParams(op.params, {})).settings).toEqual({ streamIds: null, timeoutS: null, minSuccesses: null, mode: 'parallel' });
  });

  it('checks types, choices and the required controller params up front', () => {
    const op = fanOutOp('set_biases')!;
    expect(() => prescreenParams(op.params, {})).toThrow(new ParamError("Param 'bias' is required and must not be None"));
    expect(() => prescreenParams(op.params, { bias: 1, mode: 'sideways' })).toThrow(/Param 'mode'=sideways is not in allowed set/);
    expect(() => prescreenParams(op.params, { bias: 1, timeout: -1 })).toThrow(/Param 'timeout' failed validity check/);
    expect(() => prescreenParams(op.params, { bias: 1, wat: 1 })).toThrow("params included unexpected values: ['wat']");
    expect(() => prescreenParams(fanOutOp('stream')!.params, { stream_type: 'nope' })).toThrow(/Param 'stream_type'=nope is not in allowed set/);
  });

  it('rejects stream_ids that are not a list of non-empty strings', () => {
    const op = fanOutOp('all_off')!;
    expect(() => splitParams(op, prescreenParams(op.params, { stream_ids: ['ok', 3] }))).toThrow('stream_ids must be a list of non-empty strings, got ["ok",3]');
    expect(() => splitParams(op, prescreenParams(op.params, { stream_ids: [''] }))).toThrow(/non-empty strings/);
  });
});
