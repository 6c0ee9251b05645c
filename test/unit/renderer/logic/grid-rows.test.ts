import { describe, expect, it } from 'vitest';
import { countRows, filterRows, mergeRows, nextSort, rowsFromSnapshot, sortRows } from '../../../../renderer/src/logic/grid-rows.js';
import { opCodeClass, opCodeName } from '../../../../renderer/src/logic/op-codes.js';
import { row } from '../fake-station.js';

const rows = [
  row('observatory.agent10', { agentClass: 'Lakeshore', lastHeartbeat: 50 }),
  row('observatory.agent2', { agentClass: 'FakeData', lastHeartbeat: 90, opCodes: { acq: 3 } }),
  row('observatory.old', { agentClass: null, lastHeartbeat: 10, expired: true }),
];

describe('filterRows', () => {
  it('matches every word against address, class and op names, case-insensitively', () => {
    expect(filterRows(rows, 'LAKE').map((r) => r.address)).toEqual(['observatory.agent10']);
    expect(filterRows(rows, 'agent acq').map((r) => r.address)).toEqual(['observatory.agent10', 'observatory.agent2']);
    expect(filterRows(rows, 'obs fakedata').map((r) => r.address)).toEqual(['observatory.agent2']);
    expect(filterRows(rows, '  ')).toHaveLength(3);
  });

  it('filters by state with is:expired / is:alive', () => {
    expect(filterRows(rows, 'is:expired').map((r) => r.address)).toEqual(['observatory.old']);
    expect(filterRows(rows, 'is:alive')).toHaveLength(2);
  });
});

describe('sortRows', () => {
  it('sorts addresses naturally (agent2 before agent10) and reverses on desc', () => {
    expect(sortRows(rows, { key: 'address', direction: 'asc' }).map((r) => r.address)).toEqual(['observatory.agent2', 'observatory.agent10', 'observatory.old']);
    expect(sortRows(rows, { key: 'address', direction: 'desc' })[0].address).toBe('observatory.old');
  });

  it('sorts by heartbeat age (freshest first ascending), class and state', () => {
    expect(sortRows(rows, { key: 'lastHeartbeat', direction: 'asc' }).map((r) => r.lastHeartbeat)).toEqual([90, 50, 10]);
    expect(sortRows(rows, { key: 'agentClass', direction: 'asc' }).map((r) => r.agentClass)).toEqual([null, 'FakeData', 'Lakeshore']);
    expect(sortRows(rows, { key: 'state', direction: 'desc' })[0].expired).toBe(true);
  });

  it('does not modify its input', () => {
    const copy = [...rows];
    sortRows(rows, { key: 'lastHeartbeat', direction: 'asc' });
    expect(rows).toEqual(copy);
  });
});

describe('counts, sort toggling and merging', () => {
  it('counts alive, expired and total', () => {
    expect(countRows(rows)).toEqual({ alive: 2, expired: 1, total: 3 });
  });

  it('flips the direction on the same column and starts ascending on another', () => {
    expect(nextSort({ key: 'address', direction: 'asc' }, 'address')).toEqual({ key: 'address', direction: 'desc' });
    expect(nextSort({ key: 'address', direction: 'desc' }, 'state')).toEqual({ key: 'state', direction: 'asc' });
  });

  it('replaces rows by address and adds new ones without touching the old map', () => {
    const current = rowsFromSnapshot(rows);
    const next = mergeRows(current, [row('observatory.agent2', { expired: true }), row('observatory.new')]);
    expect(next.size).toBe(4);
    expect(next.get('observatory.agent2')?.expired).toBe(true);
    expect(current.get('observatory.agent2')?.expired).toBe(false);
  });
});

describe('op codes', () => {
  it('names codes and gives each a chip class', () => {
    expect(opCodeName(3)).toBe('RUNNING');
    expect(opCodeClass(7)).toBe('chip--expired');
    expect(opCodeName(42)).toBe('CODE 42');
    expect(opCodeClass(42)).toBe('chip--unknown');
  });
});
