/** Which slots the fan-out and the script launcher target: one selection shared by the Smurf and Scripts views. */
import { create } from 'zustand';
import { applyClick, EMPTY_SELECTION, selectAllAlive, sortSlots, toggleSlot, type SlotSelection } from '../logic/slot-selection.js';
import { useSmurfStore } from './smurf-store.js';

interface SelectionStore extends SlotSelection {
  /** A click on a card; `shift` selects a range, `toggle` (ctrl/cmd) adds or removes. */
  click(streamId: string, keys?: { shift: boolean; toggle: boolean }): void;
  toggle(streamId: string): void;
  selectAllAlive(): void;
  clear(): void;
}

/** Stream ids in card order. */
function displayOrder(): string[] {
  return sortSlots(useSmurfStore.getState().slots.values()).map((slot) => slot.streamId);
}

export const getInitialSelectionState = (): SlotSelection => ({ ...EMPTY_SELECTION });

export const useSelectionStore = create<SelectionStore>()((set, get) => ({
  ...getInitialSelectionState(),
  click: (streamId, keys = { shift: false, toggle: false }) => set(applyClick(get(), displayOrder(), streamId, keys)),
  toggle: (streamId) => set(toggleSlot(get(), displayOrder(), streamId)),
  selectAllAlive: () => set(selectAllAlive([...useSmurfStore.getState().slots.values()])),
  clear: () => set(getInitialSelectionState()),
}));
