import { describe, expect, it } from 'vitest';
import { applyClick, EMPTY_SELECTION, selectAllAlive, selectOnly, selectRange, sortSlots, toggleSlot } from '../../../../renderer/src/logic/slot-selection.js';
import { slot } from '../smurf-fixtures.js';

const order = ['crate1slot2', 'crate1slot3', 'crate1slot4', 'crate1slot5'];

describe('slot selection', () => {
  it('orders cards by crate, slot, then stream id, unknown crate/slot last', () => {
    const unknown = slot(9, { crate: null, slot: null, streamId: 'orphan' });
    const crate2 = slot(2, { crate: 2, streamId: 'crate2slot2' });
    expect(sortSlots([unknown, crate2, slot(10), slot(3)]).map((s) => s.streamId)).toEqual(['crate1slot3', 'crate1slot10', 'crate2slot2', 'orphan']);
  });

  it('a plain click selects only that slot and anchors there', () => {
    const before = { selected: ['crate1slot2', 'crate1slot4'], anchor: 'crate1slot2' };
    expect(applyClick(before, order, 'crate1slot3', { shift: false, toggle: false })).toEqual({ selected: ['crate1slot3'], anchor: 'crate1slot3' });
  });

  it('ctrl-click toggles one slot and keeps display order', () => {
    let selection = selectOnly('crate1slot4');
    selection = toggleSlot(selection, order, 'crate1slot2');
    expect(selection).toEqual({ selected: ['crate1slot2', 'crate1slot4'], anchor: 'crate1slot2' });
    selection = applyClick(selection, order, 'crate1slot4', { shift: false, toggle: true });
    expect(selection.selected).toEqual(['crate1slot2']);
  });

  it('shift-click selects the range from the anchor, in either direction, replacing the selection', () => {
    const anchored = selectOnly('crate1slot3');
    expect(selectRange(anchored, order, 'crate1slot5').selected).toEqual(['crate1slot3', 'crate1slot4', 'crate1slot5']);
    expect(selectRange(anchored, order, 'crate1slot2')).toEqual({ selected: ['crate1slot2', 'crate1slot3'], anchor: 'crate1slot3' });
    // Without an anchor a shift-click is a plain click; an unknown id changes nothing.
    expect(selectRange(EMPTY_SELECTION, order, 'crate1slot4')).toEqual(selectOnly('crate1slot4'));
    expect(selectRange(anchored, order, 'nope')).toBe(anchored);
  });

  it('"all alive" selects every slot that is not expired', () => {
    const slots = [slot(5), slot(2), slot(3, { expired: true }), slot(4)];
    expect(selectAllAlive(slots)).toEqual({ selected: ['crate1slot2', 'crate1slot4', 'crate1slot5'], anchor: 'crate1slot2' });
    expect(selectAllAlive([slot(2, { expired: true })])).toEqual(EMPTY_SELECTION);
  });
});
