/** A tab's controls: level filter, follow state and resume, jump to a time or line, copy and export of the selection. */
import { useState, type ReactElement } from 'react';
import type { LogLevel } from '../../../../shared/logs.js';
import { parseJumpTime, selectionBounds } from '../../logic/logs-export.js';
import { pausedText } from '../../logic/logs-follow.js';
import { errorText, stationApi } from '../../stores/station.js';
import { useLogsStore, type LogTab } from '../../stores/logs-store.js';

/** The levels the filter offers (DEBUG lines show only unfiltered). */
const FILTER_LEVELS: LogLevel[] = ['ERROR', 'WARN', 'INFO'];

export function LogToolbar(props: { tab: LogTab; onCopy(): void; onExport(): void; note: string | null }): ReactElement {
  const { tab } = props;
  const { setLevels, followEvent, goToLine, patchTab } = useLogsStore.getState();
  const [jump, setJump] = useState('');
  const [jumpError, setJumpError] = useState<string | null>(null);

  const toggleLevel = (level: LogLevel) => setLevels(tab.id, tab.levels.includes(level) ? tab.levels.filter((l) => l !== level) : [...tab.levels, level]);

  /** A bare number is a line; anything else a time (`14:02`, `14:02:11`, `2026-11-23 14:02:11`). */
  const doJump = async () => {
    setJumpError(null);
    const text = jump.trim();
    if (/^\d+$/.test(text)) {
      goToLine(tab.id, Math.max(1, Number(text)));
      return;
    }
    const time = parseJumpTime(text);
    if (time === null) {
      setJumpError('type a line number, HH:MM[:SS] or YYYY-MM-DD HH:MM:SS');
      return;
    }
    try {
      if (tab.kind === 'merged') {
        // The merged list restarts at that time.
        patchTab(tab.id, { paged: { lines: [], cursor: time, done: false, loading: false, dropped: 0, startLine: 1 }, follow: { mode: 'paused', newLines: 0 }, selection: null });
        useLogsStore.getState().ensureRows(tab.id, 0, 0);
        return;
      }
      const { line } = await stationApi().invoke('logs:jump', { sourceId: tab.sourceIds[0], time });
      if (line === null) setJumpError('this log has no timestamps');
      else goToLine(tab.id, line);
    } catch (error) {
      setJumpError(errorText(error));
    }
  };

  const selected = tab.selection ? selectionBounds(tab.selection.anchor, tab.selection.focus) : null;
  return (
    <div className="toolbar logs-toolbar">
      <div className="logs-levels" role="group" aria-label="Level filter">
        {FILTER_LEVELS.map((level) => (
          <button
            key={level}
            type="button"
            className={`btn btn--small logs-level logs-level--${level.toLowerCase()}`}
            data-testid={`logs-level-${level}`}
            aria-pressed={tab.levels.includes(level)}
            disabled={tab.kind === 'merged'}
            onClick={() => toggleLevel(level)}
          >
            {level}
          </button>
        ))}
      </div>
      <span className={tab.follow.mode === 'following' ? 'logs-follow logs-follow--on' : 'logs-follow logs-follow--paused'} data-testid="logs-follow-state" data-mode={tab.follow.mode} role="status">
        {pausedText(tab.follow)}
      </span>
      {tab.follow.mode === 'paused' && (
        <button type="button" className="btn btn--small btn--start" data-testid="logs-follow-resume" onClick={() => followEvent(tab.id, { type: 'resume' })}>
          Resume (End)
        </button>
      )}
      <form
        className="logs-jump"
        onSubmit={(event) => {
          event.preventDefault();
          void doJump();
        }}
      >
        <input className="filter-input logs-jump-input" data-testid="logs-jump" placeholder="line or time (14:02:11)" aria-label="Jump to a line or time" value={jump} onChange={(event) => setJump(event.target.value)} />
        <button type="submit" className="btn btn--small">
          Go
        </button>
      </form>
      {jumpError && <span className="error" role="alert">{jumpError}</span>}
      <span className="logs-selection" data-testid="logs-selection">
        {selected ? `${selected[1] - selected[0] + 1} line${selected[1] === selected[0] ? '' : 's'} selected` : 'click a line, Shift+click to extend'}
      </span>
      <button type="button" className="btn btn--small" data-testid="logs-copy" disabled={!selected} onClick={props.onCopy}>
        Copy
      </button>
      <button type="button" className="btn btn--small" data-testid="logs-export" disabled={!selected} onClick={props.onExport}>
        Export .log
      </button>
      {props.note && <span className="hint" data-testid="logs-note">{props.note}</span>}
    </div>
  );
}
