import { describe, expect, it } from 'vitest';
import type { ManagedSmurfInfo } from '../../../../../main/agents/multismurf-manager/smurf-table.js';
import { selectTargets } from '../../../../../main/agents/multismurf-manager/target-selection.js';

function smurf(instance: string, streamId: string, expired = false): ManagedSmurfInfo {
  return {
    address: `observatory.${instance}`,
    instance_id: instance,
    stream_id: streamId,
    stream_id_source: 'check_state',
    crate: null,
    slot: null,
    expired,
    last_refresh: 0,
    last_api_refresh: 0,
    op_codes: {},
    sessions: {},
  };
}

const table = [smurf('c1s3', 'crate1slot3'), smurf('c1s2', 'crate1slot2'), smurf('c1s4', 'crate1slot4', true)];

describe('selectTargets', () => {
  it('takes every live controller, sorted by stream id, when no stream_ids are given', () => {
    expect(selectTargets(table, null)).toEqual({
      ok: true,
      live: [
        { streamId: 'crate1slot2', address: 'observatory.c1s2' },
        { streamId: 'crate1slot3', address: 'observatory.c1s3' },
      ],
      expired: [],
    });
  });

  it('keeps explicit ids in order and reports expired ones separately', () => {
    const selection = selectTargets(table, ['crate1slot4', 'crate1slot3']);
    expect(selection).toEqual({ ok: true, live: [{ streamId: 'crate1slot3', address: 'observatory.c1s3' }], expired: [{ streamId: 'crate1slot4', address: 'observatory.c1s4' }] });
  });

  it('refuses unknown ids naming them and the known ones', () => {
    expect(selectTargets(table, ['crate1slot3', 'nope', 'nada'])).toEqual({
      ok: false,
      reason: 'Could not find managed smurf with stream_id: nope, nada (known: crate1slot2, crate1slot3, crate1slot4)',
    });
    expect(selectTargets([], ['x'])).toEqual({ ok: false, reason: 'Could not find managed smurf with stream_id: x (known: none)' });
  });

  it('prefers the live controller when an expired one has the same stream id', () => {
    const restarted = [smurf('old', 'crate1slot2', true), smurf('new', 'crate1slot2')];
    expect(selectTargets(restarted, ['crate1slot2'])).toEqual({ ok: true, live: [{ streamId: 'crate1slot2', address: 'observatory.new' }], expired: [] });
  });

  it('refuses a stream id claimed by two live controllers', () => {
    const clash = [smurf('a', 'crate1slot2'), smurf('b', 'crate1slot2')];
    for (const ids of [null, ['crate1slot2']]) {
      const selection = selectTargets(clash, ids);
      expect(selection.ok).toBe(false);
      expect(!selection.ok && selection.reason).toMatch(/stream_id crate1slot2 is claimed by several live controllers \(observatory\.a, observatory\.b\)/);
    }
  });
});
