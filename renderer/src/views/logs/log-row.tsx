/** One log line: line number, optional source tag, level colour, search matches highlighted. */
import { memo, type ReactElement } from 'react';
import type { LogLineView } from '../../../../shared/logs.js';
import { highlightSegments } from '../../logic/logs-search.js';
import type { PagedLine } from '../../logic/logs-paged.js';

export interface LogRowProps {
  row: number;
  line: PagedLine | undefined;
  top: number;
  height: number;
  selected: boolean;
  current: boolean;
  highlight: RegExp | null;
  sourceTitle: string | null;
  onPick(row: number, extend: boolean): void;
}

function levelClass(line: LogLineView): string {
  return line.level ? ` log-row--${line.level.toLowerCase()}` : '';
}

/** Memoized: a scroll re-renders only rows whose props changed. */
export const LogRow = memo(function LogRow(props: LogRowProps): ReactElement {
  const { line, row } = props;
  const style = { transform: `translateY(${props.top}px)`, height: props.height };
  if (!line) {
    // Not fetched yet: a placeholder keeps the row's place (the window request is under way).
    return (
      <div role="row" className="log-row log-row--loading" style={style} data-testid="log-row-loading">
        <span className="log-ln">{props.sourceTitle === null ? row + 1 : ''}</span>
        <span className="log-text">…</span>
      </div>
    );
  }
  const className = `log-row${levelClass(line)}${props.selected ? ' log-row--selected' : ''}${props.current ? ' log-row--current' : ''}`;
  return (
    <div
      role="row"
      className={className}
      style={style}
      data-testid="log-row"
      data-line={line.n}
      aria-selected={props.selected}
      onMouseDown={(event) => {
        // Shift-click extends the selection; keep the browser from selecting text across rows instead.
        if (event.shiftKey) event.preventDefault();
        props.onPick(row, event.shiftKey);
      }}
    >
      <span className="log-ln" role="cell">
        {line.n}
      </span>
      {props.sourceTitle !== null && (
        <span className="log-src" role="cell" title={props.sourceTitle}>
          {props.sourceTitle}
        </span>
      )}
      <span className="log-text" role="cell">
        {highlightSegments(line.text, props.highlight).map((segment, index) =>
          segment.match ? (
            <mark key={index} className="log-match" data-testid="log-match">
              {segment.text}
            </mark>
          ) : (
            segment.text
          ),
        )}
        {line.cut && <span className="log-cut"> [cut at 64 KiB]</span>}
      </span>
    </div>
  );
});
