/**
 * Slot selection as pure functions over the displayed order of stream ids: click selects only one,
 * ctrl/cmd-click toggles, shift-click selects the range from the anchor, "all alive" and clear.
 */
import type { SmurfSlot } from '../../../shared/smurf.js';

export interface SlotSelection {
  /** Selected stream ids, in display order. */
  selected: readonly string[];
  /** Where a shift-click range starts: the last plain or ctrl click. */
  anchor: string | null;
}

export const EMPTY_SELECTION: SlotSelection = { selected: [], anchor: null };

/** Display order of the slot cards: crate, then slot, then stream id (unknown crate/slot last). */
export function sortSlots(slots: Iterable<SmurfSlot>): SmurfSlot[] {
  const rank = (value: number | null) => (value === null ? Number.MAX_SAFE_INTEGER : value);
  return [...slots].sort(
    (a, b) => rank(a.crate) - rank(b.crate) || rank(a.slot) - rank(b.slot) || a.streamId.localeCompare(b.streamId, undefined, { numeric: true }),
  );
}

/** Keeps `ids` in display order. */
function inOrder(order: readonly string[], ids: Iterable<string>): string[] {
  const wanted = new Set(ids);
  return order.filter((id) => wanted.has(id));
}

/** Plain click: only this slot. */
export function selectOnly(id: string): SlotSelection {
  return { selected: [id], anchor: id };
}

/** Ctrl/cmd-click or Space: add or remove this slot; it becomes the anchor. */
export function toggleSlot(selection: SlotSelection, order: readonly string[], id: string): SlotSelection {
  const next = new Set(selection.selected);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return { selected: inOrder(order, next), anchor: id };
}

/** Shift-click: the range between the anchor and this slot (the whole selection); no anchor → only this slot. */
export function selectRange(selection: SlotSelection, order: readonly string[], id: string): SlotSelection {
  const from = selection.anchor === null ? -1 : order.indexOf(selection.anchor);
  const to = order.indexOf(id);
  if (to < 0) return selection;
  if (from < 0) return selectOnly(id);
  const [low, high] = from <= to ? [from, to] : [to, from];
  return { selected: order.slice(low, high + 1), anchor: selection.anchor };
}

/** Every slot that is not expired. */
export function selectAllAlive(slots: readonly SmurfSlot[]): SlotSelection {
  const alive = sortSlots(slots).filter((slot) => !slot.expired).map((slot) => slot.streamId);
  return { selected: alive, anchor: alive[0] ?? null };
}

/** Which selection a click means, from its modifier keys. */
export function applyClick(selection: SlotSelection, order: readonly string[], id: string, keys: { shift: boolean; toggle: boolean }): SlotSelection {
  if (keys.shift) return selectRange(selection, order, id);
  if (keys.toggle) return toggleSlot(selection, order, id);
  return selectOnly(id);
}
