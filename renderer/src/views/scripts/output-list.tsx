/**
 * A run's output lines, virtualized (only the visible lines are in the DOM, so a chatty script's
 * 100,000 lines scroll smoothly); stderr lines are marked; it follows the tail unless scrolled up.
 */
import { observeElementRect, useVirtualizer, type Rect, type Virtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, type ReactElement } from 'react';
import type { ScriptOutputLine } from '../../../../shared/smurf.js';
import { MAX_LINES_PER_RUN } from '../../logic/output-lines.js';
import { formatClock } from '../../logic/time-format.js';

export const LINE_HEIGHT = 20;
const DEFAULT_RECT: Rect = { width: 800, height: 280 };
/** Within this many pixels of the bottom counts as "at the end": new lines keep it there. */
const FOLLOW_SLACK_PX = 2 * LINE_HEIGHT;

interface OutputListProps {
  lines: readonly ScriptOutputLine[];
  testId?: string;
  /** Viewport size until the browser reports one (and where it never does, as in jsdom). */
  fallbackRect?: Rect;
}

export function OutputList({ lines, testId = 'output-lines', fallbackRect = DEFAULT_RECT }: OutputListProps): ReactElement {
  const scrollRef = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const observeRect = useCallback(
    (instance: Virtualizer<HTMLDivElement, Element>, cb: (rect: Rect) => void) => observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : fallbackRect)),
    [fallbackRect],
  );
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 20,
    initialRect: fallbackRect,
    observeElementRect: observeRect,
  });

  useEffect(() => {
    if (following.current && lines.length > 0) virtualizer.scrollToIndex(lines.length - 1, { align: 'end' });
  }, [lines.length, virtualizer]);

  const onScroll = () => {
    const element = scrollRef.current;
    if (element) following.current = element.scrollHeight - element.scrollTop - element.clientHeight <= FOLLOW_SLACK_PX;
  };

  return (
    <div className="output" data-testid={testId} data-lines={lines.length} ref={scrollRef} onScroll={onScroll} tabIndex={0} role="log" aria-label="Script output">
      {lines.length === 0 && <div className="output-empty">No output yet.</div>}
      <div className="output-canvas" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const line = lines[item.index];
          return (
            <div
              key={item.key}
              className={`output-line output-line--${line.stream}`}
              data-testid="output-line"
              data-stream={line.stream}
              style={{ transform: `translateY(${item.start}px)`, height: item.size }}
            >
              <time className="output-time">{formatClock(line.time)}</time>
              {line.stream === 'stderr' && <span className="output-mark">err</span>}
              <span className="output-text">{line.text}</span>
            </div>
          );
        })}
      </div>
      {lines.length >= MAX_LINES_PER_RUN && <div className="output-cut">Only the first {MAX_LINES_PER_RUN.toLocaleString()} lines are shown.</div>}
    </div>
  );
}
