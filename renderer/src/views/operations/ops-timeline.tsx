/**
 * Timeline strips over the window: one row per (agent, op), segments coloured by op code. Dragging
 * across the strips zooms into the dragged span; a click on a segment opens its recorded change.
 */
import { useRef, useState, type PointerEvent, type ReactElement } from 'react';
import type { OpSegment, OpStrip } from '../../../../shared/operations.js';
import { opCodeName } from '../../logic/op-codes.js';
import { formatClock, formatDuration } from '../../logic/time-format.js';
import { axisTicks, placeSegments, segmentClass, tickLabel, timeAt } from './timeline-geometry.js';

export interface OpsTimelineProps {
  strips: readonly OpStrip[];
  from: number;
  to: number;
  /** Server time when the window is live (the last segments reach it), else null. */
  liveNow: number | null;
  selectedId: number | null;
  onSelect(agent: string, op: string, segment: OpSegment): void;
  onZoom(from: number, to: number): void;
}

/** A drag shorter than this (fraction of the width) is a click, not a zoom. */
const MIN_DRAG = 0.01;

export function OpsTimeline({ strips, from, to, liveNow, selectedId, onSelect, onZoom }: OpsTimelineProps): ReactElement {
  const tracksRef = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ start: number; end: number } | null>(null);
  const span = to - from;
  const fraction = (event: PointerEvent) => {
    // Measured on a track (the strips' time area), not the whole strip with its label.
    const box = tracksRef.current?.querySelector('.ops-track')?.getBoundingClientRect();
    return box && box.width > 0 ? (event.clientX - box.left) / box.width : 0;
  };
  const onPointerUp = () => {
    if (drag && Math.abs(drag.end - drag.start) >= MIN_DRAG) onZoom(timeAt(Math.min(drag.start, drag.end), from, to), timeAt(Math.max(drag.start, drag.end), from, to));
    setDrag(null);
  };

  return (
    <div className="ops-timeline" data-testid="ops-timeline">
      <div className="ops-axis" aria-hidden="true">
        <span className="ops-label" />
        <div className="ops-axis-track">
          {/* A tick at the very right edge would hang out of the track: leave it off. */}
          {axisTicks(from, to).filter((tick) => tick - from <= span * 0.97).map((tick) => (
            <span key={tick} className="ops-tick" style={{ left: `${((tick - from) / span) * 100}%` }}>
              {tickLabel(tick, span)}
            </span>
          ))}
        </div>
      </div>
      {strips.length === 0 && <p className="hint">Nothing recorded in this window.</p>}
      <div
        className="ops-strips"
        ref={tracksRef}
        onPointerDown={(event) => {
          if (event.button !== 0) return;
          const at = fraction(event);
          setDrag({ start: at, end: at });
        }}
        onPointerMove={(event) => drag && setDrag({ ...drag, end: fraction(event) })}
        onPointerUp={onPointerUp}
        onPointerLeave={() => setDrag(null)}
      >
        {strips.map((strip) => (
          <div key={`${strip.agent}\u0000${strip.op}`} className="ops-strip" data-testid="ops-strip" data-agent={strip.agent} data-op={strip.op}>
            <span className="ops-label" title={`${strip.agent} ${strip.op}`}>
              <span className="ops-label-agent">{strip.agent}</span> <span className="ops-label-op">{strip.op}</span>
            </span>
            <div className="ops-track">
              {placeSegments(strip.segments, from, to, liveNow).map(({ segment, left, width }) => (
                <button
                  key={segment[3] * 2 + (segment[0] > from ? 1 : 0)}
                  type="button"
                  className={`ops-seg ${segmentClass(segment[2])}`}
                  data-testid="ops-segment"
                  data-op-code={segment[2]}
                  data-record={segment[3]}
                  aria-pressed={selectedId === segment[3]}
                  style={{ left: `${left}%`, width: `${width}%` }}
                  title={`${strip.op}: ${opCodeName(segment[2])} from ${formatClock(segment[0])} for ${formatDuration(segment[1] - segment[0])}`}
                  onPointerDown={(event) => event.stopPropagation()}
                  onClick={() => onSelect(strip.agent, strip.op, segment)}
                />
              ))}
            </div>
          </div>
        ))}
        {drag && Math.abs(drag.end - drag.start) >= MIN_DRAG && (
          <div className="ops-drag" data-testid="ops-drag" style={{ left: `calc(var(--ops-label-w) + (100% - var(--ops-label-w)) * ${Math.min(drag.start, drag.end)})`, width: `calc((100% - var(--ops-label-w)) * ${Math.abs(drag.end - drag.start)})` }} />
        )}
      </div>
    </div>
  );
}
