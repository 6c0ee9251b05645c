/** One PysmurfController: crate/slot, stream id, alive/expired, current op with its ticking elapsed time, stream on/off, last result. */
import { memo, type KeyboardEvent, type MouseEvent, type ReactElement } from 'react';
import type { SmurfSlot } from '../../../../shared/smurf.js';
import { formatAgo, formatDuration } from '../../logic/time-format.js';

interface SlotCardProps {
  slot: SmurfSlot;
  selected: boolean;
  /** The card that takes Tab focus (roving tabindex). */
  tabbable: boolean;
  now: number;
  onClick(streamId: string, event: MouseEvent<HTMLElement>): void;
  onKeyDown(streamId: string, event: KeyboardEvent<HTMLElement>): void;
  onFocusCard(streamId: string): void;
}

/** `c1 s2`, or what is known of it. */
export function slotLabel(slot: Pick<SmurfSlot, 'crate' | 'slot'>): string {
  if (slot.crate === null && slot.slot === null) return 'slot ?';
  return `c${slot.crate ?? '?'} s${slot.slot ?? '?'}`;
}

export const SlotCard = memo(function SlotCard({ slot, selected, tabbable, now, onClick, onKeyDown, onFocusCard }: SlotCardProps): ReactElement {
  const stream = slot.streamOn === null ? 'stream ?' : slot.streamOn ? 'streaming' : 'stream off';
  const last = slot.lastResult;
  return (
    <div
      role="option"
      aria-selected={selected}
      tabIndex={tabbable ? 0 : -1}
      className={`slot-card${selected ? ' slot-card--selected' : ''}${slot.expired ? ' slot-card--expired' : ''}`}
      data-testid="smurf-slot"
      data-stream-id={slot.streamId}
      data-selected={String(selected)}
      data-expired={String(slot.expired)}
      title={slot.address}
      onClick={(event) => onClick(slot.streamId, event)}
      onKeyDown={(event) => onKeyDown(slot.streamId, event)}
      onFocus={() => onFocusCard(slot.streamId)}
    >
      <div className="slot-head">
        <span className="slot-label">{slotLabel(slot)}</span>
        <span className={`state-badge ${slot.expired ? 'state-badge--expired' : 'state-badge--alive'}`}>{slot.expired ? 'EXPIRED' : 'alive'}</span>
      </div>
      <div className="slot-stream-id">{slot.streamId}</div>
      <div className="slot-op" data-testid="smurf-slot-op">
        {slot.currentOp ? (
          <span className="slot-op--active">
            {slot.currentOp.name}
            {slot.currentOp.startedAt !== null && ` (${formatDuration(now - slot.currentOp.startedAt)})`}
          </span>
        ) : (
          <span className="slot-op--idle">idle</span>
        )}
      </div>
      <div className="slot-foot">
        <span className={`slot-stream slot-stream--${slot.streamOn === null ? 'unknown' : slot.streamOn ? 'on' : 'off'}`}>{stream}</span>
        {last && (
          <span className={`slot-last slot-last--${last.success ? 'ok' : 'error'}`} title={last.message} data-testid="smurf-slot-last">
            {last.op} {last.success ? 'OK' : 'ERROR'} · {formatAgo(now - last.endedAt)}
          </span>
        )}
      </div>
    </div>
  );
});
