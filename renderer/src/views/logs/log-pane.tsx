/** The open tab: what it shows (path, size, lines, indexing), rotation/truncation notices, the controls, search and the lines. */
import { useState, type ReactElement } from 'react';
import { formatBytes } from '../../logic/fastmon-feed.js';
import { errorText } from '../../stores/station.js';
import { useLogsStore, type LogTab } from '../../stores/logs-store.js';
import { LogList, topRowOf } from './log-list.js';
import { LogToolbar } from './log-toolbar.js';
import { SearchBar } from './search-bar.js';
import { copyText, downloadText, selectionText } from './selection.js';

export function LogPane(props: { tab: LogTab }): ReactElement {
  const { tab } = props;
  const sources = useLogsStore((state) => state.sources);
  const dismissNotice = useLogsStore((state) => state.dismissNotice);
  const [note, setNote] = useState<string | null>(null);
  const titleOf = (sourceId: string) => sources.find((s) => s.id === sourceId)?.title ?? sourceId;
  const source = tab.kind === 'source' ? sources.find((s) => s.id === tab.sourceIds[0]) : undefined;

  const withSelection = async (what: 'copy' | 'export') => {
    try {
      const picked = await selectionText(tab, titleOf);
      if (!picked) return;
      if (what === 'copy') await copyText(picked.text);
      else downloadText(picked.text, picked.fileName);
      setNote(`${what === 'copy' ? 'copied' : 'exported'} ${picked.lines} line${picked.lines === 1 ? '' : 's'}${what === 'export' ? ` to ${picked.fileName}` : ''}`);
    } catch (error) {
      setNote(`${what} failed: ${errorText(error)}`);
    }
  };

  const file = tab.file;
  return (
    <div className="logs-pane" data-testid="logs-pane" data-tab={tab.id}>
      <div className="logs-info">
        <span className="logs-path" title={source?.path ?? tab.title}>
          {source?.path ?? tab.title}
        </span>
        {file && (
          <span className="logs-facts" data-testid="logs-facts">
            {file.totalLines.toLocaleString()} lines · {formatBytes(file.bytes)}
            {!file.indexed && ' · indexing…'}
            {file.rotations > 0 && ` · rotated ${file.rotations}×`}
            {file.truncations > 0 && ` · truncated ${file.truncations}×`}
          </span>
        )}
        {tab.kind === 'merged' && (
          <span className="logs-facts" data-testid="logs-facts">
            {tab.paged?.lines.length.toLocaleString()} lines loaded, ordered by time{tab.paged?.done ? '' : ' (more as you scroll)'}
          </span>
        )}
        {tab.paged && tab.kind === 'source' && tab.paged.startLine > 1 && (
          <button type="button" className="btn btn--small" onClick={() => useLogsStore.getState().setLevels(tab.id, tab.levels, true)}>
            from line {tab.paged.startLine}: show from the start
          </button>
        )}
      </div>
      {tab.notices.map((notice) => (
        <p key={notice.id} className="logs-notice" role="alert" data-testid="logs-notice">
          {notice.text}
          <button type="button" className="btn btn--small" aria-label="dismiss" onClick={() => dismissNotice(tab.id, notice.id)}>
            ✕
          </button>
        </p>
      ))}
      {tab.error && (
        <p className="error" role="alert">
          {tab.error}
        </p>
      )}
      <LogToolbar tab={tab} note={note} onCopy={() => void withSelection('copy')} onExport={() => void withSelection('export')} />
      <SearchBar tab={tab} topRow={() => topRowOf(tab.id)} />
      <LogList tab={tab} titleOf={titleOf} onCopy={() => void withSelection('copy')} />
    </div>
  );
}
