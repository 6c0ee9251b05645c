/** The local log viewer: source picker on the left, tabs of open logs on the right. */
import { useEffect, type ReactElement } from 'react';
import { useLogsStore } from '../../stores/logs-store.js';
import { LogPane } from './log-pane.js';
import { LogTabs } from './log-tabs.js';
import { SourcePicker } from './source-picker.js';

export function LogsView(): ReactElement {
  useEffect(() => {
    // Sources change as programs run and scripts finish: list them afresh each time the view opens.
    void useLogsStore.getState().loadSources();
  }, []);
  const tab = useLogsStore((state) => state.tabs.find((t) => t.id === state.active));
  return (
    <section className="view view--logs" aria-label="Logs">
      <SourcePicker />
      <div className="logs-main">
        <LogTabs />
        {tab ? <LogPane key={tab.id} tab={tab} /> : <p className="hint logs-empty">Pick a source on the left, or open a file by its path.</p>}
      </div>
    </section>
  );
}
