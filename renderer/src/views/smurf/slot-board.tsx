/**
 * The slot cards as a multi-select listbox: click selects one, ctrl/cmd-click toggles, shift-click
 * selects a range; arrows move focus, Space toggles, Shift+Space selects the range; "All alive" and "Clear".
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { sortSlots } from '../../logic/slot-selection.js';
import { useServerNow } from '../../hooks/use-server-now.js';
import { useSelectionStore } from '../../stores/selection-store.js';
import { useSmurfStore } from '../../stores/smurf-store.js';
import { SlotCard } from './slot-card.js';

const MOVE_KEYS: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

export function SlotBoard({ compact = false }: { compact?: boolean }): ReactElement {
  const slotsByAddress = useSmurfStore((state) => state.slots);
  const { selected, click, toggle, selectAllAlive, clear } = useSelectionStore(
    useShallow((state) => ({ selected: state.selected, click: state.click, toggle: state.toggle, selectAllAlive: state.selectAllAlive, clear: state.clear })),
  );
  const slots = useMemo(() => sortSlots(slotsByAddress.values()), [slotsByAddress]);
  const selectedSet = useMemo(() => new Set(selected), [selected]);
  const [focused, setFocused] = useState<string | null>(null);
  const boardRef = useRef<HTMLDivElement>(null);
  const focusPending = useRef<string | null>(null);
  const now = useServerNow(1000);
  const alive = slots.filter((slot) => !slot.expired).length;

  useEffect(() => {
    const id = focusPending.current;
    if (id === null) return;
    focusPending.current = null;
    const cards = boardRef.current?.querySelectorAll<HTMLElement>('[data-stream-id]') ?? [];
    [...cards].find((card) => card.dataset.streamId === id)?.focus();
  });

  const onClick = useCallback(
    (streamId: string, event: MouseEvent<HTMLElement>) => click(streamId, { shift: event.shiftKey, toggle: event.ctrlKey || event.metaKey }),
    [click],
  );
  const onKeyDown = useCallback(
    (streamId: string, event: KeyboardEvent<HTMLElement>) => {
      if (event.key === ' ' || event.key === 'Enter') {
        event.preventDefault();
        if (event.shiftKey) click(streamId, { shift: true, toggle: false });
        else if (event.key === ' ') toggle(streamId);
        else click(streamId);
        return;
      }
      const step = MOVE_KEYS[event.key] ?? (event.key === 'Home' ? -Infinity : event.key === 'End' ? Infinity : 0);
      if (step === 0) return;
      event.preventDefault();
      const index = slots.findIndex((slot) => slot.streamId === streamId);
      const next = slots[Math.max(0, Math.min(slots.length - 1, index + (Number.isFinite(step) ? step : step * slots.length)))];
      if (!next) return;
      focusPending.current = next.streamId;
      setFocused(next.streamId);
      if (event.shiftKey) click(next.streamId, { shift: true, toggle: false });
    },
    [click, toggle, slots],
  );
  const onFocusCard = useCallback((streamId: string) => setFocused(streamId), []);
  const tabbable = focused !== null && slots.some((slot) => slot.streamId === focused) ? focused : (selected[0] ?? slots[0]?.streamId ?? null);

  return (
    <div className={`slot-board${compact ? ' slot-board--compact' : ''}`}>
      <div className="toolbar">
        <button type="button" className="btn" data-testid="smurf-select-all-alive" onClick={selectAllAlive} disabled={alive === 0}>
          All alive ({alive})
        </button>
        <button type="button" className="btn" data-testid="smurf-clear-selection" onClick={clear} disabled={selected.length === 0}>
          Clear
        </button>
        <span className="counts" data-testid="smurf-selection-count" aria-live="polite">
          {selected.length} of {slots.length} selected
        </span>
      </div>
      {slots.length === 0 ? (
        <p className="hint">No PysmurfController on the bus yet.</p>
      ) : (
        <div className="slot-cards" role="listbox" aria-multiselectable="true" aria-label="Smurf slots" ref={boardRef}>
          {slots.map((slot) => (
            <SlotCard
              key={slot.address}
              slot={slot}
              selected={selectedSet.has(slot.streamId)}
              tabbable={slot.streamId === tabbable}
              now={now}
              onClick={onClick}
              onKeyDown={onKeyDown}
              onFocusCard={onFocusCard}
            />
          ))}
        </div>
      )}
    </div>
  );
}
